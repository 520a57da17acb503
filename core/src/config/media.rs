//! Where images are stored: the data directory (the default) or an S3 bucket, and where
//! browsers fetch them.

use url::Url;

use super::ConfigError;
use super::sources::Values;

/// `VITRINE_MEDIA_*`.
#[derive(Clone, Debug, Default)]
pub struct MediaConfig {
    /// The bucket images are kept in (`VITRINE_MEDIA_URL`); `None`: `<data dir>/media`.
    pub bucket: Option<MediaBucket>,
    /// Where `/media/…` redirects to, ending with `/` (`VITRINE_MEDIA_PUBLIC_URL`: a public
    /// bucket or a CDN holding the same names); `None`: Vitrine serves the images itself.
    pub public_url: Option<Url>,
}

/// An S3 (or S3-compatible) bucket and the prefix images are kept under.
///
/// What is not set here comes from the usual `AWS_*` variables (`AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION`, `AWS_ENDPOINT_URL`…), read when
/// the store is opened.
#[derive(Clone, PartialEq, Eq)]
pub struct MediaBucket {
    /// The bucket's name.
    pub bucket: String,
    /// Folders before `images/`, without leading or trailing `/` (empty: the bucket's root).
    pub prefix: String,
    /// An S3-compatible server's URL (`VITRINE_MEDIA_ENDPOINT`); `http://` is allowed.
    pub endpoint: Option<Url>,
    /// The bucket's region (`VITRINE_MEDIA_REGION`).
    pub region: Option<String>,
    /// Access key id and secret (`VITRINE_MEDIA_ACCESS_KEY_ID`,
    /// `VITRINE_MEDIA_SECRET_ACCESS_KEY`), for credentials of Vitrine's own.
    pub credentials: Option<(String, String)>,
}

impl std::fmt::Debug for MediaBucket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MediaBucket")
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field(
                "credentials",
                &self.credentials.as_ref().map(|(id, _)| (id, "…")),
            )
            .finish()
    }
}

impl MediaConfig {
    pub(super) fn from_values(values: &Values) -> Result<Self, ConfigError> {
        let bucket = match values.get("MEDIA_URL") {
            Some(text) => Some(bucket(values, text)?),
            None => {
                for key in [
                    "MEDIA_ENDPOINT",
                    "MEDIA_REGION",
                    "MEDIA_ACCESS_KEY_ID",
                    "MEDIA_SECRET_ACCESS_KEY",
                ] {
                    if values.get(key).is_some() {
                        return Err(ConfigError::new(
                            &format!("VITRINE_{key}"),
                            "is for a bucket: set VITRINE_MEDIA_URL=s3://bucket/prefix too",
                        ));
                    }
                }
                None
            }
        };
        let public_url = values
            .url("MEDIA_PUBLIC_URL")?
            .map(|url| web_url("VITRINE_MEDIA_PUBLIC_URL", url))
            .transpose()?
            .map(|mut url| {
                if !url.path().ends_with('/') {
                    url.set_path(&format!("{}/", url.path()));
                }
                url
            });
        Ok(Self { bucket, public_url })
    }
}

/// `s3://bucket/prefix` and the settings that go with it.
fn bucket(values: &Values, text: &str) -> Result<MediaBucket, ConfigError> {
    const KEY: &str = "VITRINE_MEDIA_URL";
    let url = Url::parse(text).map_err(|err| {
        ConfigError::new(
            KEY,
            format!("{text:?} is not a URL like s3://bucket/prefix: {err}"),
        )
    })?;
    if url.scheme() != "s3" {
        return Err(ConfigError::new(
            KEY,
            format!(
                "scheme {:?} is not supported: use s3://bucket/prefix, or leave it unset for the data directory",
                url.scheme()
            ),
        ));
    }
    let bucket = url.host_str().unwrap_or_default();
    let valid_bucket = (3..=63).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-'));
    if bucket.is_empty() {
        return Err(ConfigError::new(
            KEY,
            format!("{text:?} names no bucket: use s3://bucket/prefix"),
        ));
    }
    if !valid_bucket {
        return Err(ConfigError::new(
            KEY,
            format!(
                "{bucket:?} is not a bucket name (3 to 63 lower-case letters, digits, dots or hyphens)"
            ),
        ));
    }
    if url.port().is_some()
        || !url.username().is_empty()
        || url.password().is_some()
        || url.query().is_some()
        || url.fragment().is_some()
    {
        return Err(ConfigError::new(
            KEY,
            "must be just s3://bucket/prefix: the endpoint goes in VITRINE_MEDIA_ENDPOINT, credentials in AWS_* variables",
        ));
    }
    let prefix = url.path().trim_matches('/');
    let valid_prefix = prefix.is_empty()
        || prefix.split('/').all(|segment| {
            !segment.is_empty()
                && segment != "."
                && segment != ".."
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        });
    if !valid_prefix {
        return Err(ConfigError::new(
            KEY,
            format!(
                "prefix {prefix:?} must be folders of letters, digits, dots, hyphens and underscores"
            ),
        ));
    }
    let endpoint = values
        .url("MEDIA_ENDPOINT")?
        .map(|url| web_url("VITRINE_MEDIA_ENDPOINT", url))
        .transpose()?;
    let credentials = match (
        values.get("MEDIA_ACCESS_KEY_ID"),
        values.get("MEDIA_SECRET_ACCESS_KEY"),
    ) {
        (Some(id), Some(secret)) => Some((id.to_owned(), secret.to_owned())),
        (None, None) => None,
        (Some(_), None) => {
            return Err(ConfigError::new(
                "VITRINE_MEDIA_SECRET_ACCESS_KEY",
                "must be set with VITRINE_MEDIA_ACCESS_KEY_ID",
            ));
        }
        (None, Some(_)) => {
            return Err(ConfigError::new(
                "VITRINE_MEDIA_ACCESS_KEY_ID",
                "must be set with VITRINE_MEDIA_SECRET_ACCESS_KEY",
            ));
        }
    };
    Ok(MediaBucket {
        bucket: bucket.to_owned(),
        prefix: prefix.to_owned(),
        endpoint,
        region: values.get("MEDIA_REGION").map(str::to_owned),
        credentials,
    })
}

