//! The hand-written runtime every generated client calls, a crate of its own so that
//! regenerating a client does not compile it again (a client re-exports it as `runtime`).
//!
//! - [`Client`]: where requests go (base URL), how they are authenticated ([`TokenProvider`])
//!   and the limits that keep a call from hanging or eating memory.
//! - [`Client::request`] and [`Call`]: one HTTP call, built from [`Part`]s of a path template.
//!   Shape it with query options and headers; send it for a typed body ([`Call::send`]), the
//!   raw [`Response`], or a stream of [`Page`]s or items that follows `@odata.nextLink`.
//! - [`Error`]: everything that can go wrong, keeping the HTTP status, Graph's error code,
//!   message and request id, and the server's [`RetryAfter`] hint of failed calls.
//! - [`RetryPolicy`]: throttled (429) and overloaded (503, 504) calls are retried, honouring
//!   `Retry-After`, with bounded attempts and total wait; per status with
//!   [`Client::with_retry_for`].
//! - Beyond one call: [`Call::download`] and [`Call::download_stream`] (bytes, following
//!   redirects to pre-authenticated URLs without credentials; the builders type `$value` and
//!   `/content` calls [`Download`]), [`Client::batch`] (`$batch`),
//!   [`Client::upload_session`] (resumable uploads), [`Call::changes`] and
//!   [`Call::resume_from`] (delta queries). Every stream is `Unpin`.
//! - [`model`]: what the generated model types are made of, and how Graph's types map to
//!   Rust's.
//! - [`Cloud`]: the national clouds, with their base URLs and token scopes.
//! - `AzureCredential` (cargo feature `azure-identity`): tokens from any `azure_core`
//!   `TokenCredential` (`azure_identity`'s credentials), for the scope of a [`Cloud`].
//!
//! # Safety defaults
//!
//! - Timeouts: [`DEFAULT_CONNECT_TIMEOUT`] to connect, [`DEFAULT_TIMEOUT`] for a whole call,
//!   one deadline across its attempts and waits ([`Client::with_connect_timeout`],
//!   [`Client::with_timeout`]; [`Client::with_attempt_timeout`] adds one per attempt).
//! - Bodies are read chunk by chunk and refused past [`DEFAULT_MAX_BODY_SIZE`] (success) or
//!   [`DEFAULT_MAX_ERROR_BODY_SIZE`] (errors) ([`Client::with_max_body_size`],
//!   [`Client::with_max_error_body_size`]).
//! - The token only travels over `https`, except to a loopback host; a base URL with a user
//!   name or password is refused ([`Client::with_base_url`]).
//! - Redirects are followed on the base URL's origin only (scheme, host and port); any other
//!   surfaces as [`Error::Redirect`], so neither the body nor the token goes elsewhere.
//! - `Debug` output never shows request bodies or tokens, and no message shows the user name,
//!   password or query of a URL.
//! - Every request carries a fresh `client-request-id`, the crate's user agent, and accepts
//!   gzip.
//! - Next-page links are followed on the base URL's origin only ([`Error::ForeignNextLink`]).
//! - At most [`RetryPolicy::max_retries`] retries and [`RetryPolicy::max_total_wait`] of
//!   waiting per call.
//!
//! # Example
//!
//! ```
//! use std::time::Duration;
//!
//! use graph_client_runtime::{Client, Error, StaticToken};
//!
//! let client = Client::new(StaticToken::new("eyJ0eXAi...")).with_timeout(Duration::from_secs(30));
//! // Point it at a loopback test server instead of https://graph.microsoft.com:
//! let local = client.clone().with_base_url("http://127.0.0.1:8080")?;
//! assert_eq!(local.base_url(), "http://127.0.0.1:8080");
//! // Anywhere else, plain http would send the token in cleartext:
//! assert!(matches!(client.with_base_url("http://example.com"), Err(Error::InvalidBaseUrl(_))));
//! # Ok::<(), Error>(())
//! ```

#![warn(missing_docs)]

#[cfg(feature = "azure-identity")]
mod auth;
// `$batch` and resumable uploads cost every build ~0.3 s: features of their own, in `full`.
#[cfg(feature = "batch")]
mod batch;
mod call;
mod client;
mod cloud;
mod delta;
mod download;
mod error;
pub mod model;
mod paging;
mod path;
pub mod permissions;
mod query;
mod retry;
#[cfg(feature = "upload")]
mod upload;

use std::fmt;
use std::future::Future;
use std::pin::Pin;

#[cfg(feature = "azure-identity")]
pub use auth::AzureCredential;
#[cfg(feature = "batch")]
pub use batch::{Batch, BatchItem, BatchResults, MAX_BATCH_REQUESTS};
pub use call::{Call, Response};
pub use client::{
    Client, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_ERROR_BODY_SIZE,
    DEFAULT_TIMEOUT,
};
pub use cloud::Cloud;
pub use delta::Change;
pub use download::{ByteStream, Download};
pub use error::{Error, GraphErrorDetails, RetryAfter};
pub use model::Binary;
pub use paging::Page;
pub use path::{build_path, encode_segment, Part};
pub use reqwest::Method;
pub use retry::RetryPolicy;
#[cfg(feature = "upload")]
pub use upload::{Upload, UploadStatus, DEFAULT_UPLOAD_SLICE_SIZE, UPLOAD_SLICE_UNIT};

/// Any error a [`TokenProvider`] may report.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The future a [`TokenProvider`] returns: boxed so that the trait stays object-safe.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, BoxError>> + Send + 'a>>;

/// Supplies the bearer token sent with every request.
///
/// Called once per request, so an implementation can cache and refresh tokens as it sees fit.
pub trait TokenProvider: Send + Sync {
    /// The access token to send as `Authorization: Bearer <token>`.
    fn token(&self) -> TokenFuture<'_>;
}

/// A [`TokenProvider`] that always returns the same token.
#[derive(Clone)]
pub struct StaticToken(String);

impl StaticToken {
    /// Wraps an access token obtained elsewhere.
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(token.into())
    }
}

// Tokens are secrets: keep them out of logs.
impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move { Ok(self.0.clone()) })
    }
}
