//! js-yaml 3's typing of plain scalars, the one copy that the readers and the YAML writer share.
//!
//! The reference builder read its catalog with js-yaml 3 (`safeLoad`, the DEFAULT_SAFE schema)
//! and wrote it with js-yaml 3 (`dump`). Both go through the same implicit types, tried in this
//! order: null, bool, int, float, timestamp, merge. The loader gives a plain scalar the first
//! type whose `resolve` accepts its text; the dumper quotes a string when any of them accepts
//! it. [`resolve_plain`] is a port of those `resolve` functions (js-yaml 3.14/3.15), and
//! [`is_ambiguous`] is the dumper's question. [`js_number`] and [`js_number_string`] give the
//! number a plain scalar constructs and the string JavaScript makes of it, which is what a
//! numeric mapping key becomes (`1e3:` is the key `1000`).
//!
//! A differential test against js-yaml itself runs from the CI gate (`.ci/js-yaml-check.sh`).

use std::borrow::Cow;

/// What a plain scalar means under js-yaml 3's DEFAULT_SAFE schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// `null`, `Null`, `NULL`, `~`, or nothing.
    Null,
    /// `true` / `false` in their three spellings (`yes` and `on` are strings).
    Bool,
    /// An integer: decimal, `0b` binary, `0x` hexadecimal, `0` octal or sexagesimal (`1:30`).
    Int,
    /// A float (`1.5`, `1e3`, `.5`, `1:30.5`), `.inf` or `.nan`.
    Float,
    /// A date `YYYY-MM-DD` or a timestamp with a time of day.
    Timestamp,
    /// Anything else: a string.
    Str,
}

/// The merge key, `<<`: a mapping key written so merges another mapping into its own.
pub const MERGE_KEY: &str = "<<";

/// Resolves a plain scalar as js-yaml 3 does. The empty text is an empty node, which is null.
pub fn resolve_plain(text: &str) -> Resolved {
    let bytes = text.as_bytes();
    // Every non-string starts with one of these; most text is done after one look.
    match bytes.first() {
        None => return Resolved::Null,
        Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F') => {
        }
        Some(_) => return Resolved::Str,
    }
    if is_null(text) {
        Resolved::Null
    } else if is_bool(text) {
        Resolved::Bool
    } else if is_int(bytes) {
        Resolved::Int
    } else if is_float(bytes) {
        Resolved::Float
    } else if is_timestamp(bytes) {
        Resolved::Timestamp
    } else {
        Resolved::Str
    }
}

/// Whether the implicit type `want` accepts `text` on its own, as js-yaml 3 asks of a scalar
/// with an explicit tag (`!!float 1` is a float; `!!int 1.5` is an error there).
pub(crate) fn resolves_as(text: &str, want: Resolved) -> bool {
    let bytes = text.as_bytes();
    match want {
        Resolved::Null => is_null(text),
        Resolved::Bool => is_bool(text),
        Resolved::Int => is_int(bytes),
        Resolved::Float => is_float(bytes),
        Resolved::Timestamp => is_timestamp(bytes),
        Resolved::Str => true,
    }
}

/// Whether js-yaml 3's dumper must quote `text` to keep it a string: some implicit type,
/// the merge key included, would claim it written plain. (The dumper never asks about the
/// empty string, which it always quotes.)
pub fn is_ambiguous(text: &str) -> bool {
    text == MERGE_KEY || resolve_plain(text) != Resolved::Str
}

/// The number js-yaml 3 constructs from a plain scalar that resolves to [`Resolved::Int`] or
/// [`Resolved::Float`], as JavaScript holds it (a double). `None` for any other text.
///
/// Integers of more than 128 bits in binary, octal or hexadecimal are rounded less carefully
/// than JavaScript's `parseInt` rounds them; no catalog writes such keys.
pub fn js_number(text: &str) -> Option<f64> {
    match resolve_plain(text) {
        // A float spelled like an integer (`!!float 1`) is the same number.
        Resolved::Int => Some(construct_int(text)),
        Resolved::Float => Some(construct_float(text)),
        _ => None,
    }
}

