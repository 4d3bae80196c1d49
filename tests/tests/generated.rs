//! generated/ is what docs-input/ produces, byte for byte, whatever the order pages are
//! found in or the number of threads. generated/ is the one stored copy of the seeds'
//! output: a change to it is reviewed in its own diff, not repeated in snapshots.

use acceptance::{docs_input, workspace};
use generator::{output, pipeline, read};

fn emitted(threads: usize, files: Option<Vec<std::path::PathBuf>>) -> Vec<generator::model::GeneratedFile> {
    let root = docs_input();
    let run = match files {
        Some(files) => pipeline::run_files(&root, files, threads),
        None => pipeline::run(&root, threads),
    }
    .unwrap();
    pipeline::emit(&run.model)
}

#[test]
fn generated_is_up_to_date() {
    let out = workspace().join("generated");
    let stale = output::check(&out, &emitted(0, None));
    assert!(stale.is_empty(), "{}", output::describe_stale(&stale, &out, "cargo run -p generator -- docs-input/"));
}

#[test]
fn output_does_not_depend_on_file_order_or_threads() {
    let reference = emitted(1, None);
    let mut files = read::discover(&docs_input()).unwrap();
    // A few deterministic permutations: reversed, rotated, interleaved.
    files.reverse();
    assert_eq!(emitted(2, Some(files.clone())), reference);
    files.rotate_left(2);
    assert_eq!(emitted(4, Some(files.clone())), reference);
    let (even, odd): (Vec<_>, Vec<_>) = files.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let interleaved = odd.into_iter().chain(even).map(|(_, f)| f).collect();
    assert_eq!(emitted(3, Some(interleaved)), reference);
}

#[test]
fn model_json_reads_back_into_the_same_model() {
    let run = pipeline::run(&docs_input(), 0).unwrap();
    let json = pipeline::model_json(&run.model);
    let back: generator::model::Model = serde_json::from_str(&json).unwrap();
    assert_eq!(back, run.model);
}
