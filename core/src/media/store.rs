//! Stored images: content-hashed file names under `<data dir>/media/images`, written once and
//! atomically, and the only names the store will serve or delete.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::encode::EncodedImage;
use super::limits::MediaError;
use super::process::ProcessedImage;

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

/// Image files under `<data dir>/media`.
#[derive(Clone, Debug)]
pub struct MediaStore {
    root: PathBuf,
}

impl MediaStore {
    /// The store of a data directory.
    pub fn new(data_dir: &Path) -> Self {
        Self {
            root: data_dir.join("media"),
        }
    }

    /// Writes an image and its thumbnails as `images/<hash>-<longest side>.<ext>`, where the
    /// hash is of the bytes: storing the same image again writes nothing and gives the same names.
    pub fn store(&self, image: &ProcessedImage) -> Result<StoredImage, MediaError> {
        let dir = self.root.join("images");
        std::fs::create_dir_all(&dir)?;
        Ok(StoredImage {
            original: write_once(&dir, &image.original)?,
            thumbnails: image
                .thumbnails
                .iter()
                .map(|(size, encoded)| Ok((*size, write_once(&dir, encoded)?)))
                .collect::<Result<_, MediaError>>()?,
        })
    }

    /// The file of a stored name, if the name is one this store makes: `images/`, 32 hex
    /// digits, `-`, a size, `.jpg` or `.png`. Anything else (`..`, absolute paths, other
    /// folders, percent-encoding, hidden temporary files) is `None`.
    pub fn path_of(&self, relative: &str) -> Option<PathBuf> {
        let name = relative.strip_prefix("images/")?;
        let (stem, extension) = name.rsplit_once('.')?;
        let (hash, size) = stem.split_once('-')?;
        let valid = matches!(extension, "jpg" | "png")
            && hash.len() == 32
            && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            && (1..=5).contains(&size.len())
            && size.bytes().all(|b| b.is_ascii_digit());
        valid.then(|| self.root.join("images").join(name))
    }

    /// Deletes an image's files, best effort (a missing file is not an error). Names are
    /// content hashes, so two reuses with the same picture share files: call this only when
    /// no other row refers to them.
    pub fn remove(&self, stored: &StoredImage) {
        let names =
            std::iter::once(&stored.original).chain(stored.thumbnails.iter().map(|(_, n)| n));
        for name in names {
            let Some(path) = self.path_of(name) else {
                tracing::warn!(
                    name,
                    "not removing an image with a name the store does not make"
                );
                continue;
            };
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                Err(err) => {
                    tracing::warn!(path = %path.display(), error = %err, "image not removed")
                }
            }
        }
    }
}

/// Writes `encoded` under its content name unless it is already there; returns `images/<name>`.
fn write_once(dir: &Path, encoded: &EncodedImage) -> Result<String, MediaError> {
    let hash = hex::encode(Sha256::digest(&encoded.bytes));
    let side = encoded.width.max(encoded.height);
    let name = format!("{}-{side}.{}", &hash[..32], encoded.extension);
    let path = dir.join(&name);
    if !path.exists() {
        // Written beside, flushed to disk, then renamed: a crash never leaves half an image
        // under its final name, and the hidden temporary name is never served.
        let partial = dir.join(format!(".{name}.{}.partial", uuid::Uuid::new_v4().simple()));
        let written = std::fs::File::create(&partial).and_then(|mut file| {
            file.write_all(&encoded.bytes)?;
            file.sync_all()
        });
        if let Err(err) = written.and_then(|()| std::fs::rename(&partial, &path)) {
            let _ = std::fs::remove_file(&partial);
            return Err(err.into());
        }
    }
    Ok(format!("images/{name}"))
}
