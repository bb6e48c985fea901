//! The editor's text as the state, the share link and the editor hold it: one `Rc<str>`.

use std::rc::Rc;

/// Whether two shared texts are equal, without comparing a text of megabytes with itself:
/// `Rc<str>`'s own `==` compares the contents even when both are the same allocation.
pub fn same_text(a: &Rc<str>, b: &Rc<str>) -> bool {
    Rc::ptr_eq(a, b) || a == b
}
