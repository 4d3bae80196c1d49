//! [`Client`]: base URL, token provider, limits, and the HTTP client that enforces them.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::redirect;
use url::{Host, Url};

use super::retry::RetryRules;
use super::{build_path, Call, Cloud, Error, Method, Part, RetryPolicy, TokenProvider};

/// Where [`Client::new`] sends requests unless told otherwise: the global cloud.
pub const DEFAULT_BASE_URL: &str = "https://graph.microsoft.com";

/// How long [`Client::new`] waits for a connection (TCP and TLS) to be established.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long [`Client::new`] lets one call take, from connecting to the last byte of the body,
/// across its retries and the waits between them.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(100);

/// The user agent of every request: the crate and its version.
// The client crate's name: this runtime is generated with it, under the same version.
const USER_AGENT: &str = concat!("graph-client/", env!("CARGO_PKG_VERSION"));

/// The largest success body [`Client::new`] reads into memory: 32 MiB.
pub const DEFAULT_MAX_BODY_SIZE: usize = 32 * 1024 * 1024;

/// The largest error body [`Client::new`] reads into memory: 1 MiB (Graph's are a few hundred
/// bytes; anything larger is an HTML page or worse).
pub const DEFAULT_MAX_ERROR_BODY_SIZE: usize = 1024 * 1024;

/// Same-origin redirects followed in a row before the call fails (reqwest's own default).
const MAX_REDIRECTS: usize = 10;

/// A Microsoft Graph client: cheap to clone, every clone shares one connection pool.
#[derive(Clone)]
pub struct Client {
    pub(super) http: reqwest::Client,
    pub(super) base_url: Arc<str>,
    pub(super) tokens: Arc<dyn TokenProvider>,
    pub(super) limits: Limits,
    pub(super) retry: RetryRules,
}

/// What one call may cost.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    pub(super) connect_timeout: Duration,
    pub(super) timeout: Duration,
    pub(super) attempt_timeout: Option<Duration>,
    pub(super) max_body_size: usize,
    pub(super) max_error_body_size: usize,
}

