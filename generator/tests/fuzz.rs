//! Random and hostile pages through parse → merge → emit.
//!
//! Pages are built from fragments (titles, front matter, request blocks, permission tables,
//! includes, annotations, responses, fences, noise) filled with random Unicode weighted
//! towards what breaks things: bidi controls, NUL, terminal escapes, backticks, braces,
//! multi-byte letters. For every case: nothing panics, every page ends up in an operation or
//! has a diagnostic, the emitted Rust parses with syn, its names are ASCII identifiers, and
//! neither its source nor its rustdoc holds a control, bidi or invisible character or a code
//! fence; rendered diagnostics have one header line per diagnostic, whatever the file names,
//! and no terminal escapes or bidi controls; nothing from outside the docs root (through a
//! symlink) reaches the output.
//!
//! Bounded for CI: a fixed number of cases from a fixed seed, so every run tries the same
//! pages and a failure reproduces (512 cases take a few seconds). `FUZZ_CASES=N` runs more;
//! `FUZZ_STATS=1` prints how far each case got (most reach the emitters).

use std::path::Path;

use generator::diagnostics::{Code, Diagnostic, SourceMap};
use generator::model::{ApiVersion, GeneratedFile, Model};
use generator::page::{self, PageInput};
use generator::read::FsIncludes;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

/// Characters rustc, clippy or a terminal treat specially, and a few that split identifiers.
const SPECIAL: &[char] = &[
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
    '\u{200E}', '\u{200F}', '\u{200B}', '\u{FEFF}', '\u{AD}', '\0', '\u{1b}', '\u{7f}', '\u{85}', '\u{2028}', '\r',
    '\n', '\t', '`', '`', '`', '~', '|', '{', '}', '/', '.', '#', '<', '>', '[', ']', '"', '\\', ':', '-', ' ', '$',
    '(', ')', '\'', '*', '!', 'é', '权', 'ß', '\u{301}', '٣',
];

/// What the fuzz test asserts never reaches generated source or rustdoc (an oracle of its own,
/// independent of the generator's sanitiser).
fn forbidden(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}' | '\u{FEFF}' | '\u{AD}')
        || (c.is_control() && c != '\n')
}

fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => proptest::char::any(),
        3 => proptest::char::range('a', 'z'),
        1 => proptest::char::range('A', 'Z'),
        3 => proptest::sample::select(SPECIAL),
    ]
}

fn hostile_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 0..max).prop_map(|chars| chars.into_iter().collect())
}

fn word() -> impl Strategy<Value = String> {
    prop::collection::vec(proptest::char::range('a', 'z'), 1..10).prop_map(|chars| chars.into_iter().collect())
}

fn title() -> impl Strategy<Value = String> {
    prop_oneof![
        (word(), word()).prop_map(|(a, b)| format!("# Get {a} {b}\n")),
        hostile_text(30).prop_map(|t| format!("# {t}\n")),
        hostile_text(20).prop_map(|t| format!("# {t} action\n")),
        Just("# Get éééé\n".to_owned()),
        Just("# ```rust\n".to_owned()),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    (hostile_text(30), hostile_text(40)).prop_map(|(title, description)| {
        let (title, description) = (title.replace(['\n', '"'], " "), description.replace(['\n', '"'], " "));
        format!("---\ntitle: \"{title}\"\ndescription: \"{description}\"\ndoc_type: apiPageType\n---\n")
    })
}

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => word(),
        2 => hostile_text(8).prop_map(|t| format!("{{{t}}}")),
        2 => hostile_text(10),
        1 => proptest::sample::select(vec!["..", ".", "$count", "microsoft.graph.delta()", "{a}{b}", "type", "self"])
            .prop_map(str::to_owned),
        1 => (word(), word()).prop_map(|(f, p)| format!("{f}(period='{{{p}}}')")),
    ]
}

fn request_block() -> impl Strategy<Value = String> {
    let method = prop_oneof![
        4 => proptest::sample::select(vec!["GET", "POST", "PATCH", "DELETE", "PUT"]),
        1 => proptest::sample::select(vec!["get", "FETCH", ""]),
    ];
    let path = prop::collection::vec(segment(), 0..6).prop_map(|s| format!("/{}", s.join("/")));
    let query = prop::option::of(hostile_text(10));
    prop::collection::vec((method, path, query), 1..4).prop_map(|lines| {
        let lines: String = lines
            .into_iter()
            .map(|(m, p, q)| match q {
                Some(q) => format!("{m} {p}?{q}\n"),
                None => format!("{m} {p}\n"),
            })
            .collect();
        format!("## HTTP request\n\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{lines}```\n")
    })
}

