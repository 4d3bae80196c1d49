//! Comparing two models and describing the change in Markdown for a pull request.
