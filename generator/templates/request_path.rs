//! The path a request builder has walked so far, turned into a [`Call`] at the end.
//!
//! Parameter values are kept as given and encoded only when the call is made, by the
//! runtime's [`build_path`](crate::runtime::build_path): the one place that percent-encodes
//! and refuses a value making an empty, `.` or `..` segment.

// Built with no area feature at all, no request builder walks a path.
#![cfg_attr(not(feature = "full"), allow(dead_code))]

use crate::runtime::{Call, Client, Method, Part};

#[derive(Debug, Clone)]
enum Piece {
    Literal(&'static str),
    Param(&'static str, String),
    // Only clients whose docs use OData's path addressing (`root:/{item-path}:`) build these.
    #[allow(dead_code)]
    PathParam(&'static str, String),
}

/// Literal text and parameter values, in order, starting with the version (`/v1.0`).
#[derive(Debug, Clone)]
pub(crate) struct RequestPath(Vec<Piece>);

impl RequestPath {
    /// The root of an API version: `/v1.0` or `/beta`.
    pub(crate) fn new(version_prefix: &'static str) -> Self {
        RequestPath(vec![Piece::Literal(version_prefix)])
    }

    /// Adds text sent as is (`/users`, `/getX(period='`).
    pub(crate) fn literal(mut self, text: &'static str) -> Self {
        self.0.push(Piece::Literal(text));
        self
    }

    /// Adds a parameter value; `name` is the documented name, for errors.
    pub(crate) fn param(mut self, name: &'static str, value: &str) -> Self {
        self.0.push(Piece::Param(name, value.to_owned()));
        self
    }

    /// Adds a parameter that is a path of folders (see [`Part::PathParam`]).
    #[allow(dead_code)]
    pub(crate) fn path_param(mut self, name: &'static str, value: &str) -> Self {
        self.0.push(Piece::PathParam(name, value.to_owned()));
        self
    }

    /// The call to `method` on this path (errors in the path surface when it is sent).
    pub(crate) fn call<'c>(&self, client: &'c Client, method: Method) -> Call<'c> {
        let parts: Vec<Part<'_>> = self
            .0
            .iter()
            .map(|piece| match piece {
                Piece::Literal(text) => Part::Literal(text),
                Piece::Param(name, value) => Part::Param(name, value),
                Piece::PathParam(name, value) => Part::PathParam(name, value),
            })
            .collect();
        client.request(method, &parts)
    }
}
