//! Command line: generate, check, changelog, report.

use clap::{Parser, Subcommand, ValueEnum};
use generator::diagnostics::{self, Detail, Severity};
use generator::{cache, output, pipeline, report};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// Parsing thousands of pages is allocation-heavy; mimalloc is markedly faster than the system allocator here.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes, also listed in `--help`.
mod exit {
    pub const OK: u8 = 0;
    /// `changelog`: the API changed (like diff(1)).
    pub const CHANGED: u8 = 1;
    /// Some pages have errors; nothing was written (unless --keep-going).
    pub const INPUT_ERRORS: u8 = 1;
    /// Usage error (clap's own code).
    pub const USAGE: u8 = 2;
    /// --check: the output folder is not what the docs produce.
    pub const STALE: u8 = 3;
    /// The input could not be read or has no pages; the output could not be written or was refused.
    pub const IO: u8 = 4;
}

const EXIT_CODES: &str = "\
Exit codes:
  0  success (warnings are allowed); for `changelog`: no API change
  1  some pages have errors: nothing was written (see --keep-going); for `changelog`: the API changed
  2  usage error
  3  --check: the output folder is stale
  4  the input could not be read or has no pages; the output could not be written or was refused";

const REGENERATE: &str = "cargo run -p generator -- docs-input/";

/// Generates a Rust client and permission metadata from Microsoft Graph API reference pages.
///
/// Reads every page under INPUT (any locale, laid out as the docs repositories do
/// or in a flat folder) and rewrites the output folder: the client crate, model.json
/// and permissions.json. Diagnostics go to standard error.
#[derive(Parser)]
#[command(name = "generator", version, after_help = EXIT_CODES)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    generate: Generate,
}

#[derive(clap::Args)]
struct Generate {
    /// Folder of reference pages, e.g. docs-input/
    #[arg(required = true)]
    input: Option<PathBuf>,
    /// Output folder.
    #[arg(long, default_value = "generated")]
    out: PathBuf,
    /// Change nothing; exit 3 with the stale files and a diff if the output folder is out of date.
    #[arg(long)]
    check: bool,
    /// Write the output from the usable pages even when some pages have errors.
    #[arg(long)]
    keep_going: bool,
    /// Write into an existing non-empty folder that has no generator manifest, replacing
    /// regular files at the paths the generator writes. Nothing else in the folder is
    /// deleted or changed; symlinks, folders and special files are never replaced.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    common: Common,
}

