//! Row ids: 24 hexadecimal digits in the shape of udata's (MongoDB's) ObjectIds, so clients
//! written for data.gouv.fr accept them, and time-ordered like them.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// A new row's id, in the shape of an ObjectId: the Unix time in seconds (4 bytes), a random
/// number drawn once per process (5 bytes) and a counter from a random start (3 bytes).
///
/// Ids begin with their time, as udata's do: rows written one after another sit side by side
/// in every index keyed by their id, so a new row adds to the end of each instead of to a
/// random page of it (each such page touched first since PostgreSQL's last checkpoint is
/// copied whole into its WAL). Ids issued before (UUIDs) stay valid: ids are opaque strings.
pub fn new_row_id() -> String {
    let seconds = u32::try_from(chrono::Utc::now().timestamp()).unwrap_or(u32::MAX);
    object_id(seconds, process_random(), next_count())
}

/// Whether `text` has the shape of an id [`new_row_id`] gives.
pub fn is_object_id(text: &str) -> bool {
    text.len() == 24
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The id made of its three parts.
fn object_id(seconds: u32, random: [u8; 5], count: u32) -> String {
    let mut bytes = [0u8; 12];
    bytes[..4].copy_from_slice(&seconds.to_be_bytes());
    bytes[4..9].copy_from_slice(&random);
    bytes[9..].copy_from_slice(&count.to_be_bytes()[1..]);
    hex::encode(bytes)
}

fn process_random() -> [u8; 5] {
    static RANDOM: OnceLock<[u8; 5]> = OnceLock::new();
    *RANDOM.get_or_init(rand::random)
}

fn next_count() -> u32 {
    static COUNTER: OnceLock<AtomicU32> = OnceLock::new();
    COUNTER
        .get_or_init(|| AtomicU32::new(rand::random::<u32>() & 0x00ff_ffff))
        .fetch_add(1, Ordering::Relaxed)
        & 0x00ff_ffff
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_shape_of_object_ids() {
        let id = new_row_id();
        assert!(is_object_id(&id), "{id}");
        assert!(!is_object_id("0190f0e2-8c1b-7cc0-9c8e-123456789abc"));
        assert!(!is_object_id(&id.to_uppercase()));
    }

    #[test]
    fn ids_begin_with_their_time_and_differ_within_a_second() {
        assert_eq!(
            object_id(0x6554_0000, [1, 2, 3, 4, 5], 0x0100_0007),
            "655400000102030405000007"
        );
        let first = new_row_id();
        let second = new_row_id();
        assert_ne!(first, second);
        assert!(first[..8] <= second[..8]);
    }
}
