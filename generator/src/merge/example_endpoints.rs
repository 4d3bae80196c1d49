//! Endpoints that a page documents only in its examples (`site-get.md` lists `GET /sites/root`
//! in its HTTP request section and calls `GET /sites/{site-id}` in its example): an annotated
//! example request whose path no template of the operation matches is an endpoint of the
//! operation, with a note.
//!
//! Examples carry real values where a template has parameters: IDs that are GUIDs were already
//! read as parameters by the page parser; any other literal segment must be one some documented
//! endpoint of the version spells as a literal (`root`, `children`), else the example is not
//! taken (`/users/adele@contoso.com` is a value, not a segment of the API).

use rayon::prelude::*;
use std::collections::BTreeSet;

use crate::diagnostics::{Code, Diagnostic, SourceMap};
use crate::model::{ApiVersion, Endpoint, ExampleKind, Model};

/// Adds each operation's example endpoints; a note per endpoint added.
pub fn adopt(model: &mut Model, sources: &SourceMap) -> Vec<Diagnostic> {
    // A set: gathered in parallel, it is the same whatever the order.
    let literals: BTreeSet<(ApiVersion, String)> = model
        .operations
        .par_iter()
        .flat_map_iter(|op| {
            let segments = op.endpoints.iter().flat_map(|e| e.path.split('/'));
            segments.filter(|s| !s.is_empty() && !s.contains('{')).map(|s| (op.version, s.to_lowercase()))
        })
        .collect();
    // Each operation adopts its examples' endpoints by itself: in parallel, its findings kept
    // in the operations' order.
    let per_op: Vec<Vec<Diagnostic>> = model.operations.par_iter_mut().map(|op| {
        let mut diagnostics = Vec::new();
        let methods: BTreeSet<_> = op.endpoints.iter().map(|e| e.method).collect();
        let mut added: Vec<Endpoint> = Vec::new();
        for example in op.examples.iter().filter(|e| e.kind == ExampleKind::Request) {
            let Some(request) = &example.request else { continue };
            let known =
                |segment: &str| segment.contains('{') || literals.contains(&(op.version, segment.to_lowercase()));
            let plausible = methods.contains(&request.method)
                && well_formed(&request.path)
                && request.path.split('/').filter(|s| !s.is_empty()).all(known)
                && !op
                    .endpoints
                    .iter()
                    .chain(&added)
                    .any(|e| e.method == request.method && matches(&e.path, &request.path));
            if !plausible {
                continue;
            }
            let message = format!(
                "`{} {}` is called by an example but not listed in the HTTP request section: taken as an endpoint of `{}`",
                request.method, request.path, op.key
            );
            diagnostics.push(crate::merge::at(sources, Code::EndpointFromExample, &example.source, None, message));
            added.push(Endpoint::new(request.method, request.path.clone(), None, example.source.clone()));
        }
        op.endpoints.extend(added);
        diagnostics
    }).collect();
    per_op.into_iter().flatten().collect()
}

/// No placeholder prose (`<timestamp>`) and every segment's brackets and quotes closed: an
/// example line cut at a space (`resizedRange(deltaRows={n},`) is not a path.
fn well_formed(path: &str) -> bool {
    !path.contains(['<', '>', ' ', '"'])
        && path.split('/').all(|s| {
            s.matches('(').count() == s.matches(')').count()
                && s.matches('{').count() == s.matches('}').count()
                && s.matches('\'').count() % 2 == 0
        })
}

/// Whether `template` (with `{param}` segments) matches `path`: segment by segment, a
/// parameter matches anything, literals compare without case. A segment with a parameter
/// inside (`range(address='{address}')`) matches the same segment of `path` with any value.
fn matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
    let p: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    t.len() == p.len()
        && t.iter().zip(&p).all(|(t, p)| match t.find('{') {
            Some(0) => true,
            Some(at) => p.get(..at).is_some_and(|head| head.eq_ignore_ascii_case(&t[..at])),
            None => t.eq_ignore_ascii_case(p),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Body, Example, ExampleRequest, Method, Operation, Source};

    fn op(key: &str, endpoints: &[&str], examples: &[&str]) -> Operation {
        let source = Source { file: format!("{key}.md").into(), line: 1 };
        let endpoint = |path: &&str| Endpoint::new(Method::Get, path.to_string(), None, source.clone());
        let example = |path: &&str| Example {
            kind: ExampleKind::Request,
            name: None,
            odata_type: None,
            is_collection: false,
            truncated: false,
            status: None,
            body: None,
            json: false,
            request: Some(ExampleRequest { method: Method::Get, path: path.to_string() }),
            source: source.clone(),
        };
        Operation {
            version: ApiVersion::V1,
            key: key.into(),
            name: key.into(),
            resource: "x".into(),
            title: None,
            description: None,
            endpoints: endpoints.iter().map(endpoint).collect(),
            permissions: Vec::new(),
            request_headers: Vec::new(),
            body: Body::None,
            success_status: None,
            response_type: None,
            request_type: None,
            response_collection_untyped: None,
            request_parameters: Vec::new(),
            examples: examples.iter().map(example).collect(),
            pages: Vec::new(),
        }
    }

    #[test]
    fn an_example_path_no_template_matches_becomes_an_endpoint_with_a_note() {
        let mut model = Model {
            operations: vec![
                op("site-get", &["/sites/root", "/sites/{hostname}"], &["/sites/{site-id}"]),
                op(
                    "list-children",
                    &["/me/drive/items/{item-id}/children"],
                    &["/me/drive/root/children", "/me/drive/items/{id}/children", "/me/drive/items/abc/children"],
                ),
                op(
                    "user-get",
                    &["/users/{id}", "/users/{id}/x(a={a},b={b})"],
                    &["/users/adele@contoso.com", "/users/{user-id}/photo", "/users/{id}/x(a={n},", "/users/<id>"],
                ),
            ],
            ..Model::default()
        };
        let found = adopt(&mut model, &SourceMap::new());
        let paths = |i: usize| model.operations[i].endpoints.iter().map(|e| e.path.as_str()).collect::<Vec<_>>();
        // `{site-id}` is a parameter where `{hostname}` is: the template matches; nothing added.
        assert_eq!(paths(0), ["/sites/root", "/sites/{hostname}"]);
        // `root` is a literal of the API (`/sites/root`); `abc` is a value in a parameter's place.
        assert_eq!(paths(1), ["/me/drive/items/{item-id}/children", "/me/drive/root/children"]);
        // A value (`adele@contoso.com`), a segment no endpoint has (`photo`), a line cut short
        // or placeholder prose is not taken.
        assert_eq!(paths(2), ["/users/{id}", "/users/{id}/x(a={a},b={b})"]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, Code::EndpointFromExample);
    }
}
