//! The README's Rust code is compiled, so it cannot rot: each ```rust block of `README.md` is a
//! function of `tests/readme/readme.rs` (checked here, line for line), and that file is
//! compiled inside a client generated from real en-2021 pages and their resource pages (the
//! README's examples use typed models), warnings denied.

use std::fs;

use acceptance::corpus;
use acceptance::generated_crate::GeneratedCrate;

const README: &str = include_str!("../../README.md");
const FIXTURE: &str = include_str!("../readme/readme.rs");

/// The pages whose builders the README's blocks call.
const V1_PAGES: &[&str] = &[
    "user-list.md",
    "user-get.md",
    "user-delta.md",
    "user-sendmail.md",
    "user-list-messages.md",
    "group-list-members.md",
    "driveitem-get-content.md",
    "driveitem-put-content.md",
    "profilephoto-get.md",
    "message-send.md",
    "driveitem-createuploadsession.md",
    "reportroot-getoffice365activeusercounts.md",
];
const BETA_PAGES: &[&str] = &["intune-devices-manageddevice-resetpasscode.md"];

/// The ```rust blocks of the README, in order.
fn readme_blocks() -> Vec<String> {
    README.split("```rust\n").skip(1).map(|rest| rest.split("```").next().unwrap_or_default().to_owned()).collect()
}

#[test]
fn every_readme_block_is_a_function_of_the_fixture() {
    let blocks = readme_blocks();
    assert!(blocks.len() >= 7, "the README lost blocks: {}", blocks.len());
    let functions = FIXTURE.matches("\n// README block: ").count();
    assert_eq!(functions, blocks.len(), "one fixture function per README block");
    for block in blocks {
        // Inside a function: every line indented by four spaces.
        let indented: String =
            block.lines().map(|line| if line.is_empty() { "\n".to_owned() } else { format!("    {line}\n") }).collect();
        assert!(FIXTURE.contains(&indented), "tests/readme/readme.rs does not hold this README block:\n{block}");
    }
}

#[test]
fn the_readme_blocks_compile_in_a_client_generated_from_real_pages() {
    let from = corpus("en-2021").join("api-reference");
    let docs = tempfile::tempdir().unwrap();
    for (version, pages) in [("v1.0", V1_PAGES), ("beta", BETA_PAGES)] {
        let api = docs.path().join(format!("en-us/api-reference/{version}/api"));
        fs::create_dir_all(&api).unwrap();
        for page in pages {
            fs::copy(from.join(version).join("api").join(page), api.join(page)).unwrap();
        }
    }
    // The resource pages type the responses (`User`, `Message`, `UploadSession`).
    let resources = docs.path().join("en-us/api-reference/v1.0/resources");
    fs::create_dir_all(&resources).unwrap();
    for entry in fs::read_dir(from.join("v1.0/resources")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), resources.join(entry.file_name())).unwrap();
    }
    let krate = GeneratedCrate::from_docs(docs.path()).unwrap_or_else(|e| panic!("{e}"));
    krate.add_dev_dependencies(&["tokio", "futures-util", "serde_json"]).unwrap();
    // The upload block opens a file with tokio.
    let manifest = krate.path().join("Cargo.toml");
    let text = fs::read_to_string(&manifest).unwrap();
    let with_fs = text.replace("\"rt-multi-thread\"]", "\"rt-multi-thread\", \"fs\"]");
    assert_ne!(text, with_fs, "tokio's features are where this test expects them:\n{text}");
    krate.add_file("Cargo.toml", &with_fs).unwrap();
    krate.add_file("tests/readme.rs", FIXTURE).unwrap();

    let run = krate.cargo_test(&["--test", "readme"]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.passed, 1, "{}", run.output);
}
