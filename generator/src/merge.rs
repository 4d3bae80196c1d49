//! Merging pages into operations: pages that document the same operation of the
//! same API version (same English key, overlapping endpoints) become one
//! [`Operation`]. English pages are authoritative; a localized page stands in
//! where no English page exists; disagreements between pages are reported.

use crate::diagnostics::{Code, Diagnostic, SourceMap};
use crate::model::{ApiVersion, Contributor, Endpoint, Model, Operation, Page, Scheme, Source};
use heck::ToLowerCamelCase;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

pub mod endpoints;
pub mod example_endpoints;
mod near_miss;
pub mod order_remarks;
pub mod phrases;
pub mod types;

/// Merges pages into the model. Pages without a version or key were already
/// reported by the parser and are left out.
pub fn merge(pages: &[Page], sources: &SourceMap) -> (Model, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut groups: BTreeMap<(ApiVersion, &str), Vec<&Page>> = BTreeMap::new();
    for page in pages {
        if let (Some(version), Some(key)) = (&page.version, &page.key) {
            groups.entry((version.value, key.as_str())).or_default().push(page);
        }
    }
    // Groups are independent: merged in parallel, collected in key order. The permission
    // names' near misses are looked for meanwhile.
    let groups: Vec<_> = groups.into_iter().collect();
    let (merged, near_misses): (Vec<(Vec<Operation>, Vec<Diagnostic>)>, _) = rayon::join(
        || {
            groups
                .into_par_iter()
                .map(|((version, key), mut group)| {
                    group.sort_by(|a, b| precedence(a).cmp(&precedence(b)));
                    guarded(&group, sources, || merge_group(version, key, &group, sources))
                })
                .collect()
        },
        || near_miss::check(pages, sources),
    );
    let mut operations = Vec::new();
    for (ops, found) in merged {
        operations.extend(ops);
        diagnostics.extend(found);
    }
    diagnostics.extend(near_misses);
    crate::diagnostics::sort(&mut diagnostics);
    // Stable, like `sort_by`.
    operations
        .par_sort_by(|a, b| (a.version, &a.resource, &a.name, &a.key).cmp(&(b.version, &b.resource, &b.name, &b.key)));
    (Model { operations, ..Model::default() }, diagnostics)
}

/// One group of same-key pages: its operations and what was found on the way.
fn merge_group(
    version: ApiVersion,
    key: &str,
    group: &[&Page],
    sources: &SourceMap,
) -> (Vec<Operation>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let clusters = cluster_by_endpoints(group, sources, &mut found);
    let several = clusters.len() > 1;
    let ops = clusters
        .into_iter()
        .enumerate()
        .map(|(index, cluster)| {
            let key = if several && index > 0 { format!("{key}-{}", index + 1) } else { key.to_owned() };
            build(version, key, &cluster, sources, &mut found)
        })
        .collect();
    (ops, found)
}

/// Runs `merge` for one group so that a merge bug costs the group's operations, not the run:
/// on a panic, each of its pages gets G0008 instead.
fn guarded(
    group: &[&Page],
    sources: &SourceMap,
    merge: impl FnOnce() -> (Vec<Operation>, Vec<Diagnostic>),
) -> (Vec<Operation>, Vec<Diagnostic>) {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(merge)).unwrap_or_else(|_| {
        let failed = |page: &&Page| {
            let source = Source { file: page.file.as_str().into(), line: 1 };
            let message = "the generator failed merging this page (internal error)".to_owned();
            at(sources, Code::InternalError, &source, None, message)
                .with_note("this is a bug in the generator: please report it with the page")
        };
        (Vec::new(), group.iter().map(failed).collect())
    })
}

/// English first, then translations that carry the English original (side by side),
/// then by locale and file: the authoritative page comes first.
fn precedence(page: &Page) -> (bool, bool, &str, &str) {
    (!page.is_english(), !page.side_by_side, &page.locale, &page.file)
}

