//! Converting an annotated document between YAML and JSON, for an output whose name asks for
//! the other format. Key order survives; YAML comments and layout cannot.
//!
//! Plain scalars are typed by the YAML 1.2 core schema, which OpenAPI prescribes: `null`,
//! `true`, `42`, `0x2A`, `1.5`, `1e3` are not strings, `2024-01-01` and `yes` are.

use serde_json::{Map, Number};
use stylebook_core::yaml::{Node, NodeKind, Scalar};

use super::Syntax;
use crate::document::Value;
use crate::yaml_writer;

/// The document `root` written in `to`.
pub(crate) fn convert(root: &Node, to: Syntax) -> String {
    match to {
        Syntax::Json => {
            let mut out = serde_json::to_string_pretty(&to_json(root)).unwrap_or_default();
            out.push('\n');
            out
        }
        Syntax::Yaml => yaml_writer::to_yaml(&to_value(root)),
    }
}

/// A plain or quoted scalar, typed.
enum Typed<'a> {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64, &'a str),
    Str(&'a str),
}

fn typed(s: &Scalar) -> Typed<'_> {
    let t = s.text.as_str();
    if !s.plain {
        return Typed::Str(t);
    }
    match t {
        "" | "~" | "null" | "Null" | "NULL" => return Typed::Null,
        "true" | "True" | "TRUE" => return Typed::Bool(true),
        "false" | "False" | "FALSE" => return Typed::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Typed::Float(f64::INFINITY, t);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Typed::Float(f64::NEG_INFINITY, t),
        ".nan" | ".NaN" | ".NAN" => return Typed::Float(f64::NAN, t),
        _ => {}
    }
    let radix = |prefix: &str, radix: u32| {
        t.strip_prefix(prefix)
            .filter(|d| !d.is_empty())
            .and_then(|d| i128::from_str_radix(d, radix).ok())
    };
    if let Some(n) = radix("0x", 16).or_else(|| radix("0o", 8)) {
        return Typed::Int(n);
    }
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    if !body.is_empty()
        && body.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = t.parse::<i128>()
    {
        return Typed::Int(n);
    }
    if is_float(body)
        && let Ok(f) = t.parse::<f64>()
    {
        return Typed::Float(f, t);
    }
    Typed::Str(t)
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the sign taken off.
fn is_float(body: &str) -> bool {
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(int)
        && digits(frac)
        && (!int.is_empty() || !frac.is_empty())
        && (!int.is_empty() || mantissa.contains('.'));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value as J;
    match &node.kind {
        NodeKind::Scalar(s) => match typed(s) {
            Typed::Null => J::Null,
            Typed::Bool(b) => J::Bool(b),
            Typed::Int(n) => i64::try_from(n)
                .map(Number::from)
                .ok()
                .or_else(|| u64::try_from(n).ok().map(Number::from))
                .map_or_else(|| J::String(s.text.clone()), J::Number),
            Typed::Float(f, raw) => {
                Number::from_f64(f).map_or_else(|| J::String(raw.to_owned()), J::Number)
            }
            Typed::Str(t) => J::String(t.to_owned()),
        },
        NodeKind::Seq(items) => J::Array(items.iter().map(to_json).collect()),
        NodeKind::Map(entries) => {
            let mut map = Map::with_capacity(entries.len());
            for (k, v) in entries {
                let key = k.as_scalar().map_or_else(String::new, |s| s.text.clone());
                map.insert(key, to_json(v));
            }
            J::Object(map)
        }
    }
}

fn to_value(node: &Node) -> Value<'_> {
    match &node.kind {
        NodeKind::Scalar(s) => match typed(s) {
            Typed::Null => Value::Null,
            Typed::Bool(b) => Value::Bool(b),
            // The writer's `Timestamp` is its verbatim scalar: written unquoted in YAML.
            Typed::Int(n) => Value::Timestamp(n.to_string().into()),
            Typed::Float(f, raw) if f.is_finite() => Value::Timestamp(yaml_float(raw).into()),
            Typed::Float(..) => Value::Timestamp(s.text.as_str().into()),
            Typed::Str(t) => Value::from(t),
        },
        NodeKind::Seq(items) => Value::Seq(items.iter().map(to_value).collect()),
        NodeKind::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = k.as_scalar().map_or("", |s| s.text.as_str());
                    (key.into(), to_value(v))
                })
                .collect(),
        ),
    }
}

/// A float as both YAML 1.1 and 1.2 readers take it: a dot in the mantissa and a signed
/// exponent (`1e5` becomes `1.0e+5`).
fn yaml_float(raw: &str) -> String {
    let Some(i) = raw.find(['e', 'E']) else {
        return raw.to_owned();
    };
    let (mantissa, exponent) = (&raw[..i], &raw[i + 1..]);
    let mut out = mantissa.to_owned();
    if !mantissa.contains('.') {
        out.push_str(".0");
    }
    out.push('e');
    if !exponent.starts_with(['-', '+']) {
        out.push('+');
    }
    out.push_str(exponent);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use stylebook_core::yaml::parse;

    fn both(text: &str) -> (String, String) {
        let root = parse(text, 0).unwrap().unwrap();
        (convert(&root, Syntax::Json), convert(&root, Syntax::Yaml))
    }

    #[test]
    fn scalars_are_typed_by_the_core_schema() {
        let (json, yaml) = both(
            "a: 1\nb: '1'\nc: 1.5\nd: 1e3\ne: true\nf: yes\ng: ~\nh: 0x1F\ni: 2024-01-01\nj: .inf\n'200': x\n",
        );
        assert_eq!(
            json,
            "{\n  \"a\": 1,\n  \"b\": \"1\",\n  \"c\": 1.5,\n  \"d\": 1000.0,\n  \"e\": true,\n  \"f\": \"yes\",\n  \"g\": null,\n  \"h\": 31,\n  \"i\": \"2024-01-01\",\n  \"j\": \".inf\",\n  \"200\": \"x\"\n}\n"
        );
        assert_eq!(
            yaml,
            "a: 1\nb: '1'\nc: 1.5\nd: 1.0e+3\ne: true\nf: 'yes'\ng: null\nh: 31\ni: '2024-01-01'\nj: .inf\n'200': x\n"
        );
    }

    #[test]
    fn json_becomes_block_yaml() {
        let (_, yaml) =
            both("{\"openapi\": \"3.0.3\", \"paths\": {\"/a\": {\"get\": {}}}, \"n\": [1, -2.5]}");
        assert_eq!(
            yaml,
            "openapi: 3.0.3\npaths:\n  /a:\n    get: {}\n'n':\n  - 1\n  - -2.5\n"
        );
    }
}
