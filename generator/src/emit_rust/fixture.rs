//! The seed pages' model (from the real pipeline) and the helpers other emitter tests
//! build models with.

use crate::model::*;

pub fn src(file: &str, line: u32) -> Source {
    Source { file: file.into(), line }
}

pub fn sourced(value: &str, file: &str, line: u32) -> Sourced<String> {
    Sourced::new(value.into(), src(file, line))
}

/// An endpoint from a documented template; `{name}` marks parameters.
pub fn endpoint(method: Method, path: &str, file: &str, line: u32) -> Endpoint {
    Endpoint::new(method, path.into(), None, src(file, line))
}

pub fn page(file: &str, locale: &str, authoritative: bool) -> Contributor {
    Contributor { file: file.into(), locale: locale.into(), authoritative }
}

/// The model of the seed pages, as the pipeline reads it from `docs-input/`.
pub fn seed_model() -> Model {
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input");
    crate::pipeline::run(&docs, 1).expect("docs-input/ is readable").model
}
