//! [`Shared`]: a part of an API object that copies of the object share until one of them
//! changes it. A pod's versions (created, bound, started, ready, deleted) differ in a few
//! fields; its containers and tolerations are the bulk of it and stay as they were, so a new
//! version copies a pointer to them instead of some dozens of small allocations.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// A value shared between copies of the object that holds it; changing it through a copy
/// gives that copy its own value first (`Arc::make_mut`).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Shared<T>(Arc<T>);

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        Arc::make_mut(&mut self.0)
    }
}

impl<T> From<T> for Shared<T> {
    fn from(value: T) -> Self {
        Shared(Arc::new(value))
    }
}

impl<T: fmt::Debug> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<'a, T> IntoIterator for &'a Shared<T>
where
    &'a T: IntoIterator,
{
    type Item = <&'a T as IntoIterator>::Item;
    type IntoIter = <&'a T as IntoIterator>::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        self.0.as_ref().into_iter()
    }
}

impl<T: FromIterator<A>, A> FromIterator<A> for Shared<T> {
    fn from_iter<I: IntoIterator<Item = A>>(items: I) -> Self {
        Shared::from(T::from_iter(items))
    }
}

/// A shared value equals an unshared one with the same content.
impl<T: PartialEq> PartialEq<T> for Shared<T> {
    fn eq(&self, other: &T) -> bool {
        *self.0 == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_share_the_value_until_one_changes_it_and_then_only_that_one_differs() {
        let original: Shared<Vec<u32>> = vec![1, 2].into();
        let mut copy = original.clone();
        assert!(
            Arc::ptr_eq(&original.0, &copy.0),
            "a copy is the same value"
        );
        copy.push(3);
        assert!(!Arc::ptr_eq(&original.0, &copy.0), "changed: its own value");
        assert_eq!(original, vec![1, 2], "the original is as it was");
        assert_eq!(copy, vec![1, 2, 3]);
        assert_eq!((&copy).into_iter().sum::<u32>(), 6);
        assert_eq!([4, 5].into_iter().collect::<Shared<Vec<u32>>>(), vec![4, 5]);
        assert_eq!(
            format!("{copy:?}"),
            "[1, 2, 3]",
            "printed as the value itself"
        );
    }
}
