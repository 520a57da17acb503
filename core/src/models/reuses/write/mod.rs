//! Creating and changing reuses, in one transaction each, counters kept right.

mod fields;
mod links;
mod save;
mod showcase;

pub use fields::{MAX_DESCRIPTION, MAX_TITLE, ReuseFields, check_reuse_fields};
pub use save::{add_dataset, create_reuse, delete_reuse, remove_dataset, set_image, update_reuse};
pub use showcase::{featured_order, move_featured, set_archived, set_featured, set_featured_order};
