//! A `KubeSchedulerConfiguration` document: decoded with positions and unknown-field
//! warnings, defaulted (`SetDefaults_KubeSchedulerConfiguration`) and validated with
//! upstream's messages, each error at the line of the field it names (or of its closest
//! written ancestor, for the entries defaulting adds). The fields kubeplay keeps but does
//! not simulate are listed as warnings.

use crate::engine::api::scheduler_config::{KubeSchedulerConfiguration, API_VERSION};
use crate::engine::diagnostic::Severity;
use crate::engine::quote::go_quote;

use super::context::{Ctx, Diag};
use super::decode::fields::Fields;
use super::decode::scheduler_configuration::configuration;
use super::node::Node;
use defaults::set_defaults;
use validation::validate;

pub mod defaults;
pub mod validation;

fn not_simulated(ctx: &mut Ctx, path: &str) {
    ctx.diags.push(Diag {
        severity: Severity::Warning,
        message: format!("{path} is kept but not simulated"),
        path: Some(path.to_string()),
        pos: ctx.pos_of(path),
        hint: None,
    });
}

/// The defaulted configuration of `root` if it decodes and validates, and the diagnostics.
pub fn read(root: &Node) -> (Option<KubeSchedulerConfiguration>, Vec<Diag>) {
    let mut ctx = Ctx::default();
    ctx.at("", root);
    let Some(mut f) = Fields::open(&mut ctx, root, "") else {
        return (None, ctx.diags);
    };
    let api_version = f.string(&mut ctx, "apiVersion").unwrap_or_default();
    f.string(&mut ctx, "kind");
    if api_version != API_VERSION {
        let pos = ctx.pos_of("apiVersion");
        ctx.error_at(
            "apiVersion",
            pos,
            format!(
                "no kind \"KubeSchedulerConfiguration\" is registered for version {}",
                go_quote(&api_version)
            ),
            Some(format!("use apiVersion: {API_VERSION}")),
        );
        return (None, ctx.diags);
    }
    let mut config = configuration(&mut ctx, f);
    if ctx.has_errors() {
        return (None, ctx.diags);
    }
    for field in &config.not_simulated {
        not_simulated(&mut ctx, field);
    }
    for (i, profile) in config.profiles.iter().enumerate() {
        for point in profile.plugins.iter().flat_map(|p| &p.not_simulated) {
            not_simulated(&mut ctx, &format!("profiles[{i}].plugins.{point}"));
        }
    }
    set_defaults(&mut config);
    for e in validate(&config) {
        let pos = ctx.pos_of(&e.path);
        ctx.error_at(&e.path, pos, e.message, None);
    }
    if ctx.has_errors() {
        return (None, ctx.diags);
    }
    (Some(config), ctx.diags)
}
