//! Names that hold (issue 17): a builder type's name and a method's name depend on their own
//! path and pages, never on which other pages exist. en-2021 is generated whole and with a few
//! percent of its pages left out (as if the next docs change added them), for several seeds;
//! every path present in both runs must be served by the same names. Left aside: endpoints a
//! left-out page documents (their pages changed), and methods whose response changed with the
//! pages (`Call<T>` became `Call<Page<T>>`: the signature breaks callers anyway, and the name
//! says which it is: `get` or `list`).

use acceptance::corpus;
use generator::emit_rust::tree::{self, VersionTree};
use generator::model::Model;
use generator::{pipeline, read};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Per cent of pages left out per seed.
const LEFT_OUT: u64 = 5;
const SEEDS: [u64; 3] = [1, 2, 3];

/// What a caller names, by what it is for: `type /users/{}` → `UsersItem`,
/// `nav /users/{}/messages` → `messages`, `GET /users/{}/messages` → `list`.
type Names = BTreeMap<String, BTreeSet<String>>;

/// What one run names, and per endpoint method what it returns.
struct Run {
    names: Names,
    responses: BTreeMap<String, String>,
}

#[test]
fn leaving_pages_out_renames_nothing_that_remains() {
    let root = corpus("en-2021");
    let files = read::discover(&root).expect("the en-2021 corpus");
    let model = run(&root, files.clone());
    let whole = names_of(&model);
    assert!(whole.names.len() > 10_000, "{} names: the corpus is not all there", whole.names.len());
    for seed in SEEDS {
        let kept: Vec<PathBuf> = files.iter().filter(|f| !left_out(f, seed)).cloned().collect();
        assert!(kept.len() < files.len() * 97 / 100, "seed {seed}: too few pages left out");
        let touched = documented_by(&model, |file| left_out(std::path::Path::new(file), seed));
        let part = names_of(&run(&root, kept));
        let mut aside = 0;
        let renamed: Vec<String> = part
            .names
            .iter()
            .filter(|(what, _)| {
                // A POST is `create` on a collection: it follows what the path's GET returns.
                let get = what.replacen(" POST ", " GET ", 1);
                let changed = touched.contains(*what)
                    || whole.responses.get(*what) != part.responses.get(*what)
                    || whole.responses.get(&get) != part.responses.get(&get);
                aside += usize::from(changed);
                !changed
            })
            .filter_map(|(what, names)| {
                // Names erase parameter names (`/shares/{}`): a path left out takes its name
                // along, a path kept keeps its own.
                let before = whole.names.get(what)?;
                (!names.is_subset(before))
                    .then(|| format!("{what}: {before:?} with every page, {names:?} without some"))
            })
            .collect();
        assert!(
            renamed.is_empty(),
            "seed {seed}: {} names changed (of {} in both runs, {aside} left aside):\n{}",
            renamed.len(),
            part.names.keys().filter(|k| whole.names.contains_key(*k)).count(),
            renamed.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
        );
    }
}

fn run(root: &std::path::Path, files: Vec<PathBuf>) -> Model {
    pipeline::run_files(root, files, 0).expect("the corpus reads").model
}

/// Whether `file` is left out in the run of `seed` (FNV-1a of its path: stable, no dependency).
fn left_out(file: &std::path::Path, seed: u64) -> bool {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for byte in file.to_string_lossy().bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash % 100 < LEFT_OUT
}

/// The endpoint methods (`v1.0 GET /users/{}`) documented by a page `left_out` says is.
fn documented_by(model: &Model, left_out: impl Fn(&str) -> bool) -> BTreeSet<String> {
    let ops = model.operations.iter().filter(|op| op.pages.iter().any(|p| left_out(&p.file)));
    ops.flat_map(|op| {
        op.endpoints.iter().map(|e| format!("{} {} {}", op.version.as_str(), e.method.as_str(), normal(&e.path)))
    })
    .collect()
}

fn names_of(model: &Model) -> Run {
    let mut run = Run { names: Names::new(), responses: BTreeMap::new() };
    for tree in tree::build(model) {
        collect(&tree, &mut run);
    }
    run
}

fn collect(tree: &VersionTree<'_>, run: &mut Run) {
    let version = tree.version.as_str();
    let names = &mut run.names;
    let mut add = |what: String, name: &str| {
        names.entry(format!("{version} {what}")).or_default().insert(name.to_owned());
    };
    for (i, shape) in tree.shapes.iter().enumerate() {
        let aliased: BTreeSet<&str> = shape.aliases.iter().map(|a| a.path.as_str()).collect();
        if i != 0 {
            for path in shape.paths.iter().filter(|p| !aliased.contains(p.as_str())) {
                add(format!("type {}", normal(path)), &shape.name);
            }
            for alias in &shape.aliases {
                add(format!("type {}", normal(&alias.path)), &alias.name);
            }
        }
        for (segment, _) in &shape.children {
            for path in &shape.paths {
                add(
                    format!("nav {}/{}", normal(path).trim_end_matches('/'), normal(&segment.template())),
                    &segment.name,
                );
            }
        }
        for method in &shape.methods {
            for endpoint in &method.endpoints {
                let what = format!("{} {}", endpoint.method.as_str(), normal(&endpoint.path));
                let page_says = method.op.response_type.as_ref().map(|l| l.collection);
                let returns =
                    format!("{:?} {page_says:?} {:?}", endpoint.response, method.op.response_collection_untyped);
                run.responses.insert(format!("{version} {what}"), returns);
                add(what, &method.name);
            }
        }
    }
}

/// A path as Graph compares them: literals without case, parameters without names.
fn normal(path: &str) -> String {
    let segments: Vec<String> = path
        .split('/')
        .map(|segment| {
            let mut out = String::new();
            let mut in_param = false;
            for c in segment.chars() {
                match c {
                    '{' => {
                        in_param = true;
                        out.push('{');
                    }
                    '}' => {
                        in_param = false;
                        out.push('}');
                    }
                    _ if in_param => {}
                    c => out.extend(c.to_lowercase()),
                }
            }
            out
        })
        .collect();
    segments.join("/")
}
