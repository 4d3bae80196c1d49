//! The hand-written runtime every generated function calls.
//!
//! - [`Client`]: where requests go (base URL) and how they are authenticated ([`TokenProvider`]).
//! - [`Client::request`] and [`Call`]: one HTTP call, built from [`Part`]s of a path template.
//! - [`Error`]: everything that can go wrong, keeping the HTTP status of failed calls.
//!
//! # Example
//!
//! ```no_run
//! use graph_client::{Client, StaticToken};
//!
//! let client = Client::new(StaticToken::new("eyJ0eXAi..."));
//! // Point it at a test server instead of https://graph.microsoft.com:
//! let local = client.clone().with_base_url("http://127.0.0.1:8080");
//! assert_eq!(local.base_url(), "http://127.0.0.1:8080");
//! ```

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{ACCEPT, CONTENT_TYPE};

pub use reqwest::Method;

/// Where [`Client::new`] sends requests unless told otherwise.
pub const DEFAULT_BASE_URL: &str = "https://graph.microsoft.com";

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

/// A Microsoft Graph client: cheap to clone, every clone shares one connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: Arc<str>,
    tokens: Arc<dyn TokenProvider>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for [`DEFAULT_BASE_URL`] that authenticates with `tokens`.
    pub fn new(tokens: impl TokenProvider + 'static) -> Self {
        Client {
            http: reqwest::Client::new(),
            base_url: Arc::from(DEFAULT_BASE_URL),
            tokens: Arc::new(tokens),
        }
    }

    /// The same client sending to `base_url` (scheme and host, e.g. a national cloud or a
    /// loopback test server); a trailing `/` is ignored.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        let base_url = base_url.into();
        self.base_url = Arc::from(base_url.trim_end_matches('/'));
        self
    }

    /// The same client using `http` for transport (proxies, timeouts, TLS settings).
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// The base URL requests are sent to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Starts a call to `method` on the path made of `parts` (which include the version
    /// prefix, e.g. `/v1.0`). The generated functions are thin wrappers around this; it is
    /// public so that undocumented paths can be called the same way.
    pub fn request(&self, method: Method, parts: &[Part<'_>]) -> Call<'_> {
        Call {
            client: self,
            method,
            path: build_path(parts),
            body: Ok(None),
            expected_status: None,
        }
    }
}

/// One piece of a path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'a> {
    /// Sent as is.
    Literal(&'a str),
    /// A parameter: its documented name (for errors) and the value, percent-encoded when sent.
    Param(&'a str, &'a str),
}

// Everything but RFC 3986 unreserved characters, so a value can never add a path segment,
// a query or a fragment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes `value` for use inside one path segment.
pub fn encode_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// Joins `parts`, encoding parameters.
///
/// A parameter that fills a whole segment cannot be empty, `.` or `..`: URL parsing would
/// drop or resolve it, so the request would reach another resource.
pub fn build_path(parts: &[Part<'_>]) -> Result<String, Error> {
    let mut path = String::new();
    for (i, part) in parts.iter().enumerate() {
        match *part {
            Part::Literal(text) => path.push_str(text),
            Part::Param(name, value) => {
                let starts_segment = path.is_empty() || path.ends_with('/');
                let ends_segment = match parts.get(i + 1) {
                    None => true,
                    Some(Part::Literal(next)) => next.starts_with('/'),
                    Some(Part::Param(..)) => false,
                };
                let whole_segment = starts_segment && ends_segment;
                if whole_segment && matches!(value, "" | "." | "..") {
                    return Err(Error::InvalidParameter {
                        name: name.to_owned(),
                        value: value.to_owned(),
                    });
                }
                path.push_str(&encode_segment(value));
            }
        }
    }
    Ok(path)
}

/// One HTTP call being prepared; errors found while preparing surface when it is sent.
#[derive(Debug)]
#[must_use = "a call does nothing until it is sent"]
pub struct Call<'c> {
    client: &'c Client,
    method: Method,
    path: Result<String, Error>,
    body: Result<Option<Vec<u8>>, Error>,
    expected_status: Option<u16>,
}

impl Call<'_> {
    /// Sends `body` as JSON.
    pub fn json<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.body = serde_json::to_vec(body).map(Some).map_err(Error::Serialize);
        self
    }

    /// Succeeds only on `status` (the documented one); without this, on any 2xx status.
    pub fn expect_status(mut self, status: u16) -> Self {
        self.expected_status = Some(status);
        self
    }

    /// Sends the call and ignores the response body.
    pub async fn send_no_content(self) -> Result<(), Error> {
        self.send().await.map(drop)
    }

    /// Sends the call and parses the response body as JSON (`null` when it is empty).
    pub async fn send_json(self) -> Result<serde_json::Value, Error> {
        let body = self.send().await?;
        if body.is_empty() {
            return Ok(serde_json::Value::Null);
        }
        serde_json::from_slice(&body).map_err(Error::Decode)
    }

    async fn send(self) -> Result<Vec<u8>, Error> {
        let path = self.path?;
        let body = self.body?;
        let token = self.client.tokens.token().await.map_err(Error::Token)?;
        let url = format!("{}{}", self.client.base_url, path);
        let mut request = self
            .client
            .http
            .request(self.method, url)
            .bearer_auth(token)
            .header(ACCEPT, "application/json");
        if let Some(body) = body {
            request = request.header(CONTENT_TYPE, "application/json").body(body);
        }
        let response = request.send().await.map_err(Error::Transport)?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(Error::Transport)?.to_vec();
        let success = match self.expected_status {
            Some(expected) => status == expected,
            None => (200..300).contains(&status),
        };
        if success {
            Ok(body)
        } else {
            Err(Error::from_failed_response(status, &body))
        }
    }
}

