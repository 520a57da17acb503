//! Single flight: a miss of one key is computed by one request at a time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Locks of the keys being computed, so a miss is computed once at a time.
#[derive(Default)]
pub struct Flights(Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>);

impl Flights {
    /// The lock of `key`: whoever holds it is computing that key.
    pub fn lock_for(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        match self.0.lock() {
            Ok(mut map) => map.entry(key.to_owned()).or_default().clone(),
            Err(_) => Arc::default(),
        }
    }

    /// Forgets the lock of `key` once its value is computed.
    pub fn done(&self, key: &str) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(key);
        }
    }
}
