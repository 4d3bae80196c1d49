//! Real resource pages of `../shared/corpus/en-2021` turned into model types: what a reviewer
//! reads to judge the Rust a Graph type becomes (one snapshot per family file); and how the
//! generated models decode (lenient and lossless), run inside a generated crate.

use std::fs;
use std::path::Path;

use acceptance::corpus;
use acceptance::generated_crate::GeneratedCrate;
use generator::pipeline;

/// Small types that refer to each other (`recipient` → `emailAddress`, `itemBody` →
/// `bodyType`), a base type (`entity`) with a derived type (`extension`) and a derived type of
/// that (`openTypeExtension`): their kind enums, and the page listing the v1.0 enums.
const PAGES: &[&str] = &[
    "itembody.md",
    "emailaddress.md",
    "recipient.md",
    "entity.md",
    "extension.md",
    "opentypeextension.md",
    "enums.md",
];

/// The family files to snapshot: the enum page defines many more enums than these show.
const FAMILIES: &[&str] = &["item.rs", "email.rs", "recipient.rs", "entity.rs", "extension.rs", "body.rs"];

#[test]
fn resource_pages_become_model_types() {
    let docs = tempfile::tempdir().unwrap();
    let resources = docs.path().join("en-us/api-reference/v1.0/resources");
    fs::create_dir_all(&resources).unwrap();
    for page in PAGES {
        let from = corpus("en-2021").join("api-reference/v1.0/resources").join(page);
        fs::copy(&from, resources.join(page)).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    }
    with_an_operation(docs.path());

    let run = pipeline::run(docs.path(), 1).unwrap();
    let files = pipeline::emit(&run.model);
    for family in FAMILIES {
        let path = format!("src/v1_0/models/{family}");
        let file = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"));
        insta::assert_snapshot!(*family, file.contents);
    }
}

/// A resource page with one property of each kind a value can fail to decode into.
const LENIENT_SAMPLE: &str = include_str!("../models_lenient/sample.md");
/// The tests run inside the generated crate.
const LENIENT_TESTS: &str = include_str!("../models_lenient/lenient.rs");

/// Copies en-2021's v1.0 `user-sendmail.md` under `docs` (a version module exists only with
/// an operation in it).
fn with_an_operation(docs: &Path) {
    let api = docs.join("en-us/api-reference/v1.0/api");
    fs::create_dir_all(&api).unwrap();
    fs::copy(corpus("en-2021").join("api-reference/v1.0/api/user-sendmail.md"), api.join("user-sendmail.md")).unwrap();
}

/// `runtime::model` through the generated models: a value that does not decode is kept raw and
/// logged, serializing writes it back, numbers OData JSON writes as strings decode (see
/// `models_lenient/lenient.rs` for each case).
#[test]
fn generated_models_decode_leniently_and_losslessly() {
    let docs = tempfile::tempdir().unwrap();
    let resources = docs.path().join("en-us/api-reference/v1.0/resources");
    fs::create_dir_all(&resources).unwrap();
    fs::write(resources.join("lenientsample.md"), LENIENT_SAMPLE).unwrap();
    let geo = corpus("en-2021").join("api-reference/v1.0/resources/geocoordinates.md");
    fs::copy(&geo, resources.join("geocoordinates.md")).unwrap_or_else(|e| panic!("{}: {e}", geo.display()));
    with_an_operation(docs.path());

    let krate = GeneratedCrate::from_docs(docs.path()).unwrap_or_else(|e| panic!("{e}"));
    krate.add_file("tests/lenient.rs", LENIENT_TESTS).unwrap();
    let run = krate.cargo_test(&["--features", "v1-all-models", "--test", "lenient"]).unwrap_or_else(|e| panic!("{e}"));
    let tests = LENIENT_TESTS.matches("#[test]").count();
    assert_eq!(run.passed, tests, "not every test ran:\n{}", run.output);
}

/// The tests that run inside a crate generated from the pages of `models_polymorphic/`.
const POLYMORPHIC_TESTS: &str = include_str!("../models_polymorphic/polymorphic.rs");

/// Polymorphic values: a `directoryObject` decodes into the derived type its `@odata.type`
/// names (`into_kind`), and back (`From`), losing nothing (see `models_polymorphic/polymorphic.rs`).
#[test]
fn generated_models_decode_derived_types_by_their_odata_type() {
    let docs = tempfile::tempdir().unwrap();
    let resources = docs.path().join("en-us/api-reference/v1.0/resources");
    fs::create_dir_all(&resources).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("models_polymorphic");
    let mut pages = 0;
    for entry in fs::read_dir(&fixture).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            fs::copy(&path, resources.join(path.file_name().unwrap())).unwrap();
            pages += 1;
        }
    }
    assert_eq!(pages, 4, "the fixture's pages");
    with_an_operation(docs.path());

    let krate = GeneratedCrate::from_docs(docs.path()).unwrap_or_else(|e| panic!("{e}"));
    krate.add_file("tests/polymorphic.rs", POLYMORPHIC_TESTS).unwrap();
    let run =
        krate.cargo_test(&["--features", "v1-all-models", "--test", "polymorphic"]).unwrap_or_else(|e| panic!("{e}"));
    let tests = POLYMORPHIC_TESTS.matches("#[test]").count();
    assert_eq!(run.passed, tests, "not every test ran:\n{}", run.output);
}
