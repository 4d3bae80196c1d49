//! [`Error`] and the server's retry hint, [`RetryAfter`].

use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

use super::BoxError;

/// When the server asked to retry, from a `Retry-After` header (sent by Graph with 429, 503
/// and 504).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// After this long (the header held a number of seconds).
    Delay(Duration),
    /// At this time (the header held an HTTP date).
    At(SystemTime),
}

impl RetryAfter {
    /// The hint of `headers`, if any; an unreadable one counts as none. A number of seconds
    /// too large to represent is [`Duration::MAX`]: past any retry budget, not absent.
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            let delay = text.parse::<u64>().map_or(Duration::MAX, Duration::from_secs);
            return Some(RetryAfter::Delay(delay));
        }
        httpdate::parse_http_date(text).ok().map(RetryAfter::At)
    }

    /// How long to wait from `now` (zero for a date already past).
    pub fn delay_from(&self, now: SystemTime) -> Duration {
        match *self {
            RetryAfter::Delay(delay) => delay,
            RetryAfter::At(at) => at.duration_since(now).unwrap_or_default(),
        }
    }
}

/// What can go wrong calling Graph.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The [`TokenProvider`](super::TokenProvider) failed.
    Token(BoxError),
    /// The base URL is not one the token may be sent to (see
    /// [`Client::with_base_url`](super::Client::with_base_url)); the text says why.
    InvalidBaseUrl(String),
    /// Path parameter values would change which resource the path addresses.
    InvalidParameter {
        /// The documented name of the parameter, or of each adjacent one, comma-separated.
        name: String,
        /// The path segment the value(s) would make: empty, `.` or `..`.
        value: String,
    },
    /// A path (from [`Client::request`](super::Client::request)) that would leave the base
    /// URL's origin.
    InvalidPath {
        /// The path as given.
        path: String,
    },
    /// The request body could not be serialized to JSON.
    Serialize(serde_json::Error),
    /// The request could not be sent or the response not read, including a timeout (see
    /// [`Error::is_timeout`]) and too many redirects.
    Transport(reqwest::Error),
    /// A redirect not followed, being to another origin (scheme, host and port): neither the
    /// body nor the token is sent there. The caller may fetch `location` deliberately (Graph
    /// redirects downloads to pre-authenticated URLs that need no token).
    Redirect {
        /// The HTTP status (301, 302, 303, 307 or 308).
        status: u16,
        /// Where the server redirected to (the `Location` header).
        location: String,
    },
    /// The response body is longer than the client's limit; reading stopped there.
    BodyTooLarge {
        /// The HTTP status.
        status: u16,
        /// The limit in bytes.
        limit: usize,
        /// The server's retry hint, if it sent one.
        retry_after: Option<RetryAfter>,
    },
    /// Graph answered with an error body: `{"error": {"code": .., "message": ..}}`.
    ///
    /// The request id and date that Microsoft support asks for are in `details`
    /// ([`Error::request_id`], [`Error::date`]).
    Graph {
        /// The HTTP status.
        status: u16,
        /// Graph's error code, e.g. `Forbidden`.
        code: String,
        /// Graph's human-readable message.
        message: String,
        /// The server's retry hint, if it sent one.
        retry_after: Option<RetryAfter>,
        /// Where and when the request failed, for a support case. Boxed: it is rarely read,
        /// and every `Result` of the crate carries the size of this enum.
        details: Box<GraphErrorDetails>,
    },
    /// A header given to [`Call::header`](super::Call::header) that is not a valid HTTP
    /// header, or one the client sets itself (`Authorization`, `Host`).
    InvalidHeader {
        /// The header name as given.
        name: String,
        /// Why it was refused.
        reason: String,
    },
    /// An `@odata.nextLink` to another origin than the client's base URL: the next page is
    /// not requested, so the token is not sent there.
    ForeignNextLink {
        /// The link as received.
        link: String,
    },
    /// A failure status (not 2xx) without a Graph error body.
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
        /// The response body, lossily decoded as UTF-8.
        body: String,
        /// The server's retry hint, if it sent one.
        retry_after: Option<RetryAfter>,
        /// The `client-request-id` the failed request was sent with.
        client_request_id: Option<String>,
    },
    /// A success response whose body is not JSON, or not JSON of the type asked for.
    Decode(serde_json::Error),
    /// A success response whose `Content-Type` contradicts what the call expects (an HTML
    /// page from a proxy where Graph sends JSON or nothing).
    UnexpectedContentType {
        /// The HTTP status (2xx).
        status: u16,
        /// The `Content-Type` received.
        content_type: String,
        /// What the call expected.
        expected: &'static str,
    },
    /// A [`Batch`](super::Batch) that cannot be sent as built, or a `$batch` answer without a
    /// call's response; the text says which.
    InvalidBatch(String),
    /// An [`Upload`](super::Upload) that cannot go on: its URL, slice size or reader; the text
    /// says why.
    InvalidUpload(String),
    /// A delta query whose last page has no `@odata.deltaLink` ([`Call::changes`](super::Call::changes)).
    NoDeltaLink,
    /// The call (all its attempts and the waits between them) did not end within its
    /// deadline ([`Client::with_timeout`](super::Client::with_timeout)).
    Timeout {
        /// The deadline that passed, from the call's start.
        after: Duration,
    },
}

