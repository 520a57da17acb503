//! What an action's POST carries, read the ways CKAN reads it: a JSON object, a form
//! (`application/x-www-form-urlencoded`, or CKAN's one-field form holding JSON), multipart
//! (with the image file as `image_upload`, as `ckanapi` sends files), or nothing at all.
//! Reads sent by POST become GETs first ([`reads_by_post`]), so one set of parameters serves both.

use std::borrow::Cow;
use std::sync::Arc;

use poem::http::{Method, StatusCode};
use poem::web::Multipart;
use poem::{Endpoint, FromRequest, IntoResponse, Request, RequestBody, Response};
use poem_openapi::registry::{MetaMediaType, MetaRequest, MetaSchemaRef, Registry};
use poem_openapi::types::{
    ParseError, ParseFromJSON, ParseFromParameter, ParseResult, ToJSON, Type,
};
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions};
use serde_json::{Map, Value};

use crate::http::dialect::{CKAN_READ_ACTIONS, ckan_action};

/// The name of the file field holding a showcase's image.
pub const IMAGE_FIELD: &str = "image_upload";

/// A write's input, and the image file sent with it, if any.
pub struct ActionBody<T> {
    /// The fields.
    pub input: T,
    /// The bytes of `image_upload`, when sent as multipart.
    pub upload: Option<Vec<u8>>,
}

fn bad_request(message: impl Into<String>) -> poem::Error {
    poem::Error::from_string(
        format!("JSON Error: {}", message.into()),
        StatusCode::BAD_REQUEST,
    )
}

/// The fields of a form: one value as a string, repeated ones as a list; CKAN's form of a
/// single field whose name is JSON (its value `""` or `"1"`) is that JSON.
fn form_fields(pairs: Vec<(String, String)>) -> poem::Result<Map<String, Value>> {
    if let [(name, value)] = pairs.as_slice()
        && (value.is_empty() || value == "1")
        && name.trim_start().starts_with('{')
    {
        return match serde_json::from_str(name) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(bad_request("the form's one field is not a JSON object")),
        };
    }
    let mut map = Map::new();
    for (name, value) in pairs {
        match map.get_mut(&name) {
            Some(Value::Array(items)) => items.push(value.into()),
            Some(single) => *single = Value::Array(vec![single.take(), value.into()]),
            None => {
                map.insert(name, value.into());
            }
        }
    }
    Ok(map)
}

/// The body as a JSON object and the image file, whatever its content type.
async fn read_body(
    req: &Request,
    body: &mut RequestBody,
) -> poem::Result<(Map<String, Value>, Option<Vec<u8>>)> {
    let content_type = req.content_type().unwrap_or_default().to_ascii_lowercase();
    if content_type.starts_with("multipart/form-data") {
        let mut multipart = <Multipart as FromRequest>::from_request(req, body).await?;
        let (mut pairs, mut upload) = (Vec::new(), None);
        while let Some(field) = multipart.next_field().await? {
            let name = field.name().unwrap_or_default().to_owned();
            if field.file_name().is_some() || name == IMAGE_FIELD {
                let bytes = field.bytes().await?;
                if name == IMAGE_FIELD && !bytes.is_empty() {
                    upload = Some(bytes);
                }
            } else {
                pairs.push((name, field.text().await?));
            }
        }
        return Ok((form_fields(pairs)?, upload));
    }
    let bytes = body.take()?.into_vec().await?;
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let pairs = url::form_urlencoded::parse(&bytes).into_owned().collect();
        return Ok((form_fields(pairs)?, None));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok((Map::new(), None));
    }
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok((map, None)),
        Ok(other) => Err(bad_request(format!(
            "Request data JSON decoded to {other} but it needs to be a dictionary."
        ))),
        Err(err) => Err(bad_request(format!("Error decoding JSON data: {err}"))),
    }
}

