//! The output document model: the ordered tree that every writer of this crate serialises.
//!
//! A [`Value`] is what the reference builder held in memory just before it called
//! `JSON.stringify` or js-yaml's `dump`: strings, booleans, nulls, dates, arrays and objects
//! whose keys keep their insertion order. Numbers are left out on purpose, because no
//! catalog output contains one.
//!
//! Strings and keys are [`Cow`]s: a document borrows the catalog's text and the writers'
//! literal keys instead of copying them, so building a document allocates little more than
//! its lists and the links it formats.

use std::borrow::Cow;

/// An ordered document, as the writers see it.
///
/// Mappings are a list of `(key, value)` pairs so that the order in which the builder
/// inserted keys is the order in which they are written. Keys are expected to be unique;
/// the writers do not check it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// The null value: `null` in both YAML and JSON.
    Null,
    /// A boolean: `true` or `false` in both YAML and JSON.
    Bool(bool),
    /// A string, quoted by each writer as its format requires.
    Str(Cow<'a, str>),
    /// A timestamp already formatted as js `Date.toISOString()` text, e.g.
    /// `2015-01-15T00:00:00.000Z`: dumped unquoted in YAML, as a string in JSON.
    Timestamp(Cow<'a, str>),
    /// A sequence, written in order.
    Seq(Vec<Value<'a>>),
    /// A mapping, written in insertion order.
    Map(Entries<'a>),
}

/// The entries of a [`Value::Map`], in order.
pub(crate) type Entries<'a> = Vec<(Cow<'a, str>, Value<'a>)>;

/// Builds a [`Value::Map`] one entry at a time, keeping insertion order.
///
/// ```
/// # use stylebook_export::{MapBuilder, Value};
/// let topic = MapBuilder::new().entry("id", "cors").entry("deprecated", false).build();
/// assert_eq!(topic.get("id").and_then(Value::as_str), Some("cors"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MapBuilder<'a> {
    entries: Entries<'a>,
}

impl<'a> Value<'a> {
    /// Returns the string inside a [`Value::Str`] or [`Value::Timestamp`].
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(text) | Value::Timestamp(text) => Some(text),
            _ => None,
        }
    }

    /// Returns the value stored under `key` when `self` is a mapping holding it.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The same document owning all its text, free of what it borrowed.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(flag) => Value::Bool(flag),
            Value::Str(text) => Value::Str(Cow::Owned(text.into_owned())),
            Value::Timestamp(text) => Value::Timestamp(Cow::Owned(text.into_owned())),
            Value::Seq(items) => Value::Seq(items.into_iter().map(Value::into_owned).collect()),
            Value::Map(entries) => Value::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned()))
                    .collect(),
            ),
        }
    }

    /// Returns a cheap upper-bound guess of the serialised size in bytes, used by the
    /// writers to reserve their output buffer once.
    ///
    /// It counts every string once plus a fixed allowance per node and per level of
    /// indentation; escapes and quoting may make the real output a little longer.
    pub fn size_hint(&self) -> usize {
        self.size_hint_at(0)
    }

    fn size_hint_at(&self, depth: usize) -> usize {
        // Each node costs at most a line break, its indentation and some punctuation.
        let line = 8 + 2 * depth;
        match self {
            Value::Null | Value::Bool(_) => line,
            Value::Str(text) | Value::Timestamp(text) => line + text.len(),
            Value::Seq(items) => {
                line + items
                    .iter()
                    .map(|item| item.size_hint_at(depth + 1))
                    .sum::<usize>()
            }
            Value::Map(entries) => {
                line + entries
                    .iter()
                    .map(|(key, value)| line + key.len() + value.size_hint_at(depth + 1))
                    .sum::<usize>()
            }
        }
    }
}

impl<'a> From<&'a str> for Value<'a> {
    /// A string borrowed from `text`.
    fn from(text: &'a str) -> Self {
        Value::Str(Cow::Borrowed(text))
    }
}

impl<'a> From<&'a String> for Value<'a> {
    /// A string borrowed from `text`.
    fn from(text: &'a String) -> Self {
        Value::Str(Cow::Borrowed(text))
    }
}

impl From<String> for Value<'_> {
    fn from(text: String) -> Self {
        Value::Str(Cow::Owned(text))
    }
}

impl From<bool> for Value<'_> {
    fn from(flag: bool) -> Self {
        Value::Bool(flag)
    }
}

impl<'a> From<Vec<Value<'a>>> for Value<'a> {
    fn from(items: Vec<Value<'a>>) -> Self {
        Value::Seq(items)
    }
}

impl<'a, T: Into<Value<'a>>> From<Option<T>> for Value<'a> {
    /// `None` becomes [`Value::Null`].
    fn from(option: Option<T>) -> Self {
        option.map_or(Value::Null, Into::into)
    }
}

impl<'a> From<MapBuilder<'a>> for Value<'a> {
    fn from(builder: MapBuilder<'a>) -> Self {
        builder.build()
    }
}

impl<'a> MapBuilder<'a> {
    /// Starts an empty mapping.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts an empty mapping with room for `capacity` entries.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            entries: Vec::with_capacity(capacity),
        }
    }

    /// Appends `key: value` and returns the builder, for chaining.
    #[must_use]
    pub fn entry(mut self, key: impl Into<Cow<'a, str>>, value: impl Into<Value<'a>>) -> Self {
        self.push(key, value);
        self
    }

    /// Appends `key: value` in place.
    pub fn push(&mut self, key: impl Into<Cow<'a, str>>, value: impl Into<Value<'a>>) {
        self.entries.push((key.into(), value.into()));
    }

    /// Finishes the mapping.
    pub fn build(self) -> Value<'a> {
        Value::Map(self.entries)
    }
}

/// Pushes `count` spaces without allocating: the indentation helper shared by the writers.
pub(crate) fn push_spaces(out: &mut String, count: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = count;
    while left > 0 {
        let step = left.min(SPACES.len());
        out.push_str(&SPACES[..step]);
        left -= step;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_keeps_insertion_order() {
        let value = MapBuilder::new()
            .entry("b", "1")
            .entry("a", true)
            .entry("c", None::<&str>)
            .build();
        let Value::Map(entries) = &value else {
            panic!("not a map: {value:?}")
        };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(keys, ["b", "a", "c"]);
        assert_eq!(value.get("a"), Some(&Value::Bool(true)));
        assert_eq!(value.get("c"), Some(&Value::Null));
        assert_eq!(value.get("missing"), None);
    }

    #[test]
    fn as_str_reads_strings_and_timestamps() {
        assert_eq!(Value::from("x").as_str(), Some("x"));
        assert_eq!(
            Value::Timestamp("2015-01-15T00:00:00.000Z".into()).as_str(),
            Some("2015-01-15T00:00:00.000Z")
        );
        assert_eq!(Value::Null.as_str(), None);
    }
}
