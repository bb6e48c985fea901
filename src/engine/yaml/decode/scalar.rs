//! Values: strings, integers, lists, string maps, quantities (numbers as kubectl's JSON
//! writes them) and int-or-percent values, each with a type error when the YAML disagrees.

use crate::engine::api::types::*;
use crate::engine::api::Quantity;
use crate::engine::quote::go_quote;
use crate::engine::yaml::context::{child, index, key_path, Ctx};
use crate::engine::yaml::node::{Node, Scalar, Value};

/// A string value.
pub fn string(ctx: &mut Ctx, node: &Node, path: &str) -> Option<String> {
    ctx.at(path, node);
    match &node.value {
        Value::Scalar(Scalar::Str(s), _) => Some(s.clone()),
        Value::Scalar(Scalar::Null, _) => None,
        _ => {
            ctx.type_error(path, node, "string");
            None
        }
    }
}

/// An integer value.
pub fn int(ctx: &mut Ctx, node: &Node, path: &str) -> Option<i64> {
    ctx.at(path, node);
    match &node.value {
        Value::Scalar(Scalar::Int(i), _) => Some(*i),
        Value::Scalar(Scalar::Null, _) => None,
        _ => {
            ctx.type_error(path, node, "integer");
            None
        }
    }
}

/// A list of items.
pub fn list<'n, T>(
    ctx: &mut Ctx,
    node: &'n Node,
    path: &str,
    mut item: impl FnMut(&mut Ctx, &'n Node, &str) -> Option<T>,
) -> Vec<T> {
    ctx.at(path, node);
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                let p = index(path, i);
                ctx.at(&p, n);
                item(ctx, n, &p)
            })
            .collect(),
        Value::Scalar(Scalar::Null, _) => Vec::new(),
        _ => {
            ctx.type_error(path, node, "array");
            Vec::new()
        }
    }
}

/// A map of strings.
pub fn string_map(ctx: &mut Ctx, node: &Node, path: &str) -> StringMap {
    let mut out = StringMap::new();
    ctx.at(path, node);
    match &node.value {
        Value::Map(entries) => {
            for (k, v) in entries {
                let p = child(path, &k.text);
                ctx.positions.entry(p.clone()).or_insert(k.pos);
                match &v.value {
                    Value::Scalar(Scalar::Str(s), _) => {
                        out.insert(k.text.clone(), s.clone());
                    }
                    // JSON null for a string value decodes as "".
                    Value::Scalar(Scalar::Null, _) => {
                        out.insert(k.text.clone(), String::new());
                    }
                    _ => ctx.type_error(&p, v, "string"),
                }
            }
        }
        Value::Scalar(Scalar::Null, _) => {}
        _ => ctx.type_error(path, node, "object"),
    }
    out
}

/// The JSON number kubectl sends for a YAML float: go-yaml reads a `float64`, which
/// `encoding/json` writes with the shortest digits, in exponent form (`1e-7`, `1e+21`)
/// below 1e-6 and from 1e21 on. So an unquoted `1e3` arrives as `1000` and `1.250` as
/// `1.25`, which matters for the text a quantity keeps (see [`Quantity`]).
///
/// Worked on the decimal digits, without floating point (whose parsing and printing would
/// add some 30 KB to the wasm): a decimal of up to 15 significant digits converts to a
/// `float64` and back to the same digits, so the shortest form is those digits without
/// leading and trailing zeros. Longer mantissas are rounded to 17 digits, the precision of a
/// `float64` (the shortest form of such a double can be a digit or two shorter). None for a
/// value a `float64` cannot hold (infinite).
fn go_json_float(text: &str) -> Option<String> {
    let text = text.replace('_', "");
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, &text[..]),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], unsigned[at + 1..].parse::<i64>().ok()?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // value = digits × 10^scale
    let mut digits: Vec<u8> = whole
        .bytes()
        .chain(fraction.bytes())
        .map(|b| b - b'0')
        .collect();
    let mut scale = exponent.checked_sub(fraction.len() as i64)?;
    let leading = digits.iter().take_while(|d| **d == 0).count();
    digits.drain(..leading);
    if digits.len() > 17 {
        let dropped = digits.len() - 17;
        let round_up = digits[17] >= 5;
        digits.truncate(17);
        scale = scale.checked_add(dropped as i64)?;
        if round_up {
            let mut at = digits.len();
            loop {
                if at == 0 {
                    digits.insert(0, 1);
                    break;
                }
                at -= 1;
                if digits[at] == 9 {
                    digits[at] = 0;
                } else {
                    digits[at] += 1;
                    break;
                }
            }
        }
    }
    while digits.last() == Some(&0) {
        digits.pop();
        scale += 1;
    }
    let sign = if negative { "-" } else { "" };
    if digits.is_empty() {
        return Some(format!("{sign}0"));
    }
    let n = digits.len() as i64;
    // The decimal exponent of the leading digit: value = d.ddd × 10^point.
    let point = scale + n - 1;
    if point > 308 {
        return None;
    }
    if point < -324 {
        return Some(format!("{sign}0"));
    }
    let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
    if !(-6..21).contains(&point) {
        let (first, rest) = text.split_at(1);
        let dot = if rest.is_empty() { "" } else { "." };
        let exp_sign = if point < 0 { '-' } else { '+' };
        return Some(format!(
            "{sign}{first}{dot}{rest}e{exp_sign}{}",
            point.abs()
        ));
    }
    Some(if point >= n - 1 {
        format!("{sign}{text}{}", "0".repeat((point - (n - 1)) as usize))
    } else if point < 0 {
        format!("{sign}0.{}{text}", "0".repeat((-point - 1) as usize))
    } else {
        let (int, frac) = text.split_at(point as usize + 1);
        format!("{sign}{int}.{frac}")
    })
}

