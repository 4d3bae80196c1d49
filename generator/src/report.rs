//! Corpus coverage report: how much of an input folder the generator understood.

use crate::diagnostics::Code;
use crate::model::{Resolution, Scheme, SchemePermissions};
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
    /// Pages that are not operations, by kind (`resource`, `enum`, `overview`).
    pub other_pages: BTreeMap<String, usize>,
    pub operations: usize,
    pub endpoints: usize,
    /// Pages with an HTTP request block (with or without a usable line).
    pub pages_with_request_block: usize,
    /// API pages with at least one endpoint.
    pub pages_with_endpoints: usize,
    /// Pages with a permissions table (readable or not).
    pub pages_with_permission_tables: usize,
    /// Pages with a permissions table of which no scheme could be read.
    pub permission_tables_without_permissions: usize,
    /// Types read from resource pages (one per version and qualified name).
    pub types: usize,
    /// Of those, types with at least one property or relationship.
    pub types_with_members: usize,
    /// Enum types read.
    pub enums: usize,
    /// Operations whose documented success status is 200 or 201 (they return a body).
    pub operations_returning_a_body: usize,
    /// Of those, operations whose response type resolved to a type.
    pub operations_with_typed_response: usize,
    /// Permission tables read (a page can have several).
    pub permission_tables: usize,
    /// Tables whose three schemes are all resolved (permissions or "not supported").
    pub permission_tables_resolved: usize,
    /// Pages with a Response section.
    pub pages_with_response_section: usize,
    /// Pages with a Response section that names no success status.
    pub responses_without_status: usize,
    /// Example requests and responses read from the API pages.
    pub example_requests: usize,
    pub example_responses: usize,
    /// Examples checked against a type of the resource pages.
    pub examples_checked: usize,
    /// Of those, examples without contradictions.
    pub examples_clean: usize,
    /// Example contradictions by code (`G0703`), only codes that occurred.
    pub example_findings: BTreeMap<String, usize>,
    /// Endpoints documented by several operations (see `model::SharedEndpoint`), by how the
    /// owner was found: `decided`, `agreed`, `undecided`.
    pub shared_endpoints: BTreeMap<String, usize>,
    /// Variants of those endpoints, by the rule that made them variants (`queryString`, ...).
    pub endpoint_variants: BTreeMap<String, usize>,
    /// Diagnostics by code (`G0201`), only codes that occurred.
    pub diagnostics: BTreeMap<String, usize>,
}

/// Computes the figures of one run.
pub fn coverage(input: &str, run: &Run) -> Coverage {
    let mut diagnostics = BTreeMap::new();
    for d in &run.diagnostics {
        *diagnostics.entry(d.code.as_str().to_owned()).or_insert(0) += 1;
    }
    let count = |code: Code| diagnostics.get(code.as_str()).copied().unwrap_or(0);
    let with_tables: Vec<_> =
        run.pages.iter().filter(|p| p.permissions.as_ref().is_some_and(|tables| !tables.is_empty())).collect();
    // A table that says nothing for any scheme (empty cells, TODO placeholders) yields no permissions.
    let unread_tables = with_tables
        .iter()
        .filter(|p| {
            p.permissions
                .iter()
                .flatten()
                .all(|t| Scheme::ALL.iter().all(|s| matches!(t.scheme(*s), SchemePermissions::Unspecified { .. })))
        })
        .count();
    let mut other_pages = BTreeMap::new();
    for (_, kind) in &run.other_pages {
        *other_pages.entry(kind.as_str().to_owned()).or_insert(0) += 1;
    }
    let returning: Vec<_> = run
        .model
        .operations
        .iter()
        .filter(|o| o.success_status.as_ref().is_some_and(|s| matches!(s.code, 200 | 201)))
        .collect();
    let tables: Vec<_> = run.pages.iter().flat_map(|p| p.permissions.iter().flatten()).collect();
    let resolved = tables
        .iter()
        .filter(|t| Scheme::ALL.iter().all(|s| !matches!(t.scheme(*s), SchemePermissions::Unspecified { .. })))
        .count();
    let pages_with_endpoints = run.pages.iter().filter(|p| !p.endpoints.is_empty()).count();
    let with_status = run.pages.iter().filter(|p| p.status().is_some()).count();
    Coverage {
        input: input.to_owned(),
        pages_read: run.files_read,
        api_pages: run.pages.len(),
        other_pages,
        operations: run.model.operations.len(),
        endpoints: run.model.operations.iter().map(|o| o.endpoints.len()).sum(),
        // A block without a usable line is reported as NoEndpoints.
        pages_with_request_block: pages_with_endpoints + count(Code::NoEndpoints),
        pages_with_endpoints,
        pages_with_permission_tables: with_tables.len() + count(Code::PermissionsTableUnreadable),
        permission_tables_without_permissions: unread_tables + count(Code::PermissionsTableUnreadable),
        types: run.model.types.len(),
        types_with_members: run
            .model
            .types
            .iter()
            .filter(|t| !t.properties.is_empty() || !t.relationships.is_empty())
            .count(),
        enums: run.model.enums.len(),
        operations_returning_a_body: returning.len(),
        // Typed in the client: a type, and whether it is one object or a collection.
        operations_with_typed_response: returning
            .iter()
            .filter(|o| o.response_type.as_ref().is_some_and(|t| t.collection.is_some()))
            .count(),
        permission_tables: tables.len(),
        permission_tables_resolved: resolved,
        // A Response section without a status is reported as NoStatus.
        pages_with_response_section: with_status + count(Code::NoStatus),
        responses_without_status: count(Code::NoStatus),
        example_requests: run.examples.requests,
        example_responses: run.examples.responses,
        examples_checked: run.examples.checked,
        examples_clean: run.examples.clean,
        example_findings: diagnostics
            .iter()
            .filter(|(code, _)| crate::check_examples::CODES.iter().any(|c| c.as_str() == code.as_str()))
            .map(|(code, n)| (code.clone(), *n))
            .collect(),
        shared_endpoints: tally(run.model.shared_endpoints.iter().map(|e| match e.resolution {
            Resolution::Decided => "decided",
            Resolution::Agreed => "agreed",
            Resolution::Undecided => "undecided",
        })),
        endpoint_variants: tally(
            run.model.shared_endpoints.iter().flat_map(|e| e.variants.iter().map(|v| v.rule.as_str())),
        ),
        diagnostics,
    }
}