/// What JavaScript's `String(number)` writes: `1000`, `0.001`, `1e+21`, `1.5e-7`, `NaN`,
/// `Infinity`, `-Infinity` (and `0` for minus zero).
pub fn js_number_string(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if value == 0.0 {
        return "0".to_owned();
    }
    let mut out = String::new();
    if value < 0.0 {
        out.push('-');
    }
    // Rust's shortest round-trip digits, the same digits ECMAScript asks for.
    let scientific = format!("{:e}", value.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i64;
    // value = 0.digits × 10^n
    let n = exponent.parse::<i64>().unwrap_or(0) + 1;
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if n - 1 < 0 { '-' } else { '+' });
        out.push_str(&(n - 1).abs().to_string());
    }
    out
}

/// The key a plain scalar makes in a JavaScript object, where js-yaml 3 stores mappings:
/// `String(value)`. `null:` is the key `null`, `1e3:` the key `1000`, `0x1F:` the key `31`.
/// `None` for a timestamp, whose string depends on the reader's time zone.
pub fn js_key(text: &str) -> Option<Cow<'_, str>> {
    Some(match resolve_plain(text) {
        Resolved::Str => Cow::Borrowed(text),
        Resolved::Null => Cow::Borrowed("null"),
        Resolved::Bool => Cow::Borrowed(if text.starts_with(['t', 'T']) {
            "true"
        } else {
            "false"
        }),
        Resolved::Int => Cow::Owned(js_number_string(construct_int(text))),
        Resolved::Float => Cow::Owned(js_number_string(construct_float(text))),
        Resolved::Timestamp => return None,
    })
}