impl Error {
    /// The HTTP status of a call that reached the server but failed.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Graph { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::BodyTooLarge { status, .. }
            | Error::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// When the server asked to retry (`Retry-After`), if it did.
    pub fn retry_after(&self) -> Option<RetryAfter> {
        match self {
            Error::Graph { retry_after, .. }
            | Error::UnexpectedStatus { retry_after, .. }
            | Error::BodyTooLarge { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The `request-id` of a failed call (from Graph's `innerError`, else the response
    /// header), which Microsoft support asks for.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Graph { details, .. } => details.request_id.as_deref(),
            _ => None,
        }
    }

    /// The `client-request-id` of a failed call: the one it was sent with (Graph's
    /// `innerError` or response header, else the client's own), to find it in Microsoft's logs.
    pub fn client_request_id(&self) -> Option<&str> {
        match self {
            Error::Graph { details, .. } => details.client_request_id.as_deref(),
            Error::UnexpectedStatus { client_request_id, .. } => client_request_id.as_deref(),
            _ => None,
        }
    }

    /// When Graph says the call failed (`innerError.date`, as sent).
    pub fn date(&self) -> Option<&str> {
        match self {
            Error::Graph { details, .. } => details.date.as_deref(),
            _ => None,
        }
    }

    /// Whether the call gave up on a timeout: connecting, one attempt, or the whole call
    /// ([`Error::Timeout`]).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. }) || matches!(self, Error::Transport(e) if e.is_timeout())
    }

    pub(super) fn from_failed_response(
        status: u16,
        headers: &HeaderMap,
        body: &[u8],
        retry_after: Option<RetryAfter>,
        sent_request_id: Option<&str>,
    ) -> Self {
        let graph_error = serde_json::from_slice::<serde_json::Value>(body).ok().and_then(|value| {
            let error = value.get("error")?;
            let code = error.get("code")?.as_str()?.to_owned();
            let text = |v: Option<&serde_json::Value>| v?.as_str().map(str::to_owned);
            let message = text(error.get("message")).unwrap_or_default();
            // Graph spells it `innerError` or `innererror`, depending on the service.
            let inner = error.get("innerError").or_else(|| error.get("innererror"));
            let header = |name: &str| {
                let value = headers.get(name)?.to_str().ok()?;
                Some(value.to_owned())
            };
            let details = GraphErrorDetails {
                request_id: text(inner.and_then(|i| i.get("request-id"))).or_else(|| header("request-id")),
                client_request_id: text(inner.and_then(|i| i.get("client-request-id")))
                    .or_else(|| header("client-request-id"))
                    .or_else(|| sent_request_id.map(str::to_owned)),
                date: text(inner.and_then(|i| i.get("date"))),
            };
            Some((code, message, details))
        });
        match graph_error {
            Some((code, message, details)) => {
                Error::Graph { status, code, message, retry_after, details: Box::new(details) }
            }
            None => Error::UnexpectedStatus {
                status,
                body: String::from_utf8_lossy(body).into_owned(),
                retry_after,
                client_request_id: sent_request_id.map(str::to_owned),
            },
        }
    }
}

/// Where and when a Graph error happened (its `innerError`, and the response headers).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GraphErrorDetails {
    /// `innerError.request-id`, else the `request-id` response header.
    pub request_id: Option<String>,
    /// `innerError.client-request-id`, else the `client-request-id` response header.
    pub client_request_id: Option<String>,
    /// `innerError.date`, as sent (an ISO 8601 time).
    pub date: Option<String>,
}