impl<'a, T: ParseFromJSON> ApiExtractor<'a> for ActionBody<T> {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::RequestObject];
    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        T::register(registry);
    }

    fn request_meta() -> Option<MetaRequest> {
        Some(MetaRequest {
            description: Some(
                "A JSON object; a form or multipart (the image file as `image_upload`) works too.",
            ),
            content: vec![MetaMediaType {
                content_type: "application/json",
                schema: T::schema_ref(),
            }],
            required: false,
        })
    }

    async fn from_request(
        req: &'a Request,
        body: &mut RequestBody,
        _options: ExtractParamOptions<()>,
    ) -> poem::Result<Self> {
        let (map, upload) = read_body(req, body).await?;
        let input = T::parse_from_json(Some(Value::Object(map))).map_err(|err| {
            poem_openapi::error::ParseRequestPayloadError {
                reason: err.into_message(),
            }
        })?;
        Ok(Self { input, upload })
    }
}

/// A POST to a read action becomes the GET it stands for: its JSON or form fields become the
/// query string (lists as repeated parameters), so a read has one set of parameters.
pub async fn reads_by_post<E: Endpoint>(ep: Arc<E>, mut req: Request) -> poem::Result<Response> {
    let is_read = ckan_action(req.original_uri().path())
        .is_some_and(|name| CKAN_READ_ACTIONS.contains(&name));
    if req.method() == Method::POST && is_read {
        let mut body = RequestBody::new(req.take_body());
        let (map, _) = read_body(&req, &mut body).await?;
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in map {
            let items = match value {
                Value::Array(items) => items,
                single => vec![single],
            };
            for item in items {
                match item {
                    Value::Null => {}
                    Value::String(text) => {
                        query.append_pair(&name, &text);
                    }
                    other => {
                        query.append_pair(&name, &other.to_string());
                    }
                }
            }
        }
        let uri = format!("{}?{}", req.uri().path(), query.finish());
        *req.uri_mut() = uri
            .parse()
            .map_err(|_| bad_request("unreadable parameters"))?;
        req.set_method(Method::GET);
        req.headers_mut().remove(poem::http::header::CONTENT_TYPE);
    }
    Ok(ep.call(req).await?.into_response())
}

/// A yes or no as CKAN reads it: a JSON boolean, or `true`/`false`, `True`/`False`, `1`/`0`,
/// `yes`/`no`, `on`/`off`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flag(pub bool);

fn flag_of(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" | "" => Some(false),
        _ => None,
    }
}

/// A count as CKAN reads it: a JSON integer, or one written as text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Count(pub u64);

macro_rules! lenient_scalar {
    ($name:ident, $inner:ty, $of_text:expr, $of_json:expr, $to_json:expr) => {
        impl Type for $name {
            const IS_REQUIRED: bool = true;
            type RawValueType = Self;
            type RawElementValueType = Self;

            fn name() -> Cow<'static, str> {
                <$inner>::name()
            }

            fn schema_ref() -> MetaSchemaRef {
                <$inner>::schema_ref()
            }

            fn as_raw_value(&self) -> Option<&Self> {
                Some(self)
            }

            fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a Self> + 'a> {
                Box::new(std::iter::once(self))
            }
        }

        impl ParseFromParameter for $name {
            fn parse_from_parameter(value: &str) -> ParseResult<Self> {
                ($of_text)(value).map($name).ok_or_else(|| {
                    ParseError::custom(format!("{value:?} is not a {}", <$inner>::name()))
                })
            }
        }

        impl ParseFromJSON for $name {
            fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
                let value = value.unwrap_or_default();
                let parsed = match &value {
                    Value::String(text) => ($of_text)(text),
                    other => ($of_json)(other),
                };
                parsed.map($name).ok_or_else(|| {
                    ParseError::custom(format!("{value} is not a {}", <$inner>::name()))
                })
            }
        }

        impl ToJSON for $name {
            fn to_json(&self) -> Option<Value> {
                Some(($to_json)(self.0))
            }
        }
    };
}

lenient_scalar!(
    Flag,
    bool,
    flag_of,
    |value: &Value| value.as_bool(),
    Value::Bool
);
lenient_scalar!(
    Count,
    u64,
    |text: &str| text.trim().parse::<u64>().ok(),
    |value: &Value| value.as_u64(),
    |n: u64| Value::from(n)
);