/// Whether JavaScript puts this property key before all others: an array index, the
/// canonical decimal form of an integer from 0 to 2^32 - 2. Objects list those keys first, in
/// numeric order, and the rest in insertion order.
pub(crate) fn is_array_index(key: &str) -> bool {
    let b = key.as_bytes();
    let canonical = match b {
        [] => false,
        [b'0'] => true,
        [b'1'..=b'9', rest @ ..] => rest.len() < 10 && rest.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    canonical && key.parse::<u64>().is_ok_and(|n| n < u64::from(u32::MAX))
}

fn is_null(text: &str) -> bool {
    matches!(text, "~" | "null" | "Null" | "NULL")
}

fn is_bool(text: &str) -> bool {
    matches!(text, "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
}

/// A port of js-yaml 3's `resolveYamlInteger`.
fn is_int(s: &[u8]) -> bool {
    let max = s.len();
    let mut index = 0;
    let mut ch = s.first().copied();
    if matches!(ch, Some(b'-' | b'+')) {
        index += 1;
        ch = s.get(index).copied();
    }
    if ch == Some(b'0') {
        if index + 1 == max {
            return true;
        }
        index += 1;
        ch = s.get(index).copied();
        let digit: fn(u8) -> bool = match ch {
            Some(b'b') => {
                index += 1;
                |c| c == b'0' || c == b'1'
            }
            Some(b'x') => {
                index += 1;
                |c| c.is_ascii_hexdigit()
            }
            _ => |c| (b'0'..=b'7').contains(&c),
        };
        let mut has_digits = false;
        for &c in &s[index..] {
            ch = Some(c);
            if c == b'_' {
                continue;
            }
            if !digit(c) {
                return false;
            }
            has_digits = true;
        }
        return has_digits && ch != Some(b'_');
    }
    if ch == Some(b'_') {
        return false;
    }
    let mut has_digits = false;
    while index < max {
        let c = s[index];
        ch = Some(c);
        if c == b':' {
            break;
        }
        if c != b'_' {
            if !c.is_ascii_digit() {
                return false;
            }
            has_digits = true;
        }
        index += 1;
    }
    if !has_digits || ch == Some(b'_') {
        return false;
    }
    if ch != Some(b':') {
        return true;
    }
    // /^(:[0-5]?[0-9])+$/ on the rest.
    let mut rest = &s[index..];
    while let [b':', tail @ ..] = rest {
        rest = match tail {
            [b'0'..=b'5', b'0'..=b'9', more @ ..] => more,
            [b'0'..=b'9', more @ ..] => more,
            _ => return false,
        };
    }
    rest.is_empty()
}

/// A port of js-yaml 3's `resolveYamlFloat`: its pattern, then no `_` at the end.
fn is_float(s: &[u8]) -> bool {
    if s.last() == Some(&b'_') {
        return false;
    }
    let unsigned = match s {
        [b'-' | b'+', rest @ ..] => rest,
        _ => s,
    };
    float_decimal(unsigned)
        || float_fraction_only(s)
        || float_sexagesimal(unsigned)
        || matches!(unsigned, b".inf" | b".Inf" | b".INF")
        || matches!(s, b".nan" | b".NaN" | b".NAN")
}

/// `(?:0|[1-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?`, the sign already taken.
fn float_decimal(s: &[u8]) -> bool {
    let digit_or_separator = |b: &u8| b.is_ascii_digit() || *b == b'_';
    let rest = match s {
        [b'0', rest @ ..] => rest,
        [b'1'..=b'9', rest @ ..] => skip(rest, digit_or_separator),
        _ => return false,
    };
    let rest = match rest {
        [b'.', rest @ ..] => skip(rest, digit_or_separator),
        _ => rest,
    };
    rest.is_empty() || exponent(rest)
}

/// `\.[0-9_]+(?:[eE][-+]?[0-9]+)?`, with no sign.
fn float_fraction_only(s: &[u8]) -> bool {
    let [b'.', rest @ ..] = s else {
        return false;
    };
    let after = skip(rest, |b| b.is_ascii_digit() || *b == b'_');
    after.len() < rest.len() && (after.is_empty() || exponent(after))
}

/// `[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*`, the sign already taken.
fn float_sexagesimal(s: &[u8]) -> bool {
    let [b'0'..=b'9', rest @ ..] = s else {
        return false;
    };
    let mut rest = skip(rest, |b| b.is_ascii_digit() || *b == b'_');
    let mut groups = 0;
    while let [b':', tail @ ..] = rest {
        rest = match tail {
            [b'0'..=b'5', b'0'..=b'9', more @ ..] => more,
            [b'0'..=b'9', more @ ..] => more,
            _ => return false,
        };
        groups += 1;
    }
    match rest {
        [b'.', tail @ ..] if groups > 0 => {
            skip(tail, |b| b.is_ascii_digit() || *b == b'_').is_empty()
        }
        _ => false,
    }
}

/// `[eE][-+]?[0-9]+` and nothing after.
fn exponent(s: &[u8]) -> bool {
    let [b'e' | b'E', rest @ ..] = s else {
        return false;
    };
    let rest = match rest {
        [b'-' | b'+', rest @ ..] => rest,
        _ => rest,
    };
    !rest.is_empty() && rest.iter().all(u8::is_ascii_digit)
}

fn skip(s: &[u8], accept: impl Fn(&u8) -> bool) -> &[u8] {
    let n = s.iter().take_while(|b| accept(b)).count();
    &s[n..]
}

/// js-yaml 3's date (`YYYY-MM-DD`) and timestamp patterns.
fn is_timestamp(s: &[u8]) -> bool {
    let digits = |s: &[u8], min: usize, max: usize| -> usize {
        let n = s
            .iter()
            .take(max)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if n >= min { n } else { usize::MAX }
    };
    // The date-only form needs two-digit months and days.
    if s.len() == 10
        && s[4] == b'-'
        && s[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| s[i].is_ascii_digit())
    {
        return true;
    }
    let mut rest = s;
    let take = |min: usize, max: usize, rest: &mut &[u8]| -> bool {
        let n = digits(rest, min, max);
        if n == usize::MAX {
            return false;
        }
        *rest = &rest[n..];
        true
    };
    let expect = |c: u8, rest: &mut &[u8]| -> bool {
        match rest.split_first() {
            Some((&first, tail)) if first == c => {
                *rest = tail;
                true
            }
            _ => false,
        }
    };
    if !(take(4, 4, &mut rest)
        && expect(b'-', &mut rest)
        && take(1, 2, &mut rest)
        && expect(b'-', &mut rest)
        && take(1, 2, &mut rest))
    {
        return false;
    }
    // [Tt] or one or more blanks.
    match rest {
        [b'T' | b't', tail @ ..] => rest = tail,
        [b' ' | b'\t', ..] => rest = skip(rest, |b| *b == b' ' || *b == b'\t'),
        _ => return false,
    }
    if !(take(1, 2, &mut rest)
        && expect(b':', &mut rest)
        && take(2, 2, &mut rest)
        && expect(b':', &mut rest)
        && take(2, 2, &mut rest))
    {
        return false;
    }
    if let [b'.', tail @ ..] = rest {
        rest = skip(tail, u8::is_ascii_digit);
    }
    if rest.is_empty() {
        return true;
    }
    rest = skip(rest, |b| *b == b' ' || *b == b'\t');
    match rest {
        [b'Z'] => true,
        [b'-' | b'+', tail @ ..] => {
            let mut zone: &[u8] = tail;
            take(1, 2, &mut zone)
                && (zone.is_empty()
                    || (expect(b':', &mut zone) && take(2, 2, &mut zone) && zone.is_empty()))
        }
        _ => false,
    }
}

/// js-yaml 3's `constructYamlInteger`, for text [`is_int`] accepts.
fn construct_int(text: &str) -> f64 {
    let value: String = text.chars().filter(|&c| c != '_').collect();
    let (sign, value) = match value.as_bytes().first() {
        Some(b'-') => (-1.0, &value[1..]),
        Some(b'+') => (1.0, &value[1..]),
        _ => (1.0, value.as_str()),
    };
    if value == "0" {
        return 0.0;
    }
    if let Some(rest) = value.strip_prefix("0b") {
        return sign * parse_radix(rest, 2);
    }
    if let Some(rest) = value.strip_prefix("0x") {
        return sign * parse_radix(rest, 16);
    }
    if let Some(rest) = value.strip_prefix('0') {
        return sign * parse_radix(rest, 8);
    }
    if value.contains(':') {
        return sign * sexagesimal(value);
    }
    sign * value.parse::<f64>().unwrap_or(f64::NAN)
}

/// js-yaml 3's `constructYamlFloat`, for text [`is_float`] accepts.
fn construct_float(text: &str) -> f64 {
    let value: String = text
        .chars()
        .filter(|&c| c != '_')
        .collect::<String>()
        .to_ascii_lowercase();
    let (sign, value) = match value.as_bytes().first() {
        Some(b'-') => (-1.0, &value[1..]),
        Some(b'+') => (1.0, &value[1..]),
        _ => (1.0, value.as_str()),
    };
    match value {
        ".inf" => sign * f64::INFINITY,
        ".nan" => f64::NAN,
        _ if value.contains(':') => sign * sexagesimal(value),
        _ => sign * parse_float_prefix(value),
    }
}

/// `parseInt(digits, radix)` for digits that are all valid in `radix`.
fn parse_radix(digits: &str, radix: u32) -> f64 {
    match u128::from_str_radix(digits, radix) {
        // u128 -> f64 rounds to nearest, ties to even, as JavaScript does.
        Ok(n) => n as f64,
        Err(_) => digits.chars().fold(0.0, |acc, c| {
            acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0))
        }),
    }
}

