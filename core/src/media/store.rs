//! Stored images: content-hashed names `images/<hash>-<side>.<ext>` in an object store (files
//! under `<data dir>/media` by default, or an S3 bucket under a prefix), each object written
//! whole or not at all, and the only names the store will serve or delete.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::future::{try_join, try_join_all};
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{
    Attribute, Attributes, ObjectStore, ObjectStoreExt, PutOptions, PutPayload, RetryConfig,
};
use sha2::{Digest, Sha256};
use url::Url;

use super::encode::EncodedImage;
use super::limits::MediaError;
use super::process::ProcessedImage;
use crate::config::{Config, MediaBucket};

/// Where a stored image and its thumbnails are, relative to the media root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredImage {
    /// The kept image, like `images/<hash>-800.jpg`.
    pub original: String,
    /// Thumbnails by requested size.
    pub thumbnails: Vec<(u32, String)>,
}

impl StoredImage {
    /// The thumbnail of `size`, or the original.
    pub fn thumbnail(&self, size: u32) -> &str {
        self.thumbnails
            .iter()
            .find(|(s, _)| *s == size)
            .map_or(self.original.as_str(), |(_, name)| name.as_str())
    }
}

/// The images of this deployment: opened once at start-up, cheap to clone.
#[derive(Clone, Debug)]
pub struct MediaStore {
    objects: Arc<dyn ObjectStore>,
    /// Whether objects carry their HTTP headers (a bucket may be read directly by browsers;
    /// the local file system keeps no such attributes).
    with_headers: bool,
    /// Where browsers are sent for images instead, ending with `/`.
    public_url: Option<Url>,
}

/// The headers images are served with, by Vitrine or by a public bucket.
pub const CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

impl MediaStore {
    /// The store the configuration names: the bucket of `VITRINE_MEDIA_URL`, or files under
    /// `<data dir>/media` (created if missing). Nothing is read or written yet.
    pub fn open(config: &Config) -> std::io::Result<Self> {
        let mut store = match &config.media.bucket {
            Some(bucket) => Self::bucket(bucket).map_err(|err| {
                std::io::Error::other(format!(
                    "VITRINE_MEDIA_URL: the bucket {:?} cannot be used: {err}",
                    bucket.bucket
                ))
            })?,
            None => Self::local(&config.data_dir)?,
        };
        store.public_url = config.media.public_url.clone();
        Ok(store)
    }

    /// Files under `<data dir>/media` (created if missing).
    pub fn local(data_dir: &std::path::Path) -> std::io::Result<Self> {
        let root = data_dir.join("media");
        std::fs::create_dir_all(&root)?;
        let files = LocalFileSystem::new_with_prefix(&root).map_err(|err| {
            std::io::Error::other(format!("media directory {}: {err}", root.display()))
        })?;
        Ok(Self::over(Arc::new(files), false))
    }

    /// Any object store; `with_headers` when it keeps a `Content-Type` and a `Cache-Control`
    /// with each object.
    fn over(objects: Arc<dyn ObjectStore>, with_headers: bool) -> Self {
        Self {
            objects,
            with_headers,
            public_url: None,
        }
    }

    /// An S3 bucket, configured by the `AWS_*` variables, then by `VITRINE_MEDIA_*` ones.
    fn bucket(bucket: &MediaBucket) -> object_store::Result<Self> {
        let mut builder = AmazonS3Builder::new();
        for (key, value) in std::env::vars() {
            let Some(key) = key
                .starts_with("AWS_")
                .then(|| key.to_ascii_lowercase().parse::<AmazonS3ConfigKey>().ok())
                .flatten()
            else {
                continue;
            };
            let credential = matches!(
                key,
                AmazonS3ConfigKey::AccessKeyId
                    | AmazonS3ConfigKey::SecretAccessKey
                    | AmazonS3ConfigKey::Token
            );
            // Vitrine's own credentials are not mixed with a session token of others.
            if !(credential && bucket.credentials.is_some()) {
                builder = builder.with_config(key, value);
            }
        }
        builder = builder
            .with_bucket_name(&bucket.bucket)
            .with_retry(RetryConfig {
                max_retries: 3,
                retry_timeout: Duration::from_secs(15),
                ..RetryConfig::default()
            });
        if let Some(endpoint) = &bucket.endpoint {
            builder = builder.with_endpoint(endpoint.as_str().trim_end_matches('/'));
        }
        if let Some(region) = &bucket.region {
            builder = builder.with_region(region);
        }
        if let Some((id, secret)) = &bucket.credentials {
            builder = builder
                .with_access_key_id(id)
                .with_secret_access_key(secret);
        }
        // A local S3-compatible server is plain HTTP: the endpoint's scheme says it.
        let plain = [AmazonS3ConfigKey::Endpoint, AmazonS3ConfigKey::S3Endpoint]
            .iter()
            .filter_map(|key| builder.get_config_value(key))
            .any(|endpoint| endpoint.starts_with("http://"));
        if plain {
            builder = builder.with_allow_http(true);
        }
        let s3 = builder.build()?;
        let objects: Arc<dyn ObjectStore> = if bucket.prefix.is_empty() {
            Arc::new(s3)
        } else {
            Arc::new(PrefixStore::new(s3, bucket.prefix.as_str()))
        };
        Ok(Self::over(objects, true))
    }

