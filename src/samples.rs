//! The bundled examples, embedded so every front end (CLI, page, extension) can load them
//! with no files on disk.

use serde::Serialize;

/// A sample: a snapshot and the org config that goes with it, as JSON text (the answer of
/// [`crate::api::samples_json`] lists them as they are).
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Sample {
    pub name: &'static str,
    pub description: &'static str,
    pub snapshot: &'static str,
    pub config: &'static str,
}

pub const AGENCY_ONBOARDING: Sample = Sample {
    name: "agency-onboarding",
    description: "Northwind Outdoor onboarding three partners, with problems planted",
    snapshot: include_str!("../examples/agency-onboarding/snapshot.json"),
    config: include_str!("../examples/agency-onboarding/org.json"),
};

pub const CLEAN: Sample = Sample {
    name: "clean",
    description: "Fjordline Coffee Roasters: everything as the catalog asks, no findings",
    snapshot: include_str!("../examples/clean/snapshot.json"),
    config: include_str!("../examples/clean/org.json"),
};

/// Makes every built-in rule fire at least once; the source of the docs' example findings.
pub const KITCHEN_SINK: Sample = Sample {
    name: "kitchen-sink",
    description: "Every built-in rule fires at least once",
    snapshot: include_str!("../examples/kitchen-sink/snapshot.json"),
    config: include_str!("../examples/kitchen-sink/org.json"),
};

pub const ALL: [Sample; 3] = [AGENCY_ONBOARDING, CLEAN, KITCHEN_SINK];

pub fn by_name(name: &str) -> Option<Sample> {
    ALL.into_iter().find(|s| s.name == name)
}
