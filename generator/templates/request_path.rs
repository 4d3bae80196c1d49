//! The path a request builder has walked so far, turned into a [`Call`] at the end.
//!
//! Parameter values are kept as given and encoded only when the call is made, by the
//! runtime's [`build_path`](crate::runtime::build_path): the one place that percent-encodes
//! and refuses a value making an empty, `.` or `..` segment.

// Built with no area feature at all, no request builder walks a path.
#![cfg_attr(not(feature = "full"), allow(dead_code))]

use std::fmt;
use std::marker::PhantomData;

use crate::runtime::{Call, Client, Method, Part};

/// A request builder: the path walked so far (`client.v1().users().by_id(id)`) and the
/// methods its path documents. Each path has a type of its own, named after it: an alias of
/// this struct with the path's marker (`v1_0::UsersItem<'c>` is
/// `RequestBuilder<'c, v1_0::users_paths::UsersItem>`), whose methods are that path's.
///
/// One generic struct rather than a struct per path: `Debug` and `Clone` are implemented once
/// here instead of for each of thousands of paths (for a client of all the docs, that saved
/// about a tenth of the crate's build memory).
pub struct RequestBuilder<'c, P> {
    pub(crate) client: &'c Client,
    pub(crate) path: RequestPath,
    marker: PhantomData<fn() -> P>,
}

impl<'c, P> RequestBuilder<'c, P> {
    /// The builder of `path`, for `client`.
    #[inline]
    pub(crate) fn new(client: &'c Client, path: RequestPath) -> Self {
        RequestBuilder { client, path, marker: PhantomData }
    }
}

impl<P> Clone for RequestBuilder<'_, P> {
    fn clone(&self) -> Self {
        RequestBuilder::new(self.client, self.path.clone())
    }
}

impl<P> fmt::Debug for RequestBuilder<'_, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The marker's name is the path type's: `UsersItem { client: .., path: .. }`.
        let marker = std::any::type_name::<P>();
        let name = marker.rsplit("::").next().unwrap_or(marker);
        f.debug_struct(name).field("client", &self.client).field("path", &self.path).finish()
    }
}

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

    /// The call to `method` on this path, with the permissions the docs give for operation
    /// `key` of `version` (looked up in this client's facts when asked for).
    #[inline]
    pub(crate) fn endpoint<'c>(
        &self,
        client: &'c Client,
        method: Method,
        version: &'static str,
        key: &'static str,
    ) -> Call<'c> {
        self.call(client, method).documented_permissions(&crate::permissions::FACTS, version, key)
    }
}