// The token provider holds secrets: only the base URL and the limits are shown.
impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("limits", &self.limits)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for [`DEFAULT_BASE_URL`] that authenticates with `tokens`, with the default
    /// timeouts, body size limits and [`RetryPolicy`].
    pub fn new(tokens: impl TokenProvider + 'static) -> Self {
        Client::for_cloud(Cloud::Global, tokens)
    }

    /// A client for the national `cloud`; `tokens` must be issued for
    /// [`Cloud::scope`] of the same cloud.
    pub fn for_cloud(cloud: Cloud, tokens: impl TokenProvider + 'static) -> Self {
        Client {
            http: http_client(DEFAULT_CONNECT_TIMEOUT),
            base_url: Arc::from(cloud.base_url()),
            tokens: Arc::new(tokens),
            limits: Limits {
                connect_timeout: DEFAULT_CONNECT_TIMEOUT,
                timeout: DEFAULT_TIMEOUT,
                attempt_timeout: None,
                max_body_size: DEFAULT_MAX_BODY_SIZE,
                max_error_body_size: DEFAULT_MAX_ERROR_BODY_SIZE,
            },
            retry: RetryRules::new(RetryPolicy::default()),
        }
    }

    /// The same client retrying throttled and overloaded calls (429, 503, 504) as `policy`
    /// says ([`RetryPolicy::none`] to never retry); this replaces the policies set for one
    /// status with [`with_retry_for`](Client::with_retry_for).
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = RetryRules::new(policy);
        self
    }

    /// The same client retrying responses with `status` as `policy` says, the other statuses
    /// as before: `with_retry_for(429, RetryPolicy::none())` returns throttling errors at once
    /// and keeps retrying 503 and 504. A status other than 429, 503 and 504 given here is
    /// retried too (only if the call may be sent again: the body is sent again). A long wait
    /// also needs a longer [`with_timeout`](Client::with_timeout), which counts the waits.
    pub fn with_retry_for(mut self, status: u16, policy: RetryPolicy) -> Self {
        self.retry.by_status.retain(|(s, _)| *s != status);
        self.retry.by_status.push((status, policy));
        self
    }

    /// How this client retries throttled and overloaded calls (the policy set with
    /// [`with_retry`](Client::with_retry)).
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry.default
    }

    /// How this client retries a response with `status`, or `None` if it does not.
    pub fn retry_policy_for(&self, status: u16) -> Option<RetryPolicy> {
        self.retry.for_status(status)
    }

    /// The same client sending to `base_url` (scheme, host and optionally a path, e.g. a
    /// national cloud or a loopback test server); a trailing `/` is ignored.
    ///
    /// Refused with [`Error::InvalidBaseUrl`]: anything but `https`, except `http` to a
    /// loopback host (`127.0.0.0/8`, `::1`, `localhost`), since the token would travel in
    /// cleartext; a user name or password (`https://graph.microsoft.com@evil.example` is a
    /// request to `evil.example`); a query or a fragment, which would swallow the paths.
    pub fn with_base_url(mut self, base_url: impl AsRef<str>) -> Result<Self, Error> {
        self.base_url = Arc::from(checked_base_url(base_url.as_ref())?);
        Ok(self)
    }

    /// The same client giving up on a call that takes longer than `timeout` in all: one
    /// deadline for every attempt (connecting, sending, waiting and reading the body), the
    /// token requests and the waits between retries, after which the call fails with
    /// [`Error::Timeout`] ([`Error::is_timeout`] is true). A retry whose wait would end past
    /// the deadline is not made: the error is returned at once.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.limits.timeout = timeout;
        self
    }

    /// The same client also giving up on one attempt after `timeout` (none by default: only
    /// the call's deadline, [`with_timeout`](Client::with_timeout)). An attempt that times
    /// out is retried, within the deadline and the retry policy of a 504, when its method is
    /// idempotent (GET, HEAD, PUT, DELETE, OPTIONS); else it fails with [`Error::Transport`]
    /// ([`Error::is_timeout`] is true).
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.limits.attempt_timeout = Some(timeout);
        self
    }

    /// The same client giving up on connecting after `timeout`. The returned client has a
    /// connection pool of its own.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.limits.connect_timeout = timeout;
        self.http = http_client(timeout);
        self
    }

    /// The same client refusing success bodies longer than `bytes` with
    /// [`Error::BodyTooLarge`] (reading stops there).
    pub fn with_max_body_size(mut self, bytes: usize) -> Self {
        self.limits.max_body_size = bytes;
        self
    }

    /// The same client refusing error bodies longer than `bytes` with [`Error::BodyTooLarge`]
    /// (reading stops there; the status and the retry hint are kept).
    pub fn with_max_error_body_size(mut self, bytes: usize) -> Self {
        self.limits.max_error_body_size = bytes;
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
        Call::new(self, method, build_path(parts))
    }
}

/// The HTTP client behind [`Client`]: built here only, so that no caller-made client can drop
/// the redirect policy.
fn http_client(connect_timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .user_agent(USER_AGENT)
        .redirect(same_origin_redirects())
        .build()
        // As in `reqwest::Client::new`: this fails only when the TLS backend cannot start,
        // which no input or setting of ours can cause.
        .expect("the TLS backend could not be initialised")
}

/// Follows a redirect only to the origin of the first request. reqwest's default follows any
/// host and, on 307/308, sends the body there; stopping returns the 3xx response, which the
/// call reports as [`Error::Redirect`].
fn same_origin_redirects() -> redirect::Policy {
    redirect::Policy::custom(|attempt| {
        let first = attempt.previous().first().map(Url::origin);
        if first != Some(attempt.url().origin()) {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}

/// Whether the token, or a pre-authenticated URL's credential, may travel to `url`: `https`,
/// or `http` to a loopback host; never with a user name or password.
pub(super) fn is_safe_destination(url: &Url) -> bool {
    let scheme_ok = url.scheme() == "https" || (url.scheme() == "http" && is_loopback(url));
    scheme_ok && url.username().is_empty() && url.password().is_none()
}

/// `text` as a base URL without its trailing `/`, or why it cannot be one.
fn checked_base_url(text: &str) -> Result<String, Error> {
    let url =
        Url::parse(text).map_err(|e| Error::InvalidBaseUrl(format!("base URL {text:?} cannot be parsed: {e}")))?;
    if !url.username().is_empty() || url.password().is_some() {
        // The URL is not repeated: it may hold a password.
        return Err(Error::InvalidBaseUrl("a base URL cannot contain a user name or password".to_owned()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::InvalidBaseUrl(format!("base URL {text:?} cannot have a query or a fragment")));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        _ => {
            return Err(Error::InvalidBaseUrl(format!(
                "base URL {text:?} must use https (plain http only to a loopback host)"
            )))
        }
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}