impl fmt::Display for Error {
    // A cause is returned by `source()`, not repeated here: error reporters print the chain,
    // and would print it twice.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Token(_) => f.write_str("could not get an access token"),
            Error::InvalidBaseUrl(reason) => f.write_str(reason),
            Error::InvalidParameter { name, value } => {
                write!(f, "path parameter {name} cannot make the segment {value:?}")
            }
            Error::InvalidPath { path } => {
                write!(f, "path {path:?} would leave the base URL's origin")
            }
            Error::Serialize(_) => f.write_str("could not serialize the request body"),
            Error::Transport(_) => f.write_str("request failed"),
            Error::Redirect { status, location } => {
                write!(f, "redirect {status} not followed (another origin): {}", redacted_url(location))
            }
            Error::BodyTooLarge { status, limit, .. } => {
                write!(f, "response body (status {status}) longer than {limit} bytes")
            }
            Error::Graph { status, code, message, .. } => {
                write!(f, "Graph returned {status} {code}: {message}")
            }
            Error::UnexpectedStatus { status, body, .. } => {
                write!(f, "unexpected status {status}")?;
                if !body.is_empty() {
                    // Long bodies (HTML error pages) would drown the message.
                    let excerpt: String = body.chars().take(200).collect();
                    write!(f, ": {excerpt}")?;
                }
                Ok(())
            }
            Error::Decode(_) => f.write_str("response body is not the expected JSON"),
            Error::UnexpectedContentType { status, content_type, expected } => {
                write!(f, "status {status} with content type {content_type:?}, expected {expected}")
            }
            Error::InvalidBatch(reason) => write!(f, "batch: {reason}"),
            Error::InvalidUpload(reason) => write!(f, "upload: {reason}"),
            Error::NoDeltaLink => f.write_str("the last page of a delta query has no @odata.deltaLink"),
            Error::Timeout { after } => write!(f, "call did not end within its deadline of {after:?}"),
            Error::InvalidHeader { name, reason } => write!(f, "header {name:?}: {reason}"),
            Error::ForeignNextLink { link } => {
                write!(f, "next page link to another origin not followed: {}", redacted_url(link))
            }
        }
    }
}

/// `link` as far as a message may show it: scheme, host, port and path. A user name, a
/// password and the query (pre-authenticated URLs carry their credential there) are left
/// out, and so is all of a link that is not a URL.
pub(super) fn redacted_url(link: &str) -> String {
    match url::Url::parse(link) {
        Ok(mut url) => {
            // Fails only for URLs that cannot have them (`data:`), which have none.
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.set_query(None);
            url.set_fragment(None);
            url.to_string()
        }
        Err(_) => "<not a URL>".to_owned(),
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Token(e) => Some(e.as_ref()),
            Error::Serialize(e) | Error::Decode(e) => Some(e),
            Error::Transport(e) => Some(e),
            Error::InvalidBaseUrl(_)
            | Error::InvalidParameter { .. }
            | Error::InvalidPath { .. }
            | Error::Redirect { .. }
            | Error::BodyTooLarge { .. }
            | Error::Graph { .. }
            | Error::UnexpectedStatus { .. }
            | Error::UnexpectedContentType { .. }
            | Error::Timeout { .. }
            | Error::NoDeltaLink
            | Error::InvalidBatch(_)
            | Error::InvalidUpload(_)
            | Error::InvalidHeader { .. }
            | Error::ForeignNextLink { .. } => None,
        }
    }
}