/// What can go wrong calling Graph.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The [`TokenProvider`] failed.
    Token(BoxError),
    /// A path parameter value would change which resource the path addresses.
    InvalidParameter {
        /// The parameter's documented name.
        name: String,
        /// The rejected value.
        value: String,
    },
    /// The request body could not be serialized to JSON.
    Serialize(serde_json::Error),
    /// The request could not be sent or the response not read (includes an invalid base URL).
    Transport(reqwest::Error),
    /// Graph answered with an error body: `{"error": {"code": .., "message": ..}}`.
    Graph {
        /// The HTTP status.
        status: u16,
        /// Graph's error code, e.g. `Forbidden`.
        code: String,
        /// Graph's human-readable message.
        message: String,
    },
    /// A status other than the documented one, without a Graph error body.
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
        /// The response body, lossily decoded as UTF-8.
        body: String,
    },
    /// A success response whose body is not JSON.
    Decode(serde_json::Error),
}

impl Error {
    /// The HTTP status of a call that reached the server but failed.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Graph { status, .. } | Error::UnexpectedStatus { status, .. } => Some(*status),
            _ => None,
        }
    }

    fn from_failed_response(status: u16, body: &[u8]) -> Self {
        let graph_error = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|value| {
                let error = value.get("error")?;
                let code = error.get("code")?.as_str()?.to_owned();
                let message = error
                    .get("message")
                    .and_then(|m| m.as_str())
                    .unwrap_or_default();
                Some((code, message.to_owned()))
            });
        match graph_error {
            Some((code, message)) => Error::Graph {
                status,
                code,
                message,
            },
            None => Error::UnexpectedStatus {
                status,
                body: String::from_utf8_lossy(body).into_owned(),
            },
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Token(e) => write!(f, "could not get an access token: {e}"),
            Error::InvalidParameter { name, value } => {
                write!(f, "path parameter {name} cannot be {value:?}")
            }
            Error::Serialize(e) => write!(f, "could not serialize the request body: {e}"),
            Error::Transport(e) => write!(f, "request failed: {e}"),
            Error::Graph {
                status,
                code,
                message,
            } => {
                write!(f, "Graph returned {status} {code}: {message}")
            }
            Error::UnexpectedStatus { status, body } => {
                write!(f, "unexpected status {status}")?;
                if !body.is_empty() {
                    // Long bodies (HTML error pages) would drown the message.
                    let excerpt: String = body.chars().take(200).collect();
                    write!(f, ": {excerpt}")?;
                }
                Ok(())
            }
            Error::Decode(e) => write!(f, "response body is not JSON: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Token(e) => Some(e.as_ref()),
            Error::Serialize(e) | Error::Decode(e) => Some(e),
            Error::Transport(e) => Some(e),
            Error::InvalidParameter { .. }
            | Error::Graph { .. }
            | Error::UnexpectedStatus { .. } => None,
        }
    }
}