fn tally<'a>(items: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for item in items {
        *counts.entry(item.to_owned()).or_default() += 1;
    }
    counts
}

impl Coverage {
    /// Share of pages with a request block that yield at least one endpoint.
    pub fn endpoint_coverage(&self) -> f64 {
        ratio(self.pages_with_endpoints, self.pages_with_request_block)
    }

    /// Share of pages with a permissions table that yield permissions.
    pub fn permission_coverage(&self) -> f64 {
        let read = self.pages_with_permission_tables - self.permission_tables_without_permissions;
        ratio(read, self.pages_with_permission_tables)
    }

    /// Share of permission tables with all three schemes resolved.
    pub fn schemes_resolved(&self) -> f64 {
        ratio(self.permission_tables_resolved, self.permission_tables)
    }

    /// Share of pages with a Response section that yield a success status.
    pub fn status_coverage(&self) -> f64 {
        ratio(self.pages_with_response_section - self.responses_without_status, self.pages_with_response_section)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
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
            ("pages with a request block", c.pages_with_request_block),
            ("  yielding endpoints", c.pages_with_endpoints),
            ("pages with a permissions table", c.pages_with_permission_tables),
            ("  yielding no permissions", c.permission_tables_without_permissions),
            ("types read from resource pages", c.types),
            ("  with properties or relationships", c.types_with_members),
            ("enum types", c.enums),
            ("operations returning a body (200, 201)", c.operations_returning_a_body),
            ("  with a typed response (type and shape)", c.operations_with_typed_response),
            ("permission tables read", c.permission_tables),
            ("  with all three schemes resolved", c.permission_tables_resolved),
            ("pages with a Response section", c.pages_with_response_section),
            ("  yielding no status", c.responses_without_status),
            ("example requests read", c.example_requests),
            ("example responses read", c.example_responses),
            ("examples checked against a type", c.examples_checked),
            ("  without contradictions", c.examples_clean),
        ];
        for (label, n) in lines {
            out.push_str(&format!("  {label:<40} {n:>7}\n"));
            if label == "API pages" {
                for (kind, n) in &c.other_pages {
                    out.push_str(&format!("  {:<40} {n:>7}\n", format!("{kind} pages")));
                }
            }
        }
        out.push_str(&format!("  {:<40} {:>6.2}%\n", "schemes resolved", 100.0 * c.schemes_resolved()));
        let shared: usize = c.shared_endpoints.values().sum();
        out.push_str(&format!("  {:<40} {shared:>7}\n", "endpoints documented by several pages"));
        for (resolution, n) in &c.shared_endpoints {
            out.push_str(&format!("  {:<40} {n:>7}\n", format!("  owner {resolution}")));
        }
        for (rule, n) in &c.endpoint_variants {
            out.push_str(&format!("  {:<40} {n:>7}\n", format!("  variants by rule {rule}")));
        }
        if !c.example_findings.is_empty() {
            out.push_str("  example contradictions by code:\n");
            for (code, n) in &c.example_findings {
                out.push_str(&format!("    {code:<38} {n:>7}\n"));
            }
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
