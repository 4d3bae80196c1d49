//! Corpus coverage report.