    /// Writes an image and its thumbnails as `images/<hash>-<longest side>.<ext>`, where the
    /// hash is of the bytes: storing the same image again writes nothing and gives the same
    /// names. Each object appears whole or not at all; if one fails, those already written
    /// stay, unreferenced (they may be shared with another image, so they are not deleted).
    pub async fn store(&self, image: &ProcessedImage) -> Result<StoredImage, MediaError> {
        let thumbnails = try_join_all(
            image
                .thumbnails
                .iter()
                .map(|(size, encoded)| async move { Ok((*size, self.put_once(encoded).await?)) }),
        );
        let (original, thumbnails) = try_join(self.put_once(&image.original), thumbnails).await?;
        Ok(StoredImage {
            original,
            thumbnails,
        })
    }

    /// Writes `encoded` under its content name unless it is already there whole; returns
    /// `images/<name>`. A put is atomic on every store (a staged file renamed into place on
    /// disk, a single PUT on S3): a reader never sees half an image.
    async fn put_once(&self, encoded: &EncodedImage) -> Result<String, MediaError> {
        let hash = hex::encode(Sha256::digest(&encoded.bytes));
        let side = encoded.width.max(encoded.height);
        let name = format!("images/{}-{side}.{}", &hash[..32], encoded.extension);
        let location = Path::from(name.as_str());
        // Only a shortcut: whatever else the store answers (absent, truncated, or an error
        // such as a 403 for a missing object without `s3:ListBucket`), the put decides.
        if let Ok(meta) = self.objects.head(&location).await
            && meta.size == encoded.bytes.len() as u64
        {
            return Ok(name);
        }
        let mut options = PutOptions::default();
        if self.with_headers {
            options.attributes = Attributes::from_iter([
                (Attribute::ContentType, content_type(&name)),
                (Attribute::CacheControl, CACHE_CONTROL),
            ]);
        }
        let payload = PutPayload::from(Bytes::from(encoded.bytes.clone()));
        self.objects.put_opts(&location, payload, options).await?;
        Ok(name)
    }

    /// The bytes of a stored image; `None` when `name` is not one this store makes, or there
    /// is no such image.
    pub async fn get(&self, name: &str) -> Result<Option<Bytes>, MediaError> {
        let Some(location) = location(name) else {
            return Ok(None);
        };
        match self.objects.get(&location).await {
            Ok(found) => Ok(Some(found.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(err) => Err(err.into()),
        }
    }

    /// Where browsers should fetch `name` from, when images are served by a public bucket or
    /// a CDN (`VITRINE_MEDIA_PUBLIC_URL`); `None` when Vitrine serves them or `name` is not
    /// one this store makes.
    pub fn public_url(&self, name: &str) -> Option<Url> {
        let base = self.public_url.as_ref()?;
        location(name)?;
        base.join(name).ok()
    }

    /// Deletes an image's objects, best effort (a missing one is not an error). Names are
    /// content hashes, so two reuses with the same picture share objects: call this only when
    /// no other row refers to them.
    pub async fn remove(&self, stored: &StoredImage) {
        let names =
            std::iter::once(&stored.original).chain(stored.thumbnails.iter().map(|(_, n)| n));
        for name in names {
            let Some(location) = location(name) else {
                tracing::warn!(
                    name,
                    "not removing an image with a name the store does not make"
                );
                continue;
            };
            match self.objects.delete(&location).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(err) => tracing::warn!(name, error = %err, "image not removed"),
            }
        }
    }
}

/// The object of a stored name, if the name is one this store makes: `images/`, 32 hex
/// digits, `-`, a size, `.jpg` or `.png`. Anything else (`..`, absolute paths, other
/// folders, percent-encoding, staging files) is `None`.
pub fn location(name: &str) -> Option<Path> {
    let file = name.strip_prefix("images/")?;
    let (stem, extension) = file.rsplit_once('.')?;
    let (hash, size) = stem.split_once('-')?;
    let valid = matches!(extension, "jpg" | "png")
        && hash.len() == 32
        && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        && (1..=5).contains(&size.len())
        && size.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| Path::from_iter(["images", file]))
}

/// The `Content-Type` of a stored name.
pub fn content_type(name: &str) -> &'static str {
    if name.ends_with(".png") {
        "image/png"
    } else {
        "image/jpeg"
    }
}