fn include_target() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "../includes/permissions/ok.md",
            "../includes/permissions/link-out.md",
            "../includes/permissions/linked-dir/secret.md",
            "../includes/permissions/fifo",
            "../includes/permissions",
            "../includes/permissions/missing.md",
            "../../../../../../etc/passwd",
            "/etc/passwd",
            "",
            "../includes/permissions/\u{202E}x\0.md",
        ])
        .prop_map(str::to_owned),
        hostile_text(20),
    ]
}

fn permissions() -> impl Strategy<Value = String> {
    let cell = prop_oneof![
        proptest::sample::select(vec![
            "Delegated (work or school account)",
            "Delegated (personal Microsoft account)",
            "Application",
            "User.Read",
            "User.Read, User.ReadWrite.All",
            "Not supported.",
            "Permission type",
            "",
        ])
        .prop_map(str::to_owned),
        hostile_text(12).prop_map(|t| t.replace(['\n', '|'], " ")),
    ];
    // Wide and long tables too: cells are cheap, so a few dozen columns stay fast.
    let table = (1usize..40, 1usize..12).prop_flat_map(move |(cols, rows)| {
        prop::collection::vec(prop::collection::vec(cell.clone(), cols), rows).prop_map(move |rows| {
            let mut out = String::new();
            for (i, row) in rows.iter().enumerate() {
                out.push_str(&format!("|{}|\n", row.join("|")));
                if i == 0 {
                    out.push_str(&format!("|{}\n", ":---|".repeat(cols)));
                }
            }
            out
        })
    });
    (prop::option::of(include_target()), table).prop_map(|(include, table)| {
        let include = include.map(|t| format!("[!INCLUDE [permissions-table]({t})]\n\n")).unwrap_or_default();
        format!("## Permissions\n\nOne of the following permissions:\n\n{include}{table}\n")
    })
}

fn annotation() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<!-- { \"blockType\": \"request\", \"name\": \"x\" } -->\n".to_owned()),
        Just("<!-- { blockType: 'response', truncated: \"true\", } -->\n".to_owned()),
        Just("<!-- {\n".to_owned()),
        hostile_text(40).prop_map(|t| format!("<!-- {{ {t} }} -->\n")),
        hostile_text(20).prop_map(|t| format!("<!-- {{ \"blockType\": \"{t}\", \"{t}\": 1 }} -->\n")),
    ]
}

fn response() -> impl Strategy<Value = String> {
    let status = proptest::sample::select(vec!["200 OK", "204 No Content", "201 Created", "999 What", "OK", ""]);
    (status, hostile_text(20)).prop_map(|(s, prose)| {
        format!("## Response\n\nIf successful, returns `{s}`. {prose}\n\n```http\nHTTP/1.1 {s}\n```\n")
    })
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        title(),
        hostile_text(80).prop_map(|t| format!("{t}\n\n")),
        request_block(),
        permissions(),
        annotation(),
        response(),
        Just("```\n".to_owned()),
        Just("~~~rust\nfn main() {}\n".to_owned()),
        Just("\0\0\0\n".to_owned()),
        hostile_text(20).prop_map(|t| format!("## {t}\n\n")),
    ]
}

fn page_text() -> impl Strategy<Value = String> {
    let body = prop::collection::vec(fragment(), 0..8).prop_shuffle();
    // Most pages get a title and a request block, so that most cases reach the emitters.
    let head = (prop::option::weighted(0.3, front_matter()), prop::option::weighted(0.9, title()));
    (head, prop::option::weighted(0.9, request_block()), body).prop_map(|((fm, title), request, body)| {
        let [fm, title, request] = [fm, title, request].map(Option::unwrap_or_default);
        format!("{fm}{title}{request}{}", body.concat())
    })
}

/// One page of a case: its text, a (possibly odd) file name, and what its path would say.
#[derive(Debug, Clone)]
struct Spec {
    text: String,
    name: String,
    locale: Option<&'static str>,
    version: Option<ApiVersion>,
}

fn spec() -> impl Strategy<Value = Spec> {
    let locale = prop::option::weighted(0.8, proptest::sample::select(vec!["en-us", "pt-br", "xx-yy"]));
    let version = prop::option::weighted(0.8, proptest::sample::select(vec![ApiVersion::V1, ApiVersion::Beta]));
    (page_text(), hostile_text(16), locale, version).prop_map(|(text, name, locale, version)| Spec {
        text,
        name,
        locale,
        version,
    })
}

