//! Real resource pages of `../shared/corpus/en-2021` turned into model types: what a reviewer
//! reads to judge the Rust a Graph type becomes (one snapshot per family file).

use std::fs;

use acceptance::corpus;
use generator::pipeline;

/// Small types that refer to each other (`recipient` → `emailAddress`, `itemBody` →
/// `bodyType`), a base type (`entity`) and the page listing the v1.0 enums.
const PAGES: &[&str] = &["itembody.md", "emailaddress.md", "recipient.md", "entity.md", "enums.md"];

/// The family files to snapshot: the enum page defines many more enums than these show.
const FAMILIES: &[&str] = &["item.rs", "email.rs", "recipient.rs", "entity.rs", "body.rs"];

#[test]
fn resource_pages_become_model_types() {
    let docs = tempfile::tempdir().unwrap();
    let resources = docs.path().join("en-us/api-reference/v1.0/resources");
    fs::create_dir_all(&resources).unwrap();
    for page in PAGES {
        let from = corpus("en-2021").join("api-reference/v1.0/resources").join(page);
        fs::copy(&from, resources.join(page)).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    }
    // A version module exists only with an operation in it.
    let api = docs.path().join("en-us/api-reference/v1.0/api");
    fs::create_dir_all(&api).unwrap();
    fs::copy(corpus("en-2021").join("api-reference/v1.0/api/user-sendmail.md"), api.join("user-sendmail.md")).unwrap();

    let run = pipeline::run(docs.path(), 1).unwrap();
    let files = pipeline::emit(&run.model).expect("rustfmt formats the crate");
    for family in FAMILIES {
        let path = format!("src/v1_0/models/{family}");
        let file = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"));
        insta::assert_snapshot!(*family, file.contents);
    }
}
