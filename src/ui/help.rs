//! The header's "?" button and its help: how to paste a real cluster (the command to run,
//! that nothing leaves the browser, and that secrets are never needed). A native popover:
//! the button opens it, Escape or a click outside closes it.

use yew::prelude::*;

use super::i18n::{tr, Lang};

/// What to run for a cluster to paste.
pub const DUMP_COMMAND: &str =
    "kubectl get nodes,pods,deployments,replicasets,daemonsets,statefulsets,pdb -A -o yaml";

/// The "?" button and its help popover (drawn with the header).
pub fn help(lang: Lang) -> Html {
    html! {
        <>
        <button class="btn" popovertarget="help" title={tr(lang, "help")} aria-label={tr(lang, "help")}>{ "?" }</button>
        <div id="help" popover="" class="help-dialog" role="dialog" aria-labelledby="help-title">
            <h2 id="help-title">{ tr(lang, "help_title") }</h2>
            <p>{ tr(lang, "help_paste") }</p>
            <code class="help-command">{ DUMP_COMMAND }</code>
            <p>{ tr(lang, "help_private") }</p>
            <button class="btn" popovertarget="help" popovertargetaction="hide">{ tr(lang, "close") }</button>
        </div>
        </>
    }
}
