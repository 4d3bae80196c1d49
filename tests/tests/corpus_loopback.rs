//! Real corpus operations through generated code, on loopback: generates the client from
//! pages of `../shared/corpus/en-2021` (list users, get a message, send mail, a report
//! function with an argument, get a drive item; downloads and uploads of `/content` and
//! `$value`; a draft's actions), compiles `tests/corpus_loopback/loopback.rs`
//! inside it and runs it with `cargo test` (see `acceptance::generated_crate`). The fixture
//! calls through the builder chains a user writes, against wiremock; what it compares with
//! what the pages say (permissions tables, example requests) is read from the pages here and
//! handed to it as `corpus_facts.json`.

use std::fs;
use std::path::Path;

use acceptance::corpus;
use acceptance::generated_crate::GeneratedCrate;
use serde_json::{json, Map, Value};

const PAGES: &[&str] = &[
    "user-list.md",
    "message-get.md",
    "user-sendmail.md",
    "reportroot-getoffice365activeusercounts.md",
    "driveitem-get.md",
];

/// Pages the fixture calls without facts read here: downloads (`/content` answered with a
/// redirect, a photo's `$value`), a small upload, and a draft's send / createReply / reply.
const MORE_PAGES: &[&str] = &[
    "driveitem-get-content.md",
    "driveitem-put-content.md",
    "profilephoto-get.md",
    "message-send.md",
    "message-createreply.md",
    "message-reply.md",
];

const FIXTURE: &str = include_str!("../corpus_loopback/loopback.rs");

/// The permissions table of a page, per scheme as permissions.json names it: the names from
/// least to most privileged, or "not supported". Read from the table rows' labels and cells
/// only; every scheme must have a row.
fn permissions(page: &str, text: &str) -> Value {
    let section = text.split("## Permissions").nth(1).unwrap_or_else(|| panic!("{page}: no Permissions section"));
    let section = section.split("\n## ").next().unwrap_or_default();
    let mut schemes = Map::new();
    for line in section.lines() {
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
        let [label, names] = cells[..] else { continue };
        let scheme = match label {
            "Delegated (work or school account)" => "DelegatedWork",
            "Delegated (personal Microsoft account)" => "DelegatedPersonal",
            "Application" => "Application",
            _ => continue,
        };
        let names = if names.eq_ignore_ascii_case("not supported.") {
            json!("not supported")
        } else {
            json!(names.split(',').map(str::trim).collect::<Vec<_>>())
        };
        schemes.insert(scheme.to_owned(), names);
    }
    assert_eq!(schemes.len(), 3, "{page}: a row per scheme in {section}");
    Value::Object(schemes)
}

/// The page's first example request: the first fenced block that starts with
/// `METHOD https://graph.microsoft.com/...`; its path (from the version on), and its JSON
/// body if any. `None` when no example has a full URL (driveitem-get.md's is `GET /me/...`).
fn example_request(page: &str, text: &str) -> Option<Value> {
    let blocks = text.split("```").skip(1).step_by(2);
    for block in blocks {
        // The block's first line is its language tag.
        let mut lines = block.lines().skip(1);
        let Some((method, url)) = lines.next().and_then(|l| l.trim().split_once(' ')) else { continue };
        let Some(path) = url.strip_prefix("https://graph.microsoft.com") else { continue };
        // Headers, then a blank line, then the body.
        let body: String = lines.skip_while(|l| !l.trim().is_empty()).collect::<Vec<_>>().join("\n");
        let body = match body.trim() {
            "" => Value::Null,
            json => serde_json::from_str(json).unwrap_or_else(|e| panic!("{page}: example body: {e}\n{json}")),
        };
        return Some(json!({"method": method, "path": path, "body": body}));
    }
    None
}

/// A docs root holding only `PAGES`, copied from the corpus (a missing corpus fails here).
fn docs_root() -> tempfile::TempDir {
    let from = corpus("en-2021").join("api-reference/v1.0/api");
    let docs = tempfile::tempdir().unwrap();
    let api = docs.path().join("en-us/api-reference/v1.0/api");
    fs::create_dir_all(&api).unwrap();
    for page in PAGES.iter().chain(MORE_PAGES) {
        fs::copy(from.join(page), api.join(page))
            .unwrap_or_else(|e| panic!("the corpus page {} is missing: {e}", from.join(page).display()));
    }
    docs
}

fn facts(api: &Path) -> Value {
    let mut permissions = Map::new();
    let mut examples = Map::new();
    for page in PAGES {
        let text = fs::read_to_string(api.join(page)).unwrap();
        permissions.insert(page.to_string(), self::permissions(page, &text));
        if let Some(example) = example_request(page, &text) {
            examples.insert(page.to_string(), example);
        }
    }
    json!({"permissions": permissions, "examples": examples})
}

/// The tests the fixture holds, so that a run which quietly skips some fails.
fn fixture_tests() -> usize {
    FIXTURE.lines().filter(|l| matches!(l.trim(), "#[test]" | "#[tokio::test]")).count()
}

#[test]
fn real_corpus_operations_run_through_the_generated_client_on_loopback() {
    let docs = docs_root();
    let api = docs.path().join("en-us/api-reference/v1.0/api");
    let krate = GeneratedCrate::from_docs(docs.path()).unwrap_or_else(|e| panic!("{e}"));
    krate.add_dev_dependencies(&["wiremock", "tokio", "serde_json", "futures-util"]).unwrap();
    krate.add_file("tests/loopback.rs", FIXTURE).unwrap();
    krate.add_file("tests/corpus_facts.json", &serde_json::to_string_pretty(&facts(&api)).unwrap()).unwrap();

    let run = krate.cargo_test(&["--test", "loopback"]).unwrap_or_else(|e| panic!("{e}"));

    assert!(fixture_tests() >= 9, "the fixture lost its tests");
    assert_eq!(run.passed, fixture_tests(), "not every fixture test ran:\n{}", run.output);
}

#[test]
fn the_page_readers_read_what_the_pages_say() {
    let docs = docs_root();
    let facts = facts(&docs.path().join("en-us/api-reference/v1.0/api"));
    let list_users = &facts["permissions"]["user-list.md"];
    assert_eq!(list_users["DelegatedWork"][0], "User.ReadBasic.All");
    assert_eq!(list_users["DelegatedWork"][1], "User.Read.All");
    assert_eq!(list_users["DelegatedPersonal"], "not supported");
    assert_eq!(list_users["Application"][0], "User.Read.All");
    assert_eq!(facts["permissions"]["user-sendmail.md"]["Application"], json!(["Mail.Send"]));
    let report = &facts["examples"]["reportroot-getoffice365activeusercounts.md"];
    assert_eq!(report["path"], "/v1.0/reports/getOffice365ActiveUserCounts(period='D7')");
    assert_eq!(report["body"], Value::Null);
    let mail = &facts["examples"]["user-sendmail.md"];
    assert_eq!((&mail["method"], &mail["path"]), (&json!("POST"), &json!("/v1.0/me/sendMail")));
    assert_eq!(mail["body"]["message"]["subject"], "Meet for lunch?");
}
