//! The catalog mirror: datasets as the catalog publishes them, with their tags.

mod cards;
mod fields;
mod find;
mod list;
mod tags;
mod write;

pub use cards::{DatasetCard, dataset_cards};
pub use fields::DatasetFields;
pub use find::find_dataset;
pub use list::{DatasetFilter, list_datasets};
pub use tags::{insert_tags, replace_tags, tags_of};
pub use write::{create_dataset, update_dataset};