/// A docs root with the include targets the pages may name: a good one, symlinks to a file
/// and a folder outside the root, a FIFO, and a folder.
fn docs_root() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    let includes = dir.path().join("docs/en-us/api-reference/v1.0/includes");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(includes.join("permissions")).unwrap();
    std::fs::create_dir_all(dir.path().join("docs/en-us/api-reference/v1.0/api")).unwrap();
    std::fs::write(
        includes.join("permissions/ok.md"),
        "|Permission type|Permissions|\n|:---|:---|\n|Application|User.Read.All|\n",
    )
    .unwrap();
    std::fs::write(
        outside.join("secret.md"),
        "|Permission type|Permissions|\n|:---|:---|\n|Application|Leaked.Secret.All|\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.join("secret.md"), includes.join("permissions/link-out.md")).unwrap();
        std::os::unix::fs::symlink(&outside, includes.join("permissions/linked-dir")).unwrap();
        rustix::fs::mknodat(
            rustix::fs::CWD,
            includes.join("permissions/fifo"),
            rustix::fs::FileType::Fifo,
            0o600.into(),
            0,
        )
        .unwrap();
    }
    dir
}

/// Runs one case through every check; returns its diagnostics.
fn check_case(specs: &[Spec], root: &Path, includes: &FsIncludes) -> Result<Vec<Diagnostic>, TestCaseError> {
    let inputs: Vec<PageInput> = specs
        .iter()
        .enumerate()
        .map(|(i, s)| PageInput {
            file: format!("en-us/api-reference/v1.0/api/{i}-{}.md", s.name),
            text: s.text.clone(),
            locale: s.locale.map(str::to_owned),
            version: s.version,
            folder_kind: Some(generator::model::PageKind::Api),
        })
        .collect();
    let mut sources = SourceMap::with_root(root);
    let mut pages = Vec::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for input in &inputs {
        let result = page::parse(input, includes);
        sources.add(&input.file, input.text.clone());
        for inc in result.included {
            sources.add(&inc.file, inc.text);
        }
        pages.extend(result.page);
        diagnostics.extend(result.diagnostics);
    }
    let (model, merged) = generator::merge::merge(&pages, &sources);
    diagnostics.extend(merged);

    // The per-page and per-operation guards turn a panic into G0008; the fuzz test wants none.
    let internal = diagnostics.iter().find(|d| d.code == Code::InternalError);
    prop_assert!(internal.is_none(), "generator bug: {:?}", internal);
    for input in &inputs {
        let reported = diagnostics.iter().any(|d| d.file == input.file);
        let merged = model.operations.iter().any(|op| op.pages.iter().any(|p| p.file == input.file));
        prop_assert!(reported || merged, "page {:?} yielded neither an operation nor a diagnostic", input.file);
    }
    let rendered = sources.render_to_string(&diagnostics);
    let headers = rendered.lines().filter(|l| ["error[", "warning[", "note["].iter().any(|p| l.starts_with(p)));
    prop_assert_eq!(headers.count(), diagnostics.len(), "forged or lost diagnostic lines:\n{}", rendered);
    // Tabs and CRLF line ends are shown as they are; nothing else that steers a terminal.
    let steering = rendered.chars().find(|&c| forbidden(c) && !matches!(c, '\t' | '\r'));
    prop_assert!(steering.is_none(), "rendered diagnostics hold {:?}", steering);

    if std::env::var_os("FUZZ_STATS").is_some() {
        let fns: usize = model.operations.iter().map(|o| o.endpoints.len()).sum();
        eprintln!(
            "pages {} operations {} fns {} diagnostics {}",
            inputs.len(),
            model.operations.len(),
            fns,
            diagnostics.len()
        );
    }
    let mut files = generator::emit_rust::emit(&model);
    files.extend(generator::emit_permissions::emit(&model));
    check_emitted(&model, &files)?;
    Ok(diagnostics)
}