/// `url` if it is `http://` or `https://`.
fn web_url(key: &str, url: Url) -> Result<Url, ConfigError> {
    if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() {
        Ok(url)
    } else {
        Err(ConfigError::new(key, "must be an http:// or https:// URL"))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::Config;

    fn media(pairs: &[(&str, &str)]) -> Result<super::MediaConfig, super::ConfigError> {
        let env: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_sources(&env, None).map(|config| config.media)
    }

    #[test]
    fn the_data_directory_is_the_default() {
        let config = media(&[]).unwrap();
        assert!(config.bucket.is_none() && config.public_url.is_none());
    }

    #[test]
    fn a_bucket_url_gives_the_bucket_its_prefix_and_its_settings() {
        let config = media(&[
            ("VITRINE_MEDIA_URL", "s3://vitrine-media/prod/images-v2/"),
            ("VITRINE_MEDIA_ENDPOINT", "http://127.0.0.1:9000"),
            ("VITRINE_MEDIA_REGION", "eu-west-3"),
            ("VITRINE_MEDIA_ACCESS_KEY_ID", "id"),
            ("VITRINE_MEDIA_SECRET_ACCESS_KEY", "do-not-print"),
            ("VITRINE_MEDIA_PUBLIC_URL", "https://cdn.example.org/media"),
        ])
        .unwrap();
        let bucket = config.bucket.unwrap();
        assert_eq!(bucket.bucket, "vitrine-media");
        assert_eq!(bucket.prefix, "prod/images-v2");
        assert_eq!(
            bucket.endpoint.as_ref().map(|u| u.as_str()),
            Some("http://127.0.0.1:9000/")
        );
        assert_eq!(bucket.region.as_deref(), Some("eu-west-3"));
        assert!(!format!("{bucket:?}").contains("do-not-print"));
        assert_eq!(
            config.public_url.unwrap().as_str(),
            "https://cdn.example.org/media/"
        );
        let root = media(&[("VITRINE_MEDIA_URL", "s3://vitrine-media")]).unwrap();
        assert_eq!(root.bucket.unwrap().prefix, "");
    }

    #[test]
    fn a_bad_media_setting_is_a_configuration_error_naming_its_variable() {
        for (pairs, key, words) in [
            (
                &[("VITRINE_MEDIA_URL", "ftp://x")][..],
                "VITRINE_MEDIA_URL",
                "use s3://bucket/prefix",
            ),
            (
                &[("VITRINE_MEDIA_URL", "s3://")],
                "VITRINE_MEDIA_URL",
                "names no bucket",
            ),
            (
                &[("VITRINE_MEDIA_URL", "s3:///prefix")],
                "VITRINE_MEDIA_URL",
                "names no bucket",
            ),
            (
                &[("VITRINE_MEDIA_URL", "bucket/prefix")],
                "VITRINE_MEDIA_URL",
                "is not a URL",
            ),
            (
                &[("VITRINE_MEDIA_URL", "s3://Bad_Bucket/x")],
                "VITRINE_MEDIA_URL",
                "is not a bucket name",
            ),
            (
                &[("VITRINE_MEDIA_URL", "s3://bucket/a//b")],
                "VITRINE_MEDIA_URL",
                "prefix",
            ),
            (
                &[("VITRINE_MEDIA_URL", "s3://key:secret@bucket/x")],
                "VITRINE_MEDIA_URL",
                "must be just s3://bucket/prefix",
            ),
            (
                &[
                    ("VITRINE_MEDIA_URL", "s3://bucket"),
                    ("VITRINE_MEDIA_ENDPOINT", "localhost:9000"),
                ],
                "VITRINE_MEDIA_ENDPOINT",
                "http",
            ),
            (
                &[
                    ("VITRINE_MEDIA_URL", "s3://bucket"),
                    ("VITRINE_MEDIA_ACCESS_KEY_ID", "id"),
                ],
                "VITRINE_MEDIA_SECRET_ACCESS_KEY",
                "must be set with",
            ),
            (
                &[("VITRINE_MEDIA_ENDPOINT", "http://127.0.0.1:9000")],
                "VITRINE_MEDIA_ENDPOINT",
                "set VITRINE_MEDIA_URL",
            ),
            (
                &[("VITRINE_MEDIA_PUBLIC_URL", "ftp://cdn.example.org/")],
                "VITRINE_MEDIA_PUBLIC_URL",
                "http",
            ),
        ] {
            let err = media(pairs).unwrap_err();
            assert_eq!(err.key, key, "{pairs:?}: {err}");
            assert!(err.reason.contains(words), "{pairs:?}: {err}");
        }
    }
}