/// Splits a group of same-key pages into operations. A page is a translation of an
/// operation when its endpoints overlap the operation's and the operation has no page
/// of its locale yet (the best overlap wins); otherwise it documents an operation of
/// its own that happens to share the title. Two pages of one locale are never merged:
/// each keeps its endpoints and its own permissions (overlaps are reported).
fn cluster_by_endpoints<'p>(
    group: &[&'p Page],
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Vec<&'p Page>> {
    // Each cluster: the endpoint shapes of its leading page, and its pages.
    let mut clusters: Vec<(BTreeSet<String>, Vec<&'p Page>)> = Vec::new();
    for &page in group {
        let shapes = endpoint_shapes(page);
        let overlap = |seen: &BTreeSet<String>| if shapes.is_empty() { 1 } else { seen.intersection(&shapes).count() };
        let best = clusters
            .iter()
            .enumerate()
            .filter(|(_, (seen, pages))| overlap(seen) > 0 && pages.iter().all(|p| p.locale != page.locale))
            .max_by_key(|(i, (seen, _))| (overlap(seen), std::cmp::Reverse(*i)))
            .map(|(i, _)| i);
        match best {
            Some(i) => clusters[i].1.push(page),
            None => {
                let twin = clusters.iter().find(|(seen, pages)| overlap(seen) > 0 && pages[0].locale == page.locale);
                if let Some((_, pages)) = twin {
                    let message = format!(
                        "this page documents endpoints that {} documents too; both are kept as operations",
                        pages[0].file
                    );
                    let at_page = Source { file: page.file.as_str().into(), line: 1 };
                    diagnostics.push(at(sources, Code::DuplicatePage, &at_page, None, message));
                }
                clusters.push((shapes, vec![page]));
            }
        }
    }
    clusters.into_iter().map(|(_, pages)| pages).collect()
}

fn endpoint_shapes(page: &Page) -> BTreeSet<String> {
    page.endpoints.iter().map(|e| format!("{} {}", e.method, e.shape().to_ascii_lowercase())).collect()
}

fn build(
    version: ApiVersion,
    key: String,
    pages: &[&Page],
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Operation {
    let main = pages[0];
    let name = operation_name(pages);
    for other in &pages[1..] {
        compare(main, other, sources, diagnostics);
    }
    Operation {
        version,
        name: name.clone(),
        resource: resource_name(&main.endpoints),
        key,
        title: main.title.clone(),
        description: main.description.clone(),
        endpoints: main.endpoints.clone(),
        permissions: main.permissions.clone().unwrap_or_default(),
        request_headers: main.request_headers.clone(),
        body: main.body,
        success_status: main.status().cloned(),
        // The first page, in precedence order, that says; resolved against the types later.
        response_type: pages.iter().find_map(|p| p.response_type.clone()),
        request_type: pages.iter().find_map(|p| p.request_type.clone()),
        response_collection_untyped: None,
        // Only an action's: a page creating an item may list the item's properties in a table,
        // which its type says better. Translations may translate the names: English pages lead.
        request_parameters: match is_action(&name, &main.endpoints) {
            true => pages.iter().map(|p| &p.request_parameters).find(|ps| !ps.is_empty()).cloned().unwrap_or_default(),
            false => Vec::new(),
        },
        // The authoritative page's own: translations show the same examples, translated or not.
        examples: main.examples.clone(),
        pages: pages
            .iter()
            .enumerate()
            .map(|(i, p)| Contributor { file: p.file.clone(), locale: p.locale.clone(), authoritative: i == 0 })
            .collect(),
    }
}

/// Reports where `other` says something different from the authoritative page.
fn compare(main: &Page, other: &Page, sources: &SourceMap, diagnostics: &mut Vec<Diagnostic>) {
    let note = format!("the operation follows {} ({})", main.file, main.locale);
    let mut report = |source: &Source, message: String| {
        diagnostics.push(at(sources, Code::LocaleDisagreement, source, None, message).with_note(note.clone()));
    };
    let (mine, theirs) = (endpoint_shapes(main), endpoint_shapes(other));
    if mine != theirs {
        let extra: Vec<_> = theirs.difference(&mine).cloned().collect();
        let missing: Vec<_> = mine.difference(&theirs).cloned().collect();
        let first = other.endpoints.first().map(|e| e.source.clone());
        report(
            &first.unwrap_or(Source { file: other.file.as_str().into(), line: 1 }),
            format!(
                "endpoints differ from the {} page: only here: [{}]; missing here: [{}]",
                main.locale,
                extra.join(", "),
                missing.join(", ")
            ),
        );
    }
    if let (Some(a), Some(b)) = (main.status(), other.status()) {
        if a.code != b.code {
            report(&b.source, format!("success status {} differs from {} in the {} page", b.code, a.code, main.locale));
        }
    }
    let (Some(mine), Some(theirs)) = (&main.permissions, &other.permissions) else { return };
    for (a, b) in mine.iter().zip(theirs) {
        for scheme in Scheme::ALL {
            let (pa, pb) = (a.scheme(scheme), b.scheme(scheme));
            if pa.least_names() != pb.least_names() || std::mem::discriminant(pa) != std::mem::discriminant(pb) {
                let message = format!(
                    "{} permissions differ from the {} page: here [{}], there [{}]",
                    scheme.as_str(),
                    main.locale,
                    pb.names().join(", "),
                    pa.names().join(", ")
                );
                report(&b.source, message);
            }
        }
    }
}

/// A diagnostic at a model source (file and line), pointing at `needle` on that line when given.
pub(crate) fn at(
    sources: &SourceMap,
    code: Code,
    source: &Source,
    needle: Option<&str>,
    message: String,
) -> Diagnostic {
    match sources.text(&source.file) {
        Some(text) => {
            let span = line_span(&text, source.line, needle);
            Diagnostic::new(code, &source.file, &text, span, message)
        }
        None => {
            let mut d = Diagnostic::new(code, &source.file, "", 0..0, message);
            d.line = source.line;
            d
        }
    }
}

fn line_span(text: &str, line: u32, needle: Option<&str>) -> std::ops::Range<usize> {
    let start = line_start(text, line);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    match needle.and_then(|n| text[start..end].find(n).map(|i| (i, n.len()))) {
        Some((i, len)) => start + i..start + i + len,
        None => start..end,
    }
}

/// The byte offset where the 1-based `line` starts: past the text's `line - 1`-th newline, or
/// the text's end when it has fewer. Diagnostics on long pages ask this often: memchr finds
/// the newlines a block at a time.
fn line_start(text: &str, line: u32) -> usize {
    match line.saturating_sub(1) as usize {
        0 => 0,
        before => memchr::memchr_iter(b'\n', text.as_bytes()).nth(before - 1).map_or(text.len(), |i| i + 1),
    }
}

/// The operation's name, from its English title: a one-word title names an
/// action or function as Graph spells it (`managedDevice: recoverPasscode`,
/// `resetPasscode action` → `recoverPasscode`, `resetPasscode`); other titles are
/// verb phrases (`List memberOf` → `listMemberOf`). Without an English title
/// (plain translations only), the English anchor of the H1 stands in.
fn operation_name(pages: &[&Page]) -> String {
    let english = pages.iter().find(|p| p.is_english() || p.side_by_side).and_then(|p| p.title.as_ref());
    let words = match english {
        // `call: cancelMediaProcessing` names the type first; `Get 1:1 chat` is all title.
        Some(title) => title.value.rsplit(": ").next().unwrap_or(&title.value).trim().to_owned(),
        None => pages[0].key.clone().unwrap_or_default().replace('-', " "),
    };
    let words = strip_kind_suffix(&words);
    if !words.contains(char::is_whitespace) {
        // One word: the action's own spelling, from the path when the path has it.
        let from_path =
            pages[0].endpoints.iter().filter_map(last_literal_segment).find(|s| s.eq_ignore_ascii_case(words));
        if let Some(segment) = from_path {
            return segment;
        }
    }
    let name = words.to_lower_camel_case();
    if name.is_empty() {
        "operation".to_owned()
    } else {
        name
    }
}

/// `recoverPasscode action` → `recoverPasscode`.
fn strip_kind_suffix(words: &str) -> &str {
    for suffix in [" action", " function", " method"] {
        // `get` never slices: the cut may fall inside a character of a non-English title.
        let cut = words.len().saturating_sub(suffix.len());
        if let (Some(head), Some(tail)) = (words.get(..cut), words.get(cut..)) {
            if !head.is_empty() && tail.eq_ignore_ascii_case(suffix) {
                return head.trim_end();
            }
        }
    }
    words
}

/// Whether the operation is an action: its paths end in a segment its name starts with
/// (`/me/sendMail` for `sendMail`, `/messages/{id}/forward` for `forwardMessage`), not in
/// the collection it creates items in (`/users` for `createUser`).
fn is_action(name: &str, endpoints: &[Endpoint]) -> bool {
    let name = name.to_ascii_lowercase();
    let named = |e: &Endpoint| last_literal_segment(e).is_some_and(|s| name.starts_with(&s.to_ascii_lowercase()));
    !endpoints.is_empty() && endpoints.iter().all(named)
}

/// The final path segment when it is plain text: an action, a function or a navigation.
fn last_literal_segment(endpoint: &Endpoint) -> Option<String> {
    let last = endpoint.path.rsplit('/').next()?;
    let name = last.split('(').next()?.rsplit('.').next()?;
    let plain =
        !name.is_empty() && !name.contains(['{', '}', '$', ':']) && name.bytes().all(|b| b.is_ascii_alphanumeric());
    plain.then(|| name.to_owned())
}

/// The resource an operation acts on: the last entity set addressed by key in the
/// first documented path (`/users/{id}/managedDevices/{id}/recoverPasscode` →
/// `managedDevices`), else its last plain segment (`/me/messages` → `messages`).
fn resource_name(endpoints: &[Endpoint]) -> String {
    let Some(endpoint) = endpoints.first() else { return "misc".to_owned() };
    // `/me` is the signed-in user: `/users/{id}`.
    let path = match endpoint.path.strip_prefix("/me") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("/users/{{id}}{rest}"),
        _ => endpoint.path.clone(),
    };
    // Each segment's text outside `{...}`, and whether it holds a parameter.
    let segments: Vec<(String, bool)> = path
        .split('/')
        .map(|segment| {
            let mut text = String::new();
            let mut depth = 0;
            for c in segment.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ if depth == 0 => text.push(c),
                    _ => {}
                }
            }
            (text, segment.contains('{'))
        })
        .collect();
    let plain = |s: &(String, bool)| !s.1 && !s.0.is_empty() && !s.0.starts_with('$');
    let keyed = segments.windows(2).rev().find(|w| plain(&w[0]) && w[1].1 && w[1].0.is_empty()).map(|w| w[0].0.clone());
    let name = keyed.or_else(|| segments.iter().rev().find(|s| plain(s)).map(|s| s.0.clone())).unwrap_or_default();
    let name = name.split('(').next().unwrap_or("").rsplit('.').next().unwrap_or("").trim_end_matches(':');
    if name.is_empty() {
        "root".to_owned()
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests;
