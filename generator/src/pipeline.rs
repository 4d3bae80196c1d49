//! Runs the stages in order: read → parse (in parallel) → merge → emit.

use crate::diagnostics::{self, Code, Diagnostic, SourceMap};
use crate::doc::{self, IncludedText, PageInput};
use crate::model::{EnumDef, GeneratedFile, Model, Page, PageKind, TypeDef};
use crate::page;
use crate::read::{self, FsIncludes, Unreadable};
use crate::{emit_permissions, emit_rust, output, resource};
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// Asks the kernel not to back this process's memory with transparent huge pages. The run
/// allocates and frees a few hundred MB in many short-lived pieces, and the allocator madvises
/// its regions for huge pages: each one first touched, or touched again after the allocator
/// returned it, is a 2 MiB page zeroed whole. On en-2021 that zeroing was ~18 % of the run's
/// CPU samples; without huge pages the run takes ~8 % less CPU and ~20 % less memory (README
/// Performance). Call it first thing; where the kernel refuses, nothing changes.
pub fn prefer_small_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

/// Everything a run produced.
pub struct Run {
    /// Pages that documented an operation, sorted by file.
    pub pages: Vec<Page>,
    /// Number of files read.
    pub files_read: usize,
    /// Files that are not API pages (resources, enums, overviews), sorted by file.
    pub other_pages: Vec<(String, PageKind)>,
    pub model: Model,
    /// What checking the examples against their types found.
    pub examples: crate::check_examples::Tally,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Texts of every file read, for rendering diagnostics.
    pub sources: SourceMap,
    /// The files whose text in `sources` is a page's as read (a byte-order mark dropped, bad
    /// bytes replaced); the others' are their bytes as UTF-8. For the no-change shortcut.
    pub page_texts: std::collections::BTreeSet<String>,
}

impl Run {
    pub fn has_errors(&self) -> bool {
        diagnostics::count(&self.diagnostics, diagnostics::Severity::Error) > 0
    }
}

/// Reads and parses every page under `root`, and merges them into the model.
/// `threads` = 0 lets rayon choose.
pub fn run(root: &Path, threads: usize) -> std::io::Result<Run> {
    run_files(root, read::discover(root)?, threads)
}

/// Like [`run`], parsing the contents in `read` (see [`read::Prefetched`]) for the pages it
/// holds instead of reading their files again.
pub fn run_prefetched(root: &Path, threads: usize, read: read::Prefetched) -> std::io::Result<Run> {
    parse_and_merge(root, read::discover(root)?, threads, read)
}

/// Like [`run`], over the given files (relative to `root`) in whatever order they come.
pub fn run_files(root: &Path, files: Vec<std::path::PathBuf>, threads: usize) -> std::io::Result<Run> {
    parse_and_merge(root, files, threads, read::Prefetched::new())
}

fn parse_and_merge(
    root: &Path,
    mut files: Vec<std::path::PathBuf>,
    threads: usize,
    mut read: read::Prefetched,
) -> std::io::Result<Run> {
    // The order pages are found in must not show in the output.
    files.sort_by_cached_key(|f| read::display_path(f));
    let includes = FsIncludes::new(root);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(std::io::Error::other)?;
    let contents: Vec<Option<Vec<u8>>> = files.iter().map(|rel| read.remove(rel)).collect();
    drop(read);
    let parsed: Vec<Parsed> = pool.install(|| {
        files.par_iter().zip(contents).map(|(rel, bytes)| parse_one(root, rel, bytes, &includes)).collect()
    });

    let mut sources = SourceMap::with_root(includes.root());
    let mut pages = Vec::new();
    let mut diagnostics = Vec::new();
    let mut other_pages = Vec::new();
    let mut page_texts = std::collections::BTreeSet::new();
    let (mut types, mut enums) = (Vec::new(), Vec::new());
    for p in parsed {
        types.extend(p.types);
        enums.extend(p.enums);
        if p.kind != PageKind::Api {
            other_pages.push((p.file.clone(), p.kind));
        }
        // Texts are kept only where there is something to show (see `Parsed::texts`); the rest
        // are read again if needed.
        let mut texts = p.texts.into_iter();
        if let Some((file, text)) = texts.next() {
            page_texts.insert(file.clone());
            sources.add_shared(file, text);
            for (file, text) in texts {
                page_texts.remove(&file);
                sources.add_shared(file, text);
            }
        }
        pages.extend(p.page);
        diagnostics.extend(p.diagnostics);
    }
    // Run-wide readings come before the merge: they change what the pages say.
    diagnostics.extend(crate::merge::phrases::resolve_not_supported(&mut pages, &sources));
    diagnostics.extend(crate::merge::order_remarks::report(&pages, &sources));
    // The operations and the types are merged side by side: neither reads the other. The
    // types are linked to one another meanwhile too.
    let ((mut model, merge_diagnostics), (merged_types, merged_enums, pages_of_types, types_linked)) = rayon::join(
        || crate::merge::merge(&pages, &sources),
        || {
            let (mut types, enums, pages_of_types) = crate::merge::types::merge(types, enums);
            let linked = crate::merge::types::link_types(&mut types, &enums, &pages_of_types, &sources);
            (types, enums, pages_of_types, linked)
        },
    );
    diagnostics.extend(merge_diagnostics);
    (model.types, model.enums) = (merged_types, merged_enums);
    diagnostics.extend(crate::merge::types::link_operations(&mut model, types_linked, &pages_of_types, &sources));
    diagnostics.extend(crate::merge::example_endpoints::adopt(&mut model, &sources));
    // The example check reads nothing endpoint resolution writes (path readings, shared
    // endpoints): the two read the model side by side, then the resolution is written.
    let (resolved, (examples, found)) = rayon::join(
        || crate::merge::endpoints::read(&model, &sources),
        || crate::check_examples::check(&model, &sources),
    );
    diagnostics.extend(resolved.apply(&mut model));
    diagnostics.extend(found);
    diagnostics::sort(&mut diagnostics);
    Ok(Run { pages, files_read: files.len(), other_pages, model, examples, diagnostics, sources, page_texts })
}