fn check_emitted(model: &Model, files: &[GeneratedFile]) -> Result<(), TestCaseError> {
    for file in files {
        prop_assert!(!file.contents.contains("Leaked.Secret"), "{} holds text from outside the root", file.path);
        // Every Rust file: the fixed templates (the runtime, the lookup) pass the same checks.
        if !file.path.ends_with(".rs") {
            continue;
        }
        let bad = file.contents.chars().find(|&c| forbidden(c));
        prop_assert!(bad.is_none(), "{} holds {:?} in its source", file.path, bad);
        let parsed = syn::parse_file(&file.contents);
        prop_assert!(parsed.is_ok(), "{} does not parse: {:?}", file.path, parsed.err());
        let parsed = parsed.unwrap();
        let mut docs = doc_strings(&parsed.attrs);
        for item in &parsed.items {
            match item {
                syn::Item::Fn(f) => {
                    docs.extend(doc_strings(&f.attrs));
                    check_ident(&f.sig.ident)?;
                    for input in &f.sig.inputs {
                        if let syn::FnArg::Typed(arg) = input {
                            if let syn::Pat::Ident(p) = &*arg.pat {
                                check_ident(&p.ident)?;
                            }
                        }
                    }
                }
                syn::Item::Mod(m) => check_ident(&m.ident)?,
                syn::Item::Const(c) => docs.extend(doc_strings(&c.attrs)),
                _ => {}
            }
        }
        // The crate docs and the hand-written runtime's docs (its crate root, the
        // undecoded-value log in `model.rs`) hold one example each: the only fences allowed
        // (none carries page text).
        let hand_written_example = matches!(file.path.as_str(), "runtime/src/lib.rs" | "runtime/src/model.rs");
        let allowed_fences =
            if (file.path == "src/lib.rs" && !model.operations.is_empty()) || hand_written_example { 2 } else { 0 };
        let fences: Vec<&str> = docs
            .iter()
            .flat_map(|d| d.lines())
            .filter(|l| {
                let l = l.trim_start();
                l.starts_with("```") || l.starts_with("~~~")
            })
            .collect();
        prop_assert!(fences.len() <= allowed_fences, "{}: doc fences {:?}", file.path, fences);
        for doc in &docs {
            prop_assert!(!doc.chars().any(forbidden), "{}: rustdoc {:?}", file.path, doc);
        }
    }
    Ok(())
}

fn doc_strings(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn check_ident(ident: &syn::Ident) -> Result<(), TestCaseError> {
    let name = ident.to_string();
    prop_assert!(name.is_ascii(), "non-ASCII identifier {}", name);
    prop_assert!(syn::parse_str::<syn::Ident>(&name).is_ok(), "not an identifier: {}", name);
    Ok(())
}

fn cases() -> u32 {
    std::env::var("FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(512)
}

#[test]
fn hostile_pages_never_panic_and_emit_a_clean_crate() {
    let dir = docs_root();
    let root = dir.path().join("docs");
    let includes = FsIncludes::new(&root);
    let config = Config { cases: cases(), failure_persistence: None, max_shrink_iters: 2_000, ..Config::default() };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let strategy = prop::collection::vec(spec(), 1..4);
    let started = std::time::Instant::now();
    let result = runner.run(&strategy, |specs| check_case(&specs, &root, &includes).map(drop));
    if let Err(e) = result {
        panic!("{e}");
    }
    eprintln!("{} cases in {:?}", cases(), started.elapsed());
}

/// The cases the issue reproduced, one page each, checked the same way.
#[test]
fn the_reported_cases_are_diagnostics_or_clean_output() {
    let dir = docs_root();
    let root = dir.path().join("docs");
    let includes = FsIncludes::new(&root);
    let request = "## HTTP request\n\n```http\nGET /users/{id}\n```\n";
    let specs = [
        ("# Get éééé\n", "get"),
        ("# Get \u{202E}user\0 ```rust\n\nLists \u{2066}things\u{2069} ```\nfn main() {}\n", "bidi\u{202E}"),
        ("---\ntitle: \"x\"\ndescription: \"```\"\n---\n# List items\n", "a\nerror[G0001]: forged"),
        ("# Get user\n\n## Permissions\n\n[!INCLUDE [p](../includes/permissions/link-out.md)]\n", "symlink"),
        ("# Get user\n\n## Permissions\n\n[!INCLUDE [p](../includes/permissions/fifo)]\n", "fifo"),
    ]
    .map(|(text, name)| Spec {
        text: format!("{text}{request}"),
        name: name.to_owned(),
        locale: Some("en-us"),
        version: Some(ApiVersion::V1),
    });
    let diagnostics = check_case(&specs, &root, &includes).unwrap();
    let codes_of = |i: usize| -> Vec<&str> {
        let file = format!("en-us/api-reference/v1.0/api/{i}-{}.md", specs[i].name);
        diagnostics.iter().filter(|d| d.file == file).map(|d| d.code.as_str()).collect()
    };
    assert!(codes_of(3).contains(&"G0106"), "symlink out of the root: {:?}", codes_of(3));
    assert!(codes_of(4).contains(&"G0107"), "FIFO include: {:?}", codes_of(4));
}
