//! The house stands: imports go one way. Each module of the crate names only modules of the
//! layers below its own (`crate::x` in code, `use crate::{x, ..}` and doc links alike), so
//! no stage names a later one, `page` and `resource` do not name each other, `diagnostics`
//! names nothing but `text`, and only the pipeline names `emit_rust`. Test-only files and
//! test modules (`#[cfg(test)]`) may name any layer: a fixture may run the whole pipeline.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Lowest first. Modules of one layer do not name each other.
const LAYERS: &[&[&str]] = &[
    &["text", "vocabulary", "file_header", "rust_print"],
    &["diagnostics", "model"],
    &["doc"],
    &["read"],
    &["page", "resource"],
    &["merge"],
    &["check_examples"],
    &["emit_rust", "emit_permissions"],
    &["output"],
    &["pipeline"],
    &["cache", "changelog", "report"],
];

/// Names a module may not use even from a higher layer.
const ONLY: &[(&str, &[&str])] = &[("emit_rust", &["pipeline"])];

const MAX_LINES: usize = 800;

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The modules of the crate a text names: `crate::x` and `crate::{x, y::z}`.
fn named(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                out.push(name);
            }
        } else {
            out.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    out.retain(|n| layer(n).is_some());
    out
}

/// The part of a file compiled outside tests: up to its `#[cfg(test)] mod tests {`.
fn non_test(text: &str) -> &str {
    match text.find("#[cfg(test)]\nmod tests {") {
        Some(i) => &text[..i],
        None => text,
    }
}

/// Every `.rs` file under `dir`, and whether it is compiled only for tests (declared under
/// `#[cfg(test)]` by its parent, or inside such a file).
fn files(dir: &Path, test_only: bool, out: &mut BTreeMap<PathBuf, bool>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in &entries {
        if path.extension().is_some_and(|e| e == "rs") {
            out.entry(path.clone()).or_insert(test_only);
        }
    }
    // A file's `#[cfg(test)] mod x;` marks `x.rs`, `x/mod.rs` and everything under `x/`.
    for path in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "rs")) {
        let text = std::fs::read_to_string(path).unwrap();
        let folder = match path.file_name().unwrap().to_str().unwrap() {
            "mod.rs" | "lib.rs" => path.parent().unwrap().to_path_buf(),
            _ => path.with_extension(""),
        };
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(name) = line.strip_prefix("mod ").and_then(|l| l.strip_suffix(';')) else { continue };
            let child_test_only = out[path] || (i > 0 && lines[i - 1].trim() == "#[cfg(test)]");
            if child_test_only {
                out.insert(folder.join(format!("{name}.rs")), true);
                out.insert(folder.join(name).join("mod.rs"), true);
                if folder.join(name).is_dir() {
                    files(&folder.join(name), true, out);
                }
            }
        }
    }
    for path in entries.iter().filter(|p| p.is_dir()) {
        let marked = out.get(&path.with_extension("rs")).copied().unwrap_or(false)
            || out.get(&path.join("mod.rs")).copied().unwrap_or(false);
        files(path, test_only || marked, out);
    }
}

/// Every import against the rules, as `file: module names x`.
fn violations(src: &Path) -> Vec<String> {
    let mut all = BTreeMap::new();
    files(src, false, &mut all);
    let mut found = Vec::new();
    for (path, test_only) in all.iter().filter(|(p, _)| p.exists()) {
        let rel = path.strip_prefix(src).unwrap();
        let module = rel.components().next().unwrap().as_os_str().to_str().unwrap().trim_end_matches(".rs");
        let text = std::fs::read_to_string(path).unwrap();
        if text.lines().count() > MAX_LINES {
            found.push(format!("{}: over {MAX_LINES} lines", rel.display()));
        }
        if *test_only || module == "lib" || module == "main" || module == "layers_tests" {
            continue;
        }
        let Some(own) = layer(module) else {
            found.push(format!("{}: module `{module}` has no layer", rel.display()));
            continue;
        };
        for name in named(non_test(&text)) {
            let theirs = layer(&name).unwrap();
            let only = ONLY.iter().find(|(m, _)| *m == name).is_some_and(|(_, users)| !users.contains(&module));
            if name != module && (theirs >= own || only) {
                found.push(format!("{}: `{module}` names `{name}`", rel.display()));
            }
        }
    }
    found
}

#[test]
fn imports_go_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(found.is_empty(), "imports against the layers:\n{}", found.join("\n"));
}

#[test]
fn the_check_sees_a_wrong_import() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("diagnostics")).unwrap();
    std::fs::create_dir_all(src.join("resource")).unwrap();
    std::fs::write(src.join("lib.rs"), "mod diagnostics;\nmod resource;\nmod output;\nmod emit_rust;\n").unwrap();
    std::fs::write(src.join("diagnostics.rs"), "mod render;\nuse crate::text::is_hidden;\n").unwrap();
    std::fs::write(src.join("diagnostics/render.rs"), "fn f() { crate::read::discover(); }\n").unwrap();
    std::fs::write(src.join("resource/mod.rs"), "#[cfg(test)]\nmod tests;\nuse crate::{doc, page::x};\n").unwrap();
    std::fs::write(src.join("resource/tests.rs"), "use crate::pipeline;\n").unwrap();
    std::fs::write(
        src.join("output.rs"),
        "use crate::emit_rust::x;\n#[cfg(test)]\nmod tests {\nuse crate::pipeline;\n}\n",
    )
    .unwrap();
    std::fs::write(src.join("emit_rust.rs"), "use crate::runtime::Client;\n".repeat(MAX_LINES + 1)).unwrap();
    let found = violations(src);
    assert_eq!(
        found,
        [
            "diagnostics/render.rs: `diagnostics` names `read`",
            "emit_rust.rs: over 800 lines",
            "output.rs: `output` names `emit_rust`",
            "resource/mod.rs: `resource` names `page`",
        ],
        "{found:#?}"
    );
}
