//! The closed lists of reuse types and topics, as udata names them.

/// Reuse types, as udata names them, with English labels.
pub const TYPES: &[(&str, &str)] = &[
    ("api", "API"),
    ("application", "Application"),
    ("idea", "Idea"),
    ("news_article", "News article"),
    ("paper", "Paper"),
    ("post", "Post"),
    ("visualization", "Visualization"),
    ("hardware", "Connected device"),
];

/// Reuse topics, as udata names them, with English labels.
pub const TOPICS: &[(&str, &str)] = &[
    ("health", "Health"),
    ("transport_and_mobility", "Transport and mobility"),
    ("housing_and_development", "Housing and development"),
    ("food_and_agriculture", "Food and agriculture"),
    ("culture_and_recreation", "Culture and recreation"),
    ("economy_and_business", "Economy and business"),
    ("environment_and_energy", "Environment and energy"),
    ("work_and_training", "Work and training"),
    ("politics_and_public_life", "Politics and public life"),
    ("safety_and_security", "Safety and security"),
    ("education_and_research", "Education and research"),
    ("society_and_demography", "Society and demography"),
    ("law_and_justice", "Law and justice"),
    ("open_data_tools", "Open data tools"),
    ("others", "Others"),
];

/// Whether `id` is one of `list`'s ids.
pub fn is_one_of(list: &[(&str, &str)], id: &str) -> bool {
    list.iter().any(|(known, _)| *known == id)
}

/// The ids of `list`, for error messages.
pub fn ids(list: &[(&str, &str)]) -> String {
    list.iter()
        .map(|(id, _)| *id)
        .collect::<Vec<_>>()
        .join(", ")
}
