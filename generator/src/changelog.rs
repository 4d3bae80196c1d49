//! Comparing two models and describing the change in Markdown for a pull request.
//! (Stub until the changelog branch lands.)

use crate::model::Model;

pub struct Changelog {
    changed: bool,
}

impl Changelog {
    pub fn is_empty(&self) -> bool {
        !self.changed
    }
}

pub fn compare(old: &Model, new: &Model) -> Changelog {
    Changelog { changed: old != new }
}

pub fn render_markdown(log: &Changelog) -> String {
    if log.changed { "The API changed.\n".into() } else { "No API changes.\n".into() }
}
