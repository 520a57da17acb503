//! The catalog mirror: datasets as the catalog publishes them, with their tags and resources.

mod browse;
mod cards;
mod details;
mod fields;
mod find;
mod list;
mod quality;
mod resources;
mod search;
pub mod stewards;
mod tags;
mod write;

pub use browse::{
    DatasetBrowse, DatasetFacets, OrganizationFacet, browse_datasets, dataset_facets,
};
pub use cards::{DatasetCard, dataset_cards};
pub use details::resource_extras;
pub(crate) use details::{badges_text, extras_text, since, spatial_text, temporal_coverage_text};
pub use fields::{DatasetFields, Mark, ResourceFields};
pub use find::{find_dataset, find_dataset_even_deleted, find_dataset_id};
pub use list::{DatasetFilter, list_datasets};
pub use quality::Quality;
pub use resources::{replace_resources, resource_rows, resources_of};
pub use search::{DatasetSearch, DatasetSort, MAX_ROWS, SearchResults, search_datasets};
pub use tags::{insert_tags, replace_tags, tags_of};
pub(crate) use write::{blank_dataset, write_changes};
pub use write::{create_dataset, delete_dataset, update_dataset};