/// A quantity: a string, an integer or a float (numbers as kubectl's JSON writes them).
pub fn quantity(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Quantity> {
    ctx.at(path, node);
    let text = match &node.value {
        Value::Scalar(Scalar::Str(s), _) => s.clone(),
        Value::Scalar(Scalar::Int(i), _) => i.to_string(),
        Value::Scalar(Scalar::Float(f), _) => go_json_float(f).unwrap_or_else(|| f.clone()),
        _ => {
            ctx.type_error(path, node, "quantity");
            return None;
        }
    };
    // Upstream `Quantity.UnmarshalJSON` trims surrounding whitespace before parsing.
    match Quantity::parse(text.trim()) {
        Ok(q) => Some(q),
        Err(e) => {
            ctx.error_at(
                path,
                node.pos,
                format!("{path}: Invalid value: {}: {e}", go_quote(&text)),
                Some("examples: 100m, 0.5, 2, 128Mi, 1Gi (suffixes are case-sensitive)".into()),
            );
            None
        }
    }
}

/// A resource list (`cpu: 100m`, `memory: 1Gi`).
pub fn resource_list(ctx: &mut Ctx, node: &Node, path: &str) -> ResourceList {
    let mut out = ResourceList::new();
    ctx.at(path, node);
    match &node.value {
        Value::Map(entries) => {
            for (k, v) in entries {
                let p = key_path(path, &k.text);
                if let Some(q) = quantity(ctx, v, &p) {
                    out.insert(k.text.clone(), q);
                }
            }
        }
        Value::Scalar(Scalar::Null, _) => {}
        _ => ctx.type_error(path, node, "object"),
    }
    out
}

/// An int-or-string value.
pub fn int_or_percent(ctx: &mut Ctx, node: &Node, path: &str) -> Option<IntOrPercent> {
    ctx.at(path, node);
    match &node.value {
        Value::Scalar(Scalar::Int(i), _) => match i32::try_from(*i) {
            Ok(v) => Some(IntOrPercent::Int(v)),
            Err(_) => {
                ctx.type_error(path, node, "int32 or string");
                None
            }
        },
        Value::Scalar(Scalar::Str(s), _) => Some(IntOrPercent::String(s.clone())),
        Value::Scalar(Scalar::Null, _) => None,
        _ => {
            ctx.type_error(path, node, "integer or string");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A quantity's text is the one the API server would parse: a YAML string as written, a
    /// YAML number as kubectl's JSON writes it.
    /// The reference: Rust's own float parsing and shortest printing, in Go's JSON layout.
    fn go_json_float_by_f64(text: &str) -> Option<String> {
        let f: f64 = text
            .replace('_', "")
            .parse()
            .ok()
            .filter(|f: &f64| f.is_finite())?;
        let abs = f.abs();
        if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
            let e = format!("{f:e}");
            let (mantissa, exp) = e.split_once('e')?;
            let sign = if exp.starts_with('-') { "" } else { "+" };
            return Some(format!("{mantissa}e{sign}{exp}"));
        }
        Some(format!("{f}"))
    }

    #[test]
    fn go_json_float_writes_the_shortest_float64_text() {
        let cases = [
            ("1e3", "1000"),
            ("1.250", "1.25"),
            ("0.5", "0.5"),
            (".5", "0.5"),
            ("1.", "1"),
            ("+1.5", "1.5"),
            ("-2.50", "-2.5"),
            ("1e-7", "1e-7"),
            ("1.5e-7", "1.5e-7"),
            ("0.000001", "0.000001"),
            ("1e21", "1e+21"),
            ("12.5e20", "1.25e+21"),
            ("999999999999999999999.0", "1e+21"),
            ("100000000000000000000.0", "100000000000000000000"),
            ("0.0", "0"),
            ("1_000.5", "1000.5"),
            ("5e0", "5"),
        ];
        for (text, want) in cases {
            assert_eq!(go_json_float(text).as_deref(), Some(want), "{text}");
        }
        for bad in ["1e400", "abc", ".", "1.2.3", "", "-"] {
            assert_eq!(go_json_float(bad), None, "{bad}");
        }
        // Agrees with float64 parsing and printing for mantissas of up to 15 digits.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let digits = 1 + next() % 15;
            let mantissa: String = (0..digits)
                .map(|_| char::from(b'0' + (next() % 10) as u8))
                .collect();
            let dot = (next() % (digits + 1)) as usize;
            let exp = (next() % 60) as i64 - 30;
            let text = format!("{}.{}e{exp}", &mantissa[..dot], &mantissa[dot..]);
            assert_eq!(go_json_float(&text), go_json_float_by_f64(&text), "{text}");
        }
    }

    #[test]
    fn quantities_print_as_the_api_server_stores_them() {
        let text = "apiVersion: v1
kind: Node
metadata: {name: node1}
status:
  allocatable:
    a: 1e3
    b: '1e3'
    c: 1.250
    d: '1.250'
    e: 0.5
    f: 2
    g: 1.5Gi
    h: 0.0000001
    i: 99999999999999999999999
    j: 1.0
    k: '+1k'
";
        let loaded = crate::engine::yaml::load(text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let node = &loaded.objects.nodes[0];
        let got: Vec<(String, String)> = node
            .status
            .allocatable
            .iter()
            .map(|(k, q)| (k.clone(), q.to_string()))
            .collect();
        let want = [
            ("a", "1k"),
            ("b", "1e3"),
            ("c", "1250m"),
            ("d", "1.250"),
            ("e", "500m"),
            ("f", "2"),
            ("g", "1536Mi"),
            ("h", "100e-9"),
            ("i", "100e21"),
            ("j", "1"),
            ("k", "+1k"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(got, want);
    }
}
