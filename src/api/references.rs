//! References to other objects in request bodies, written as udata's clients write them: an id,
//! or an object with an `id` (`"organization": "…"` or `"organization": {"id": "…"}`).

use serde_json::Value;

use crate::error::{AppError, HttpResult};

/// The id of a reference given as `"id"` or `{"id": "id"}`; a 400 naming `field` otherwise.
pub fn referenced_id(value: &Value, field: &str) -> HttpResult<String> {
    let id = match value {
        Value::Object(map) => map.get("id"),
        other => Some(other),
    };
    match id {
        Some(Value::String(id)) if !id.is_empty() => Ok(id.clone()),
        _ => Err(AppError::field(field, "each reference is an id or {\"id\": …}").into()),
    }
}

/// The id of an optional reference (`null`, `""` or absent: none).
pub fn optional_id(value: Option<&Value>, field: &str) -> HttpResult<Option<String>> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(id)) if id.is_empty() => Ok(None),
        Some(value) => referenced_id(value, field).map(Some),
    }
}
