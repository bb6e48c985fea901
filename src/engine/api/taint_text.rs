//! Taints as text, the way `kubectl` writes and reads them: `Taint.ToString()`
//! (`key=value:Effect`, `key:Effect`) and `kubectl taint`'s `parseTaints`.

use super::types::{Taint, TaintEffect};
use super::validation::{is_qualified_name, is_valid_label_value};

/// The taint as `kubectl` prints it: `key=value:Effect`, or `key:Effect` without a value.
pub fn format_taint(taint: &Taint) -> String {
    format_taint_parts(&taint.key, &taint.value, taint.effect.as_str())
}

/// [`format_taint`] from the taint's parts.
pub fn format_taint_parts(key: &str, value: &str, effect: &str) -> String {
    if value.is_empty() {
        format!("{key}:{effect}")
    } else {
        format!("{key}={value}:{effect}")
    }
}

/// The taints to add that `kubectl taint nodes NODE SPEC...` reads (`parseTaints`): each
/// spec is `key=value:Effect` or `key:Effect`, the reverse of [`format_taint`]. The first
/// spec that does not parse, or that repeats a key and effect, fails with kubectl's message.
pub fn parse_taints<'a>(specs: impl IntoIterator<Item = &'a str>) -> Result<Vec<Taint>, String> {
    let mut taints: Vec<Taint> = Vec::new();
    for spec in specs {
        let (key, value, effect) = parse_taint(spec)?;
        // A key alone can only name a taint to remove: adding one needs an effect.
        let effect = effect.ok_or_else(|| format!("invalid taint spec: {spec}"))?;
        if taints.iter().any(|t| t.key == key && t.effect == effect) {
            // Go's `%v` of the `corev1.Taint` (key, value, effect, a nil timeAdded).
            return Err(format!(
                "duplicated taints with the same key and effect: {{{key} {value} {} <nil>}}",
                effect.as_str()
            ));
        }
        taints.push(Taint {
            key: key.to_owned(),
            value: value.to_owned(),
            effect,
            time_added: None,
        });
    }
    Ok(taints)
}

/// kubectl's `parseTaint`: `key=value:Effect`, `key:Effect` or `key` (no effect), with the
/// key a qualified name and the value a label value.
fn parse_taint(spec: &str) -> Result<(&str, &str, Option<TaintEffect>), String> {
    let invalid = || format!("invalid taint spec: {spec}");
    let parts: Vec<&str> = spec.split(':').collect();
    let (key, value, effect) = match parts.as_slice() {
        [key] => (*key, "", None),
        [key_value, effect] => {
            let effect = TaintEffect::parse(effect).ok_or_else(|| {
                format!("invalid taint effect: {effect}, unsupported taint effect")
            })?;
            let key_value: Vec<&str> = key_value.split('=').collect();
            match key_value.as_slice() {
                [key] => (*key, "", Some(effect)),
                [key, value] => {
                    let errors = is_valid_label_value(value);
                    if !errors.is_empty() {
                        return Err(format!("{}, {}", invalid(), errors.join("; ")));
                    }
                    (*key, *value, Some(effect))
                }
                _ => return Err(invalid()),
            }
        }
        _ => return Err(invalid()),
    };
    let errors = is_qualified_name(key);
    if !errors.is_empty() {
        return Err(format!("{}, {}", invalid(), errors.join("; ")));
    }
    Ok((key, value, effect))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follows upstream `TestParseTaints` (kubectl/pkg/cmd/taint/utils_test.go) for the
    /// taints to add, with kubectl's messages; a removal spec (`key-`) is not a taint to add.
    #[test]
    fn taints_are_read_as_kubectl_taint_reads_them() {
        const NAME_PART: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        const LABEL_VALUE: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
        // (case, specs, the taints as kubectl prints them or the error)
        type Case = (
            &'static str,
            Vec<&'static str>,
            Result<Vec<&'static str>, String>,
        );
        let cases: Vec<Case> = vec![
            (
                "an empty spec has no key",
                vec![""],
                Err(format!(
                    "invalid taint spec: , name part must be non-empty; {NAME_PART}"
                )),
            ),
            (
                "a key and value without an effect is not a key",
                vec!["foo=abc"],
                Err(format!("invalid taint spec: foo=abc, {NAME_PART}")),
            ),
            (
                "two equals signs are an invalid spec",
                vec!["foo=abc=xyz:NoSchedule"],
                Err("invalid taint spec: foo=abc=xyz:NoSchedule".into()),
            ),
            (
                "two colons are an invalid spec",
                vec!["foo=abc:xyz:NoSchedule"],
                Err("invalid taint spec: foo=abc:xyz:NoSchedule".into()),
            ),
            (
                "a key alone cannot be added",
                vec!["foo"],
                Err("invalid taint spec: foo".into()),
            ),
            (
                "an unknown effect is refused",
                vec!["foo=abc:invalid_effect"],
                Err("invalid taint effect: invalid_effect, unsupported taint effect".into()),
            ),
            (
                "a removal spec is not a taint to add",
                vec!["foo:NoSchedule-"],
                Err("invalid taint effect: NoSchedule-, unsupported taint effect".into()),
            ),
            (
                "a value must be a label value",
                vec!["foo=-abc:NoSchedule"],
                Err(format!(
                    "invalid taint spec: foo=-abc:NoSchedule, {LABEL_VALUE}"
                )),
            ),
            (
                "the same key and effect twice is refused",
                vec!["foo=abc:NoSchedule", "foo=xyz:NoSchedule"],
                Err(
                    "duplicated taints with the same key and effect: {foo xyz NoSchedule <nil>}"
                        .into(),
                ),
            ),
            (
                "add new taints",
                vec![
                    "foo=abc:NoSchedule",
                    "bar=abc:NoSchedule",
                    "baz:NoSchedule",
                    "qux:NoSchedule",
                    "foobar=:NoSchedule",
                ],
                Ok(vec![
                    "foo=abc:NoSchedule",
                    "bar=abc:NoSchedule",
                    "baz:NoSchedule",
                    "qux:NoSchedule",
                    "foobar:NoSchedule",
                ]),
            ),
            (
                "one key may have a taint per effect",
                vec!["foo=abc:NoSchedule", "foo:NoExecute"],
                Ok(vec!["foo=abc:NoSchedule", "foo:NoExecute"]),
            ),
            (
                "a prefixed key reads back as it is printed",
                vec!["node-role.kubernetes.io/control-plane:NoSchedule"],
                Ok(vec!["node-role.kubernetes.io/control-plane:NoSchedule"]),
            ),
            ("no specs are no taints", vec![], Ok(vec![])),
        ];
        for (name, specs, expected) in cases {
            let got = parse_taints(specs).map(|t| t.iter().map(format_taint).collect::<Vec<_>>());
            let expected = expected.map(|t| t.into_iter().map(String::from).collect::<Vec<_>>());
            assert_eq!(got, expected, "{name}");
        }
    }
}
