//! portfolio-guard: least-privilege checks for Meta Business Portfolio access, in Rego.

pub mod api;
pub mod collect;
pub mod compare;
pub mod config;
pub mod docs;
pub mod engine;
pub mod error;
pub mod facts;
pub mod generate;
pub mod glossary;
pub mod import;
pub mod json_path;
pub mod load;
pub mod matrix;
pub mod policy;
pub mod report;
pub mod review;
pub mod samples;
mod serde_words;
pub mod severity;
pub mod snapshot;
pub mod suggest;
pub mod template;
pub mod time;
pub mod vocab;
#[cfg(feature = "wasm")]
pub mod wasm;

/// The crate version, as reported in `tool.version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