#[derive(clap::Args)]
struct Common {
    /// Worker threads for parsing (0: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    jobs: usize,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    diagnostics: DiagnosticFormat,
    /// Print errors only, not warnings and notes.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Print every diagnostic in full; by default, each kind is printed once, with a count
    /// and a few of its other locations, and a table counts every code.
    #[arg(long, short = 'v')]
    verbose: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiagnosticFormat {
    /// Like rustc, with the source line; what repeats is printed once (see --verbose).
    Human,
    /// One JSON object per line, every diagnostic.
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Compare two models and write a Markdown changelog for a pull request.
    ///
    /// OLD and NEW are model.json files or folders of reference pages.
    Changelog {
        old: PathBuf,
        new: PathBuf,
        /// Write the Markdown here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Print coverage figures for each input folder.
    Report {
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        common: Common,
    },
}

fn main() -> ExitCode {
    pipeline::prefer_small_pages();
    let cli = Cli::parse();
    let code = match cli.command {
        None => generate(cli.generate),
        Some(Command::Changelog { old, new, out, common }) => changelog(&old, &new, out.as_deref(), &common),
        Some(Command::Report { inputs, json, common }) => report_cmd(&inputs, json, &common),
    };
    ExitCode::from(code)
}

fn run_pipeline(input: &Path, common: &Common) -> Result<pipeline::Run, u8> {
    run_pipeline_prefetched(input, common, generator::read::Prefetched::new())
}

/// [`run_pipeline`] over contents read before (see [`generator::read::Prefetched`]).
fn run_pipeline_prefetched(
    input: &Path,
    common: &Common,
    read: generator::read::Prefetched,
) -> Result<pipeline::Run, u8> {
    let run = pipeline::run_prefetched(input, common.jobs, read).map_err(|e| {
        eprintln!("error: cannot read {}: {e}", input.display());
        exit::IO
    })?;
    print_diagnostics(&run.diagnostics, &run.sources, common);
    Ok(run)
}

fn print_diagnostics(diagnostics: &[diagnostics::Diagnostic], sources: &diagnostics::SourceMap, common: &Common) {
    let shown: Vec<_> =
        diagnostics.iter().filter(|d| !common.quiet || d.severity == Severity::Error).cloned().collect();
    match common.diagnostics {
        DiagnosticFormat::Human => {
            let detail = if common.verbose { Detail::Every } else { Detail::Grouped };
            sources.render_to_stderr(&shown, detail)
        }
        DiagnosticFormat::Json => {
            for d in &shown {
                eprintln!("{}", serde_json::to_string(d).unwrap_or_default());
            }
        }
    }
}

/// The line after the diagnostics: what was read, and the count of errors and warnings.
fn print_counts(operations: usize, pages: usize, files_read: usize, diagnostics: &[diagnostics::Diagnostic]) {
    let errors = diagnostics::count(diagnostics, Severity::Error);
    let warnings = diagnostics::count(diagnostics, Severity::Warning);
    eprintln!("{operations} operations from {pages} pages ({files_read} files read): {errors} error(s), {warnings} warning(s)");
}

fn generate(args: Generate) -> u8 {
    let Some(input) = args.input.as_deref() else { return exit::USAGE };
    // Refused before the run, not after minutes of parsing; checked again under the lock.
    if !args.check {
        if let Err(e) = output::preflight(&args.out, args.force) {
            eprintln!("error: {e}");
            return exit::IO;
        }
    }
    let on_wait = |lock: &Path| {
        eprintln!(
            "waiting for another generator run writing {} to finish (it holds {})",
            args.out.display(),
            lock.display()
        );
    };
    let options = output::Options { force: args.force, on_wait: Some(&on_wait) };
    // The no-change shortcut (see `generator::cache`); `--check` always runs in full.
    let mut inputs = if args.check { None } else { cache::inputs(input, &args.out) };
    if let Some(replay) = inputs.as_ref().and_then(|i| i.replay(&args.out, &options)) {
        print_diagnostics(&replay.diagnostics, &replay.sources, &args.common);
        print_counts(replay.operations, replay.pages, replay.files_read, &replay.diagnostics);
        let errors = diagnostics::count(&replay.diagnostics, Severity::Error);
        if errors > 0 && !args.keep_going {
            eprintln!("not writing {}: fix the errors above, or pass --keep-going", args.out.display());
            return exit::INPUT_ERRORS;
        }
        eprintln!("{}: 0 written, {} unchanged, 0 removed", args.out.display(), replay.files);
        return if errors > 0 { exit::INPUT_ERRORS } else { exit::OK };
    }
    // The pages as the record's key hashed them: each is read once.
    let read = inputs.as_mut().map(cache::Inputs::take_contents).unwrap_or_default();
    let run = match run_pipeline_prefetched(input, &args.common, read) {
        Ok(run) => run,
        Err(code) => return code,
    };
    let errors = diagnostics::count(&run.diagnostics, Severity::Error);
    print_counts(run.model.operations.len(), run.pages.len(), run.files_read, &run.diagnostics);
    // An empty API would remove every generated operation: that is never what was meant.
    if run.files_read == 0 {
        eprintln!(
            "error: no pages (.md, .markdown or .txt files) under {}: nothing to generate; {} was not touched",
            input.display(),
            args.out.display()
        );
        return exit::IO;
    }
    if run.model.operations.is_empty() {
        eprintln!(
            "error: no operation in the {} file(s) under {}: refusing to write an empty API; {} was not touched",
            run.files_read,
            input.display(),
            args.out.display()
        );
        return exit::INPUT_ERRORS;
    }
    // Never freed: the process ends with this run, and freeing the model's millions of small
    // pieces one by one took ~30 ms of the run's wall time on en-2021 (perf).
    let model = std::mem::ManuallyDrop::new(run.model);
    let files = pipeline::emit(&model);
    if args.check {
        let stale = output::check(&args.out, &files);
        if stale.is_empty() {
            eprintln!("{} is up to date", args.out.display());
        } else {
            print!("{}", output::describe_stale(&stale, &args.out, REGENERATE));
            return exit::STALE;
        }
        return if errors > 0 { exit::INPUT_ERRORS } else { exit::OK };
    }
    if errors > 0 && !args.keep_going {
        eprintln!("not writing {}: fix the errors above, or pass --keep-going", args.out.display());
        return exit::INPUT_ERRORS;
    }
    match output::write_with(&args.out, &files, &options) {
        Ok(summary) => {
            if let Some(inputs) = &inputs {
                let summary = cache::Summary {
                    operations: model.operations.len(),
                    pages: run.pages.len(),
                    files_read: run.files_read,
                    diagnostics: &run.diagnostics,
                    page_texts: &run.page_texts,
                };
                inputs.store(&args.out, &summary, &files);
            }
            eprintln!(
                "{}: {} written, {} unchanged, {} removed",
                args.out.display(),
                summary.written.len(),
                summary.unchanged,
                summary.removed.len()
            );
            if !summary.kept.is_empty() {
                eprintln!(
                    "warning: no longer generated but left in place, as something the generator did not write \
                     is there now: {}",
                    summary.kept.join(", ")
                );
            }
            if errors > 0 {
                exit::INPUT_ERRORS
            } else {
                exit::OK
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit::IO
        }
    }
}

/// A model from a model.json file, or from a fresh run over a folder of pages.
fn load_model(path: &Path, common: &Common) -> Result<generator::model::Model, u8> {
    if path.is_dir() {
        return run_pipeline(path, common).map(|run| run.model);
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        eprintln!("error: cannot read {}: {e}", path.display());
        exit::IO
    })?;
    serde_json::from_str(&text).map_err(|e| {
        eprintln!("error: {} is not a model.json: {e}", path.display());
        exit::IO
    })
}

fn changelog(old: &Path, new: &Path, out: Option<&Path>, common: &Common) -> u8 {
    let (old, new) = match (load_model(old, common), load_model(new, common)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let log = generator::changelog::compare(&old, &new);
    let markdown = generator::changelog::render_markdown(&log);
    match out {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &markdown) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return exit::IO;
            }
        }
        None => print!("{markdown}"),
    }
    if log.is_empty() {
        exit::OK
    } else {
        exit::CHANGED
    }
}

fn report_cmd(inputs: &[PathBuf], json: bool, common: &Common) -> u8 {
    let mut rows = Vec::new();
    for input in inputs {
        let run = match pipeline::run(input, common.jobs) {
            Ok(run) => run,
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", input.display());
                return exit::IO;
            }
        };
        rows.push(report::coverage(&input.display().to_string(), &run));
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&rows).unwrap_or_default());
    } else {
        print!("{}", report::render_text(&rows));
    }
    exit::OK
}
