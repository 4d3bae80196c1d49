//! Sweep over every corpus page: no panic, and coverage measured against an
//! independent raw-text check of what the page contains.
//! Run alone with `cargo test -p generator corpus_sweep -- --nocapture` to see the figures.

use super::*;
use crate::model::ApiVersion;
use std::path::{Path, PathBuf};

const CORPORA: &[&str] = &["en-2021", "en-modern", "es-ES", "pt-BR-sxs", "zh-CN"];

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
}

/// Raw-text facts, independent of the parser: does the page have an HTTP request
/// section with a code block, a permissions table, a Response section?
#[derive(Default)]
struct Has {
    http_code: bool,
    permissions_table: bool,
    response: bool,
}

fn raw_facts(text: &str) -> Has {
    let mut has = Has::default();
    let mut section = "";
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with("##") {
            let lower = l.to_lowercase();
            section = if lower.contains("http request") || lower.contains("\"http-request\"") {
                "http"
            } else if lower.ends_with("permissions")
                || lower.contains("\"permissions\"")
                || lower.contains("prerequisites")
            {
                "perm"
            } else if lower.ends_with(" response") && !lower.starts_with("###")
                || lower.contains("\"response\"") && lower.starts_with("## ")
            {
                has.response = true;
                "resp"
            } else {
                ""
            };
        } else if section == "http" && l.starts_with("```") {
            has.http_code = true;
        } else if section == "perm" && l.starts_with('|') && (l.to_lowercase().contains("deleg") || l.contains("委派"))
        {
            has.permissions_table = true;
        }
    }
    has
}

#[test]
fn corpus_sweep() {
    let root = corpus_root();
    let mut failures = Vec::new();
    for corpus in CORPORA {
        let includes = crate::read::FsIncludes::new(&root.join(corpus));
        let (mut pages, mut http, mut http_ok, mut perm, mut perm_ok, mut resp, mut resp_ok) = (0, 0, 0, 0, 0, 0, 0);
        let mut misses: Vec<String> = Vec::new();
        let mut by_code = std::collections::BTreeMap::<&str, usize>::new();
        let expected_locale = match *corpus {
            "es-ES" => "es-es",
            "pt-BR-sxs" => "pt-br",
            "zh-CN" => "zh-cn",
            _ => "en-us",
        };
        let mut locale_ok = 0;
        for version in ["v1.0", "beta"] {
            let dir = root.join(corpus).join("api-reference").join(version).join("api");
            // A missing corpus folder fails the test: it must never score as a perfect sweep.
            let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("corpus folder {}: {e}", dir.display()));
            let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths {
                let Ok(text) = std::fs::read_to_string(&path) else { continue };
                let file = format!(
                    "api-reference/{version}/api/{}",
                    path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
                );
                let input = PageInput {
                    file: file.clone(),
                    text,
                    locale: None,
                    version: ApiVersion::parse(version),
                    folder_kind: None,
                };
                let r = std::panic::catch_unwind(|| parse(&input, &includes));
                let Ok(r) = r else {
                    failures.push(format!("{corpus}/{file}: panic"));
                    continue;
                };
                for d in &r.diagnostics {
                    *by_code.entry(d.code.as_str()).or_default() += 1;
                }
                let Some(p) = r.page else { continue };
                pages += 1;
                locale_ok += usize::from(p.locale == expected_locale);
                let has = raw_facts(&input.text);
                if has.http_code {
                    http += 1;
                    if p.endpoints.is_empty() {
                        misses.push(format!("endpoints {file}"))
                    } else {
                        http_ok += 1
                    }
                }
                let has_perm_table = has.permissions_table || input.text.contains("includes/permissions/");
                if has_perm_table {
                    perm += 1;
                    let got = p.permissions.as_ref().is_some_and(|t| !t.is_empty());
                    if got {
                        perm_ok += 1
                    } else {
                        misses.push(format!("permissions {file}"))
                    }
                }
                if has.response {
                    resp += 1;
                    if p.status().is_some() {
                        resp_ok += 1
                    } else {
                        misses.push(format!("status {file}"))
                    }
                }
            }
        }
        assert!(pages > 50, "{corpus}: only {pages} pages swept");
        let pct = |a: usize, b: usize| if b == 0 { 100.0 } else { 100.0 * a as f64 / b as f64 };
        println!(
            "{corpus}: {pages} pages; endpoints {http_ok}/{http} ({:.2}%), permissions {perm_ok}/{perm} ({:.2}%), status {resp_ok}/{resp} ({:.2}%)",
            pct(http_ok, http), pct(perm_ok, perm), pct(resp_ok, resp)
        );
        println!("  locale detected as {expected_locale}: {locale_ok}/{pages}");
        println!("  diagnostics: {by_code:?}");
        for m in misses.iter().take(8) {
            println!("  miss: {m}");
        }
        if *corpus == "en-2021" {
            assert!(pct(http_ok, http) >= 99.5, "endpoint coverage");
            assert!(pct(perm_ok, perm) >= 99.0, "permissions coverage");
            assert!(pct(resp_ok, resp) >= 99.0, "status coverage");
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
}