/// `1:30:15` as js-yaml sums it: each part times a growing power of 60, in doubles.
fn sexagesimal(value: &str) -> f64 {
    let mut total = 0.0;
    let mut base = 1.0;
    for part in value.rsplit(':') {
        total += parse_float_prefix(part) * base;
        base *= 60.0;
    }
    total
}

/// `parseFloat` of a float body that the pattern accepted (`1.`, `.5`, `1e5`, `30`).
fn parse_float_prefix(text: &str) -> f64 {
    text.parse::<f64>().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expectations taken from js-yaml 3.15.2: the type its loader gives each plain scalar and
    /// `String(value)` of what it constructs (the key it makes), `-` for a timestamp.
    #[test]
    fn plain_scalars_resolve_like_js_yaml() {
        let cases: &[(&str, Resolved, &str)] = &[
            ("", Resolved::Null, "null"),
            ("~", Resolved::Null, "null"),
            ("Null", Resolved::Null, "null"),
            ("nULL", Resolved::Str, "nULL"),
            ("true", Resolved::Bool, "true"),
            ("FALSE", Resolved::Bool, "false"),
            ("yes", Resolved::Str, "yes"),
            ("404", Resolved::Int, "404"),
            ("+0", Resolved::Int, "0"),
            ("-0", Resolved::Int, "0"),
            ("0755", Resolved::Int, "493"),
            ("08", Resolved::Str, "08"),
            ("0x1F", Resolved::Int, "31"),
            ("-0x1F", Resolved::Int, "-31"),
            ("0x1F_", Resolved::Str, "0x1F_"),
            ("0b101", Resolved::Int, "5"),
            ("0b", Resolved::Str, "0b"),
            ("0_", Resolved::Str, "0_"),
            ("1_000", Resolved::Int, "1000"),
            ("1_", Resolved::Str, "1_"),
            ("_1", Resolved::Str, "_1"),
            ("1:30", Resolved::Int, "90"),
            ("1_:30", Resolved::Int, "90"),
            ("1:60", Resolved::Str, "1:60"),
            ("1:", Resolved::Str, "1:"),
            ("1.5", Resolved::Float, "1.5"),
            ("1.", Resolved::Float, "1"),
            ("0.", Resolved::Float, "0"),
            ("-0.0", Resolved::Float, "0"),
            ("1e3", Resolved::Float, "1000"),
            ("1e-3", Resolved::Float, "0.001"),
            ("1E+3", Resolved::Float, "1000"),
            ("0e5", Resolved::Float, "0"),
            ("1e999", Resolved::Float, "Infinity"),
            ("1e21", Resolved::Float, "1e+21"),
            ("1.5e-7", Resolved::Float, "1.5e-7"),
            ("123456789e-15", Resolved::Float, "1.23456789e-7"),
            ("1e", Resolved::Str, "1e"),
            (".5", Resolved::Float, "0.5"),
            ("._", Resolved::Str, "._"),
            ("._1", Resolved::Float, "0.1"),
            ("-.5", Resolved::Str, "-.5"),
            ("+.5", Resolved::Str, "+.5"),
            ("01.5", Resolved::Str, "01.5"),
            ("1.5_", Resolved::Str, "1.5_"),
            ("1:30.5", Resolved::Float, "90.5"),
            ("190:20:30.15", Resolved::Float, "685230.15"),
            (".inf", Resolved::Float, "Infinity"),
            ("-.Inf", Resolved::Float, "-Infinity"),
            ("+.INF", Resolved::Float, "Infinity"),
            (".NaN", Resolved::Float, "NaN"),
            ("-.nan", Resolved::Str, "-.nan"),
            ("2015-01-15", Resolved::Timestamp, "-"),
            ("2015-1-5", Resolved::Str, "2015-1-5"),
            ("2015-1-5T1:02:03", Resolved::Timestamp, "-"),
            ("2001-12-14 21:59:43.10 -5", Resolved::Timestamp, "-"),
            ("2001-12-14t21:59:43.10-05:00", Resolved::Timestamp, "-"),
            ("2001-12-14 21:59:43 Z", Resolved::Timestamp, "-"),
            (
                "2001-12-14 21:59:43 +530",
                Resolved::Str,
                "2001-12-14 21:59:43 +530",
            ),
            ("<<", Resolved::Str, "<<"),
            (
                "3.5.2 TrackingID Header",
                Resolved::Str,
                "3.5.2 TrackingID Header",
            ),
            ("-", Resolved::Str, "-"),
        ];
        for &(text, want, key) in cases {
            assert_eq!(resolve_plain(text), want, "{text:?}");
            let got = js_key(text).map_or_else(|| "-".to_owned(), Cow::into_owned);
            assert_eq!(got, key, "key of {text:?}");
        }
        assert!(is_ambiguous("<<"));
        assert!(!is_ambiguous("-.5"));
    }

    #[test]
    fn numbers_print_like_javascript() {
        for (value, want) in [
            (1000.0, "1000"),
            (0.001, "0.001"),
            (1e-7, "1e-7"),
            (1.5e21, "1.5e+21"),
            (123_456_789_012_345_680_000.0, "123456789012345680000"),
            (-2.5, "-2.5"),
            (0.1 + 0.2, "0.30000000000000004"),
            (-0.0, "0"),
        ] {
            assert_eq!(js_number_string(value), want, "{value}");
        }
    }

    #[test]
    fn array_indexes() {
        for key in ["0", "404", "4294967294"] {
            assert!(is_array_index(key), "{key}");
        }
        for key in ["", "00", "0404", "-1", "4294967295", "1e3", "a1"] {
            assert!(!is_array_index(key), "{key}");
        }
    }
}
