//! Helpers shared by the JSON formats: reading the document and typed field access
//! with reasons fit for a [`super::RejectedRow`].

use serde_json::{Map, Value};

use super::{Collector, Format, ImportError, Parsed};

/// A JSON object, as found in a list item.
pub(super) type Object = Map<String, Value>;

/// Parses the whole document; invalid JSON makes the file unusable.
pub(super) fn read(bytes: &[u8], file: &str) -> Result<Value, ImportError> {
    serde_json::from_slice(bytes).map_err(|source| ImportError::NotJson {
        file: file.to_owned(),
        source,
    })
}

/// The error for a document that is JSON but not the expected layout.
pub(super) fn shape_error(file: &str, format: Format, detail: String) -> ImportError {
    ImportError::UnexpectedShape {
        file: file.to_owned(),
        format,
        detail,
    }
}

/// What kind of JSON value this is, for messages.
pub(super) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Converts every item of `items` with `convert`, collecting datasets and rejects
/// (`item N`, 1-based).
pub(super) fn collect(
    items: &[Value],
    convert: impl Fn(&Object) -> Result<super::CatalogDataset, String>,
) -> Parsed {
    let mut collector = Collector::new("item");
    for (index, item) in (1u64..).zip(items) {
        let (id, row) = match item {
            Value::Object(object) if holds_nul(item) => (
                item_id(object),
                Err("a text holds a NUL character, which the database cannot store".to_owned()),
            ),
            Value::Object(object) => (item_id(object), convert(object)),
            other => (
                None,
                Err(format!("expected a dataset object, found {}", kind(other))),
            ),
        };
        collector.push_with_id(index, id, row);
    }
    collector.finish()
}

/// Whether a text anywhere in `value` holds a NUL character (PostgreSQL refuses them).
fn holds_nul(value: &Value) -> bool {
    match value {
        Value::String(text) => text.contains('\0'),
        Value::Array(items) => items.iter().any(holds_nul),
        Value::Object(fields) => fields
            .iter()
            .any(|(key, value)| key.contains('\0') || holds_nul(value)),
        _ => false,
    }
}

/// The id an item gives (`id`, else CKAN's `name`), to name it when it is rejected.
fn item_id(object: &Object) -> Option<String> {
    ["id", "name"]
        .iter()
        .find_map(|key| match object.get(*key) {
            Some(Value::String(id)) if !id.trim().is_empty() => Some(id.trim().to_owned()),
            Some(Value::Number(id)) => Some(id.to_string()),
            _ => None,
        })
}

/// A text field: a string, or `None` when missing or null. Numbers are accepted
/// (some catalogs use numeric ids) and written in decimal.
pub(super) fn text<'a>(
    object: &'a Object,
    key: &str,
) -> Result<Option<std::borrow::Cow<'a, str>>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str().into())),
        Some(Value::Number(n)) => Ok(Some(n.to_string().into())),
        Some(other) => Err(format!(
            "field \"{key}\": expected a string, found {}",
            kind(other)
        )),
    }
}

/// An optional sub-object: `None` when missing or null.
pub(super) fn object<'a>(object: &'a Object, key: &str) -> Result<Option<&'a Object>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(other) => Err(format!(
            "field \"{key}\": expected an object, found {}",
            kind(other)
        )),
    }
}

/// An optional list: empty when missing or null.
pub(super) fn list<'a>(object: &'a Object, key: &str) -> Result<&'a [Value], String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(format!(
            "field \"{key}\": expected a list, found {}",
            kind(other)
        )),
    }
}

/// A date field (see [`super::dates::parse_datetime`]); missing, null or blank is `None`.
pub(super) fn date(
    object: &Object,
    key: &str,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, String> {
    let value = text(object, key)?;
    super::date_field(value.as_deref(), format_args!("field \"{key}\""))
}

/// A flag that may be a boolean, null, a true/false string or a date (set = true).
pub(super) fn flag(object: &Object, key: &str) -> Result<bool, String> {
    match object.get(key) {
        Some(Value::Bool(b)) => Ok(*b),
        _ => {
            let value = text(object, key)?;
            super::flag_field(value.as_deref(), format_args!("field \"{key}\""))
        }
    }
}

/// A mark such as `archived`: a boolean, null, or a date (set since then), see
/// [`super::since_field`].
pub(super) fn since(
    object: &Object,
    key: &str,
) -> Result<(bool, Option<chrono::DateTime<chrono::Utc>>), String> {
    match object.get(key) {
        Some(Value::Bool(b)) => Ok((*b, None)),
        _ => {
            let value = text(object, key)?;
            super::since_field(value.as_deref(), format_args!("field \"{key}\""))
        }
    }
}

/// A flag the format may leave out: `None` when missing.
pub(super) fn optional_flag(object: &Object, key: &str) -> Result<Option<bool>, String> {
    if object.contains_key(key) {
        flag(object, key).map(Some)
    } else {
        Ok(None)
    }
}

/// A day (see [`super::day_field`]); missing, null or blank is `None`.
pub(super) fn day(object: &Object, key: &str) -> Result<Option<chrono::NaiveDate>, String> {
    let value = text(object, key)?;
    super::day_field(value.as_deref(), format_args!("field \"{key}\""))
}

/// A whole number such as a size: a number or a string of digits; missing, null or blank is
/// `None`.
pub(super) fn integer(object: &Object, key: &str) -> Result<Option<i64>, String> {
    let invalid = |found: &str| format!("field \"{key}\": expected a whole number, found {found}");
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
            .map(Some)
            .ok_or_else(|| invalid(&n.to_string())),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| invalid(&format!("\"{s}\""))),
        Some(other) => Err(invalid(kind(other))),
    }
}

/// Free key/values: an object, `None` when missing or null.
pub(super) fn extras(object: &Object, key: &str) -> Result<Option<super::Extras>, String> {
    self::object(object, key).map(|found| found.cloned())
}
