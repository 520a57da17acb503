//! The OpenAPI document served at `/api/1/openapi.json`: poem-openapi's, made plain for client
//! generators.
//!
//! poem-openapi says that a field holding a reference is nullable, or describes it, by wrapping
//! the reference in `allOf` beside an inline schema of those words alone:
//! `{"allOf": [{"$ref": "…/OrganizationRef"}, {"nullable": true}], "nullable": true}`. The outer
//! schema already says them, and generators (openapi-python-client) read the pair as a new
//! model, so a reuse's `organization` would not be an `OrganizationRef`. The document keeps the
//! reference alone in `allOf`, which they map to the referenced model (nullable when said so).

use poem::endpoint::make_sync;
use poem::{Endpoint, Response};
use poem_openapi::{OpenApi, OpenApiService};
use serde_json::Value;

/// `openapi.json`, computed once (udata's dialect's, and CKAN's).
pub fn endpoint<T: OpenApi>(service: &OpenApiService<T, ()>) -> impl Endpoint + use<T> {
    let document = document(&service.spec());
    make_sync(move |_| {
        Response::builder()
            .content_type("application/json")
            .body(document.clone())
    })
}

/// `spec` with every reference alone in its `allOf`.
fn document(spec: &str) -> String {
    match serde_json::from_str::<Value>(spec) {
        Ok(mut document) => {
            unwrap_references(&mut document);
            serde_json::to_string_pretty(&document).unwrap_or_else(|_| spec.to_owned())
        }
        Err(_) => spec.to_owned(),
    }
}

/// Drops the inline schema poem-openapi puts beside a `$ref` in `allOf` (what it says is in the
/// outer schema too), everywhere in `schema`.
fn unwrap_references(schema: &mut Value) {
    match schema {
        Value::Object(object) => {
            if let Some(Value::Array(all_of)) = object.get_mut("allOf")
                && let [reference, words] = all_of.as_slice()
                && reference.get("$ref").is_some()
                && words.as_object().is_some_and(|words| {
                    words
                        .keys()
                        .all(|key| !matches!(key.as_str(), "$ref" | "allOf" | "properties"))
                })
            {
                all_of.truncate(1);
            }
            object.values_mut().for_each(unwrap_references);
        }
        Value::Array(items) => items.iter_mut().for_each(unwrap_references),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_described_or_nullable_reference_keeps_the_reference_alone() {
        let mut schema = json!({"properties": {"organization": {
            "description": "Owner.", "nullable": true,
            "allOf": [{"$ref": "#/components/schemas/OrganizationRef"},
                      {"description": "Owner.", "nullable": true}],
        }}});
        unwrap_references(&mut schema);
        assert_eq!(
            schema,
            json!({"properties": {"organization": {
                "description": "Owner.", "nullable": true,
                "allOf": [{"$ref": "#/components/schemas/OrganizationRef"}],
            }}})
        );
    }

    #[test]
    fn a_composition_of_two_schemas_is_left_as_it_is() {
        let mut schema = json!({"allOf": [
            {"$ref": "#/components/schemas/A"},
            {"type": "object", "properties": {"b": {"type": "string"}}},
        ]});
        let before = schema.clone();
        unwrap_references(&mut schema);
        assert_eq!(schema, before);
    }
}
