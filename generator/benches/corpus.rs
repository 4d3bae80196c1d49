//! Corpus benchmark: a bare pulldown-cmark pass (the baseline), corpus → model, corpus → full
//! generated output (into a fresh folder), and a no-change regeneration (in place, as the
//! command does it: the no-change shortcut of `generator::cache`, every output file hashed and
//! compared with the record), over the same files in the same run. Figures are reported as
//! ratios to the baseline, since these machines are noisy.
//!
//! cargo bench -p generator --bench corpus [-- CORPUS_DIR [ITERATIONS]]

use generator::{cache, output, pipeline, read};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// Parsing thousands of pages is allocation-heavy; mimalloc is markedly faster than the system allocator here.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // As the command does, before anything is allocated in earnest.
    pipeline::prefer_small_pages();
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let root = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/en-2021"));
    let iterations: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(5);
    let files = read::discover(&root).expect("the corpus folder");
    println!(
        "corpus: {} ({} pages), {} threads, {iterations} iterations, median",
        root.display(),
        files.len(),
        rayon::current_num_threads()
    );

    let bare = median(iterations, || bare_pass(&root, &files));
    let model = median(iterations, || {
        let run = pipeline::run(&root, 0).unwrap();
        std::hint::black_box(run.model.operations.len());
    });
    let out_dir = tempfile::tempdir().unwrap();
    let mut runs = 0;
    let full = median(iterations, || {
        // A fresh folder each time: the full cost of writing (and of keeping the record), not
        // the no-change shortcut.
        runs += 1;
        let out = out_dir.path().join(format!("out-{runs}"));
        let replayed = generate(&root, &out);
        assert!(!replayed, "a fresh folder has no record");
    });
    // The maintainer's usual run: regenerating in place when nothing changed (every file is
    // compared and left alone), as the command does it: by the no-change shortcut.
    let unchanged_out = out_dir.path().join("out-1");
    let mut replays = 0;
    let unchanged = median(iterations, || replays += usize::from(generate(&root, &unchanged_out)));
    assert_eq!(replays, iterations.max(1) + 1, "every no-change run is a replay");
    stage_breakdown(&root);
    let ratio = |d: Duration| d.as_secs_f64() / bare.as_secs_f64();
    println!("bare pulldown-cmark pass   {:>9.1} ms   1.00x", ms(bare));
    println!("corpus -> model            {:>9.1} ms   {:.2}x (target <= 2x)", ms(model), ratio(model));
    println!("corpus -> generated output {:>9.1} ms   {:.2}x (target <= 5x)", ms(full), ratio(full));
    println!("no-change regeneration     {:>9.1} ms   {:.2}x (target <= 3x)", ms(unchanged), ratio(unchanged));
    println!(
        "peak memory (VmHWM)        {:>9} MB   (target <= 300 MB)",
        peak_rss_mb().map_or("?".into(), |m| m.to_string())
    );
}

/// What the command does, diagnostics aside: the no-change shortcut when it applies (true),
/// else the run, the write, and the record for the next run.
fn generate(root: &Path, out: &Path) -> bool {
    let mut inputs = cache::inputs(root, out).expect("the corpus and the output folder can be hashed");
    if inputs.replay(out, &output::Options::default()).is_some() {
        return true;
    }
    // As the command does: the pages as hashed are parsed, diagnostics are printed, then only
    // the model is kept.
    let run = pipeline::run_prefetched(root, 0, inputs.take_contents()).unwrap();
    let files = pipeline::emit(&run.model);
    let written = output::write(out, &files).unwrap();
    let summary = cache::Summary {
        operations: run.model.operations.len(),
        pages: run.pages.len(),
        files_read: run.files_read,
        diagnostics: &run.diagnostics,
        page_texts: &run.page_texts,
    };
    assert!(inputs.store(out, &summary, &files), "the record is kept");
    std::hint::black_box(written);
    false
}

/// Reads every page and runs pulldown-cmark over it with the parser's options, in parallel like the pipeline.
fn bare_pass(root: &Path, files: &[PathBuf]) {
    let events: usize = files
        .par_iter()
        .map(|rel| {
            let text = std::fs::read_to_string(root.join(rel)).unwrap_or_default();
            pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::ENABLE_TABLES).into_offset_iter().count()
        })
        .sum();
    std::hint::black_box(events);
}

/// One run, stage by stage, to show where the time goes.
fn stage_breakdown(root: &Path) {
    let t = Instant::now();
    let run = pipeline::run(root, 0).unwrap();
    let parse = t.elapsed();
    let t = Instant::now();
    let rust = generator::emit_rust::emit(&run.model);
    let emit_rust = t.elapsed();
    let t = Instant::now();
    let perms = generator::emit_permissions::emit(&run.model);
    let emit_perms = t.elapsed();
    let t = Instant::now();
    let json = pipeline::model_json(&run.model);
    let model_json = t.elapsed();
    let bytes: usize = rust.iter().chain(&perms).map(|f| f.contents.len()).sum::<usize>() + json.len();
    let files = pipeline::emit(&run.model);
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    output::write(&dir.path().join("out"), &files).unwrap();
    let write = t.elapsed();
    println!(
        "stages, one at a time: read+parse+merge {:.0} ms, emit Rust {:.0} ms, emit permissions {:.0} ms, \
         model.json {:.0} ms, write {:.0} ms ({} MB emitted)",
        ms(parse),
        ms(emit_rust),
        ms(emit_perms),
        ms(model_json),
        ms(write),
        bytes / 1_000_000
    );
}

fn median(iterations: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm the page cache and the allocator
    let mut times: Vec<Duration> = (0..iterations.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
