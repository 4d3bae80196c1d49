//! Corpus coverage report: how much of an input folder the generator understood.

use crate::diagnostics::Code;
use crate::model::SchemePermissions;
use crate::pipeline::Run;
use serde::Serialize;
use std::collections::BTreeMap;

/// Coverage figures for one input folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    pub input: String,
    pub pages_read: usize,
    /// Pages that documented an operation.
    pub api_pages: usize,
    pub operations: usize,
    pub endpoints: usize,
    /// API pages with at least one endpoint.
    pub pages_with_endpoints: usize,
    /// Pages with a permissions table of which no scheme could be read.
    pub permission_tables_without_permissions: usize,
    /// Pages with a Response section that names no success status.
    pub responses_without_status: usize,
    /// Diagnostics by code (`G0201`), only codes that occurred.
    pub diagnostics: BTreeMap<String, usize>,
}

/// Computes the figures of one run.
pub fn coverage(input: &str, run: &Run) -> Coverage {
    let mut diagnostics = BTreeMap::new();
    for d in &run.diagnostics {
        *diagnostics.entry(d.code.as_str().to_owned()).or_insert(0) += 1;
    }
    let unread_tables = run
        .pages
        .iter()
        .filter(|p| {
            p.permissions.as_ref().is_some_and(|tables| {
                !tables.is_empty()
                    && tables.iter().all(|t| {
                        [&t.delegated_work, &t.delegated_personal, &t.application]
                            .iter()
                            .all(|s| matches!(s, SchemePermissions::Unspecified { .. }))
                    })
            })
        })
        .count();
    Coverage {
        input: input.to_owned(),
        pages_read: run.files_read,
        api_pages: run.pages.len(),
        operations: run.model.operations.len(),
        endpoints: run.model.operations.iter().map(|o| o.endpoints.len()).sum(),
        pages_with_endpoints: run.pages.iter().filter(|p| !p.endpoints.is_empty()).count(),
        permission_tables_without_permissions: unread_tables,
        responses_without_status: run.diagnostics.iter().filter(|d| d.code == Code::NoStatus).count(),
        diagnostics,
    }
}

/// A plain-text table, one row per input folder.
pub fn render_text(rows: &[Coverage]) -> String {
    let mut out = String::new();
    for c in rows {
        out.push_str(&format!("{}\n", c.input));
        let lines = [
            ("pages read", c.pages_read),
            ("API pages", c.api_pages),
            ("operations", c.operations),
            ("endpoints", c.endpoints),
            ("API pages with endpoints", c.pages_with_endpoints),
            ("permission tables, no permissions read", c.permission_tables_without_permissions),
            ("Response sections, no status", c.responses_without_status),
        ];
        for (label, n) in lines {
            out.push_str(&format!("  {label:<40} {n:>7}\n"));
        }
        if !c.diagnostics.is_empty() {
            out.push_str("  diagnostics by code:\n");
            for (code, n) in &c.diagnostics {
                out.push_str(&format!("    {code:<38} {n:>7}\n"));
            }
        }
    }
    out
}