struct Parsed {
    file: String,
    kind: PageKind,
    page: Option<Page>,
    types: Vec<TypeDef>,
    enums: Vec<EnumDef>,
    diagnostics: Vec<Diagnostic>,
    /// Where the page has diagnostics: its text, then its included files' texts, by file, for
    /// rendering them; else nothing. Shared (`Arc`) and dropped here, in the parallel parse,
    /// rather than one by one after it.
    texts: Vec<(String, Arc<str>)>,
}

impl Parsed {
    /// A file that yielded no page and no types (yet).
    fn new(kind: PageKind, diagnostics: Vec<Diagnostic>) -> Self {
        Parsed {
            file: String::new(),
            kind,
            page: None,
            types: Vec::new(),
            enums: Vec::new(),
            diagnostics,
            texts: Vec::new(),
        }
    }

    /// Keeps the page's and its included files' texts where there is something to show.
    fn keeping(self, text: String, included: Vec<IncludedText>) -> Self {
        if self.diagnostics.is_empty() {
            return self;
        }
        let page = (self.file.clone(), Arc::from(text));
        let texts = std::iter::once(page).chain(included.into_iter().map(|inc| (inc.file, inc.text.into()))).collect();
        Parsed { texts, ..self }
    }
}

fn parse_one(root: &Path, rel: &Path, bytes: Option<Vec<u8>>, includes: &FsIncludes) -> Parsed {
    let input = match read::read_page(root, rel, bytes) {
        Ok(input) => input,
        Err(bad) => {
            let Unreadable { diagnostic, text } = *bad;
            let file = diagnostic.file.clone();
            return Parsed { file, ..Parsed::new(PageKind::Api, vec![diagnostic]) }.keeping(text, Vec::new());
        }
    };
    let (mut parsed, included) = parse_document(&input, includes);
    parsed.diagnostics.extend(read::path_diagnostics(&input));
    Parsed { file: input.file, ..parsed }.keeping(input.text, included)
}

/// Reads the page once and hands it to the parser of its kind. A parser bug must cost one
/// page, not the run: each step runs under a guard. Also returns the texts of the files the
/// page included.
fn parse_document(input: &PageInput, includes: &FsIncludes) -> (Parsed, Vec<IncludedText>) {
    let failed = || (Parsed::new(input.folder_kind.unwrap_or(PageKind::Api), vec![internal_error(input)]), Vec::new());
    let Ok(mut document) = guard(|| doc::open(input)) else { return failed() };
    let kind = document.kind;
    if kind == PageKind::Api {
        let Ok(r) = guard(|| page::read(document, includes)) else { return failed() };
        return (Parsed { page: r.page, ..Parsed::new(r.kind, r.diagnostics) }, r.included);
    }
    // What opening the page found stands whatever its parser does.
    let mut parsed = Parsed::new(kind, std::mem::take(&mut document.ctx.diagnostics));
    if matches!(kind, PageKind::Resource | PageKind::Enum) {
        // Resource and enum pages are read for their types.
        match guard(|| resource::read(document)) {
            Ok(r) => {
                (parsed.types, parsed.enums) = (r.types, r.enums);
                parsed.diagnostics.extend(r.diagnostics);
            }
            Err(_) => parsed.diagnostics.push(internal_error(input)),
        }
    }
    (parsed, Vec::new())
}

fn guard<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
}

fn internal_error(input: &PageInput) -> Diagnostic {
    Diagnostic::new(
        Code::InternalError,
        &input.file,
        &input.text,
        0..0,
        "the generator failed on this page (internal error)",
    )
    .with_note("this is a bug in the generator: please report it with the page")
}

/// Every file of the output folder: the client crate, the permission metadata and the model.
pub fn emit(model: &Model) -> Vec<GeneratedFile> {
    // The stages are independent; the permission metadata formats while the client does.
    let (mut files, (permissions, json)) =
        rayon::join(|| emit_rust::emit(model), || (emit_permissions::emit(model), model_json(model)));
    files.extend(permissions);
    files.push(emit_rust::rustfmt_config());
    files.push(GeneratedFile { path: "model.json".to_owned(), contents: json });
    output::with_manifest(files)
}

/// The model as pretty JSON with a final newline.
pub fn model_json(model: &Model) -> String {
    // Plain structs, vectors and string-keyed maps: serializing cannot fail.
    // Sized for the whole corpus up front (about 50 MB), so that the buffer is not copied as it
    // grows; pages never written to cost no memory.
    let mut json = Vec::with_capacity(64 << 20);
    serde_json::to_writer_pretty(&mut json, model).expect("the model serializes to JSON");
    json.push(b'\n');
    String::from_utf8(json).expect("serde_json writes UTF-8")
}
