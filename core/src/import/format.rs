//! Which catalog export a file is, and its names on the command line and in messages.

use std::fmt;

/// Which catalog export a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// data.gouv.fr's dataset CSV export (`;`-separated, one header row).
    UdataCsv,
    /// A page of udata's `/api/1/datasets/` (`{"data": [...]}`) or a list of datasets.
    UdataJson,
    /// A CKAN `package_search` or `package_show` answer, or a list of packages.
    CkanJson,
}

impl Format {
    /// The value name used on the command line (`udata-csv`, `udata-json`, `ckan-json`).
    pub fn name(self) -> &'static str {
        match self {
            Format::UdataCsv => "udata-csv",
            Format::UdataJson => "udata-json",
            Format::CkanJson => "ckan-json",
        }
    }

    /// What a file of this format is, for messages ("a udata CSV export", ...).
    pub fn description(self) -> &'static str {
        match self {
            Format::UdataCsv => "a udata CSV export of datasets",
            Format::UdataJson => "a udata JSON list of datasets",
            Format::CkanJson => "a CKAN JSON API answer",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
