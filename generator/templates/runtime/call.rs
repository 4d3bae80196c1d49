//! [`Call`]: one HTTP call, from shaping it (query options, headers, body) to a bounded read
//! of its response, retried as the client's [`RetryPolicy`](super::RetryPolicy) says.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HOST, LOCATION,
    TRANSFER_ENCODING,
};
use serde::de::DeserializeOwned;
use url::Url;

use super::client;
use super::query::Query;
use super::{Client, Error, Method, RetryAfter};

/// One HTTP call being prepared; errors found while preparing surface when it is sent.
///
/// Shape it with the OData query options ([`select`](Call::select), [`filter`](Call::filter),
/// ...), [`header`](Call::header) and [`json`](Call::json), then send it:
/// [`send`](Call::send) decodes the JSON body into `R`, the type the docs give for the
/// response (a model such as `v1_0::models::User`, a [`Page`](super::Page) of them for a
/// collection, or [`serde_json::Value`] where the docs name none; for `R` =
/// [`Download`](super::Download), a `$value` or `/content` path, it returns the body's bytes
/// instead), [`send_as`](Call::send_as)
/// into a type of your choice, [`send_raw`](Call::send_raw) returns status, headers and
/// bytes, and [`pages`](Call::pages) / [`items`](Call::items) follow `@odata.nextLink`. Any
/// 2xx status is a success.
///
/// `ConsistencyLevel: eventual` is sent when the query needs it on directory objects
/// (Graph's "advanced queries"): with `$search`, `$count=true`, or a `$filter` using `ne`,
/// `not` or `endsWith`. A `ConsistencyLevel` given to [`header`](Call::header) is sent
/// instead.
#[must_use = "a call does nothing until it is sent"]
pub struct Call<'c, R = serde_json::Value> {
    pub(super) client: &'c Client,
    pub(super) method: Method,
    pub(super) path: Result<String, Error>,
    pub(super) query: Query,
    headers: Result<HeaderMap, Error>,
    body: Result<Option<Vec<u8>>, Error>,
    permissions: Permissions,
    response: PhantomData<fn() -> R>,
}

/// Where a call's documented permission tables come from.
#[derive(Clone, Copy)]
enum Permissions {
    Tables(&'static [crate::permissions::PermissionTable]),
    /// A documented operation's, looked up only when asked for: an app that never asks never
    /// reads the permission data.
    Operation {
        facts: &'static crate::permissions::PermissionFacts,
        version: &'static str,
        key: &'static str,
    },
    /// Several pages document the endpoint, disagree on its permissions, and nothing on them
    /// tells which owns it: no table stands for the call.
    DocumentedDifferently,
}

// Bodies carry secrets (a new password, a client secret): only their size is shown. The
// client's own `Debug` leaves the token provider out.
impl<R> fmt::Debug for Call<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = match &self.body {
            Ok(None) => "none".to_owned(),
            Ok(Some(bytes)) => format!("<{} bytes>", bytes.len()),
            Err(_) => "<not serializable>".to_owned(),
        };
        f.debug_struct("Call")
            .field("client", self.client)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query.encoded())
            .field("headers", &self.headers)
            .field("body", &format_args!("{body}"))
            .finish()
    }
}

impl<'c> Call<'c> {
    pub(super) fn new(client: &'c Client, method: Method, path: Result<String, Error>) -> Self {
        Call {
            client,
            method,
            path,
            query: Query::default(),
            headers: Ok(HeaderMap::new()),
            body: Ok(None),
            permissions: Permissions::Tables(&[]),
            response: PhantomData,
        }
    }
}

impl<'c, R> Call<'c, R> {
    /// The same call, with `T` as the type [`send`](Call::send) decodes (the request
    /// builders set the documented type this way).
    pub fn returning<T>(self) -> Call<'c, T> {
        Call {
            client: self.client,
            method: self.method,
            path: self.path,
            query: self.query,
            headers: self.headers,
            body: self.body,
            permissions: self.permissions,
            response: PhantomData,
        }
    }

    /// Attaches permission tables to a call made by hand ([`Client::request`]), so that
    /// [`Call::permissions`] can answer without a network call; the request builders use
    /// [`documented_permissions`](Call::documented_permissions).
    pub fn with_permissions(mut self, tables: &'static [crate::permissions::PermissionTable]) -> Self {
        self.permissions = Permissions::Tables(tables);
        self
    }

    /// Attaches the permission tables a client's docs give for one documented operation (the
    /// request builders do this): `version` `v1.0` or `beta`, `operation` its key, as
    /// [`PermissionFacts::operation`](crate::permissions::PermissionFacts::operation) takes
    /// them. They are looked up when [`Call::permissions`] is called, not before.
    pub fn documented_permissions(
        mut self,
        facts: &'static crate::permissions::PermissionFacts,
        version: &'static str,
        operation: &'static str,
    ) -> Self {
        self.permissions = Permissions::Operation { facts, version, key: operation };
        self
    }

    /// Marks a call whose endpoint several pages document with different permissions, none of
    /// which the docs say owns it (the request builders do this): [`Call::permissions`] is then
    /// empty and [`Call::is_documented_differently`] true.
    pub fn permissions_documented_differently(mut self) -> Self {
        self.permissions = Permissions::DocumentedDifferently;
        self
    }

    /// The documented permission tables of this call's endpoint: empty for a call made with
    /// [`Client::request`], when the docs have no permissions section, or when their pages
    /// disagree ([`Call::is_documented_differently`]). See
    /// [`least_privileged_for_calls`](crate::permissions::least_privileged_for_calls) for an
    /// app's consent list.
    pub fn permissions(&self) -> &'static [crate::permissions::PermissionTable] {
        match self.permissions {
            Permissions::Tables(tables) => tables,
            Permissions::Operation { facts, version, key } => facts.operation(version, key),
            Permissions::DocumentedDifferently => &[],
        }
    }

    /// Whether several pages document this call's endpoint with different permissions and
    /// nothing on them tells which owns it: its permissions are then unknown, not none (the
    /// method's docs name the pages).
    pub fn is_documented_differently(&self) -> bool {
        matches!(self.permissions, Permissions::DocumentedDifferently)
    }

    /// Sends `body` as JSON.
    pub fn json<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.body = serde_json::to_vec(body).map(Some).map_err(Error::Serialize);
        self
    }

    /// Sends `body` as it is, with `content_type` as its `Content-Type` (`text/plain`,
    /// `image/jpeg`, `application/octet-stream`): the contents of a small file, a photo. An
    /// invalid content type makes the call fail with [`Error::InvalidHeader`] when sent.
    pub fn bytes(self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        let mut call = self.header("Content-Type", content_type);
        call.body = Ok(Some(body.into()));
        call
    }

    /// The status the documentation gives for success. Only a hint: any 2xx status is a
    /// success (the pages and the service do not always agree).
    pub fn expect_status(self, _documented: u16) -> Self {
        self
    }

    /// `$select`: only these properties in the response.
    pub fn select(self, properties: &[&str]) -> Self {
        self.query("$select", properties.join(","))
    }

    /// `$filter`: only the items matching `expression` (OData syntax, e.g.
    /// `startswith(displayName,'A')`; string literals in single quotes, a quote doubled).
    pub fn filter(self, expression: impl Into<String>) -> Self {
        self.query("$filter", expression)
    }

    /// `$expand`: related entities included in the response.
    pub fn expand(self, relations: &[&str]) -> Self {
        self.query("$expand", relations.join(","))
    }

    /// `$orderby`: sort order, each a property optionally followed by ` asc` or ` desc`.
    pub fn orderby(self, properties: &[&str]) -> Self {
        self.query("$orderby", properties.join(","))
    }

    /// `$top`: at most `n` items per page.
    pub fn top(self, n: u32) -> Self {
        self.query("$top", n.to_string())
    }

    /// `$skip`: leave out the first `n` items.
    pub fn skip(self, n: u32) -> Self {
        self.query("$skip", n.to_string())
    }

    /// `$search`, sent as given: Graph wants the terms in double quotes, e.g.
    /// `"displayName:Ada"` for directory objects.
    pub fn search(self, terms: impl Into<String>) -> Self {
        self.query("$search", terms)
    }

    /// `$count`: whether the response includes the total number of items
    /// ([`Page::count`](super::Page::count)).
    pub fn count(self, include: bool) -> Self {
        self.query("$count", include.to_string())
    }

    /// Any query parameter, e.g. a documented custom one such as `startDateTime`. Name and
    /// value are percent-encoded when sent; setting a parameter again replaces its value.
    pub fn query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.set(name, value.into());
        self
    }

    /// A request header, replacing any value set before (including the ones the client
    /// would add: `Accept`, `Content-Type`, `ConsistencyLevel`). An invalid name or value, or
    /// one of the headers the client owns (`Authorization`, `Host`, `Content-Length`,
    /// `Transfer-Encoding`), makes the call fail with [`Error::InvalidHeader`] when sent.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Ok(headers) = &mut self.headers {
            match checked_header(name, value) {
                Ok((name, value)) => {
                    headers.insert(name, value);
                }
                Err(error) => self.headers = Err(error),
            }
        }
        self
    }

    /// Sends the call and ignores the response body, which must be empty or JSON (a
    /// `200 text/html` from a proxy is [`Error::UnexpectedContentType`], not a success).
    pub async fn send_no_content(self) -> Result<(), Error> {
        let response = self.send_raw().await?;
        if !response.body.is_empty() {
            response.check_json()?;
        }
        Ok(())
    }

    /// Sends the call and parses the response body as JSON (`null` when it is empty).
    pub async fn send_json(self) -> Result<serde_json::Value, Error> {
        let response = self.send_raw().await?;
        if response.body.is_empty() {
            return Ok(serde_json::Value::Null);
        }
        response.check_json()?.json()
    }

    /// Sends the call and decodes the JSON response body into `T` (any type that
    /// deserializes; [`serde_json::Value`] for anything), whatever the docs say.
    pub async fn send_as<T: DeserializeOwned>(self) -> Result<T, Error> {
        self.send_raw().await?.check_json()?.json()
    }

    /// Sends the call and returns the response as received (after retries), whatever its
    /// content type.
    pub async fn send_raw(self) -> Result<Response, Error> {
        self.prepare()?.execute().await
    }

    /// The call, checked and ready to send (and to send again).
    pub(super) fn prepare(self) -> Result<Prepared<'c>, Error> {
        let client = self.client;
        let path = self.path?;
        let mut headers = self.headers?;
        let body = self.body?;
        let query = self.query.encoded();
        let path = if query.is_empty() { path } else { format!("{path}?{query}") };
        let url = url_on_base(&client.base_url, &path)?;
        if self.query.needs_eventual_consistency() {
            headers.entry("consistencylevel").or_insert(HeaderValue::from_static("eventual"));
        }
        headers.entry(ACCEPT).or_insert(HeaderValue::from_static("application/json"));
        if body.is_some() {
            headers.entry(CONTENT_TYPE).or_insert(HeaderValue::from_static("application/json"));
        }
        Ok(Prepared { client, method: self.method, url, headers, body })
    }
}

// Its own block, bounded on the impl: `Call<'c, Download>` has a `send` of its own
// (download.rs), which returns the body's bytes.
impl<R: DeserializeOwned> Call<'_, R> {
    /// Sends the call and decodes the JSON response body into `R`, the documented type.
    pub async fn send(self) -> Result<R, Error> {
        self.send_raw().await?.check_json()?.json()
    }
}

fn checked_header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), Error> {
    let refused = |reason: String| Error::InvalidHeader { name: name.to_owned(), reason };
    let header_name =
        HeaderName::from_bytes(name.as_bytes()).map_err(|_| refused("not a valid header name".to_owned()))?;
    // Set by the client itself: a caller's value would replace the token or break the
    // framing of the request.
    if [AUTHORIZATION, HOST, CONTENT_LENGTH, TRANSFER_ENCODING].contains(&header_name) {
        return Err(refused("set by the client itself".to_owned()));
    }
    // Control characters (a line break) would be refused by the parser anyway: say so here.
    let header_value = HeaderValue::from_str(value).map_err(|e| refused(format!("invalid value: {e}")))?;
    Ok((header_name, header_value))
}

/// A response as received: any 2xx status, its headers and its body.
#[derive(Clone)]
#[non_exhaustive]
pub struct Response {
    /// The HTTP status (2xx).
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body, read up to the client's limit.
    pub body: Vec<u8>,
}

// Bodies may carry secrets (a created app's password): only their size is shown.
impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

impl Response {
    /// The `Content-Type` header, if any and readable.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE)?.to_str().ok()
    }

    /// The response, if its content type does not contradict a JSON body: none, JSON
    /// (`application/json`, `*+json`) or `text/plain` (Graph's `$count`); anything else (an
    /// HTML page) is [`Error::UnexpectedContentType`].
    pub(super) fn check_json(self) -> Result<Self, Error> {
        let Some(content_type) = self.headers.get(CONTENT_TYPE) else {
            return Ok(self);
        };
        let text = String::from_utf8_lossy(content_type.as_bytes()).into_owned();
        let essence = text.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        let json = essence == "application/json" || essence.ends_with("+json") || essence == "text/json";
        if json || essence == "text/plain" {
            return Ok(self);
        }
        Err(Error::UnexpectedContentType { status: self.status, content_type: text, expected: "JSON" })
    }

    /// The body decoded from JSON into `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(Error::Decode)
    }
}

/// A call checked and ready to send: sent again on retries and, with another URL, for the
/// next pages.
pub(super) struct Prepared<'c> {
    pub(super) client: &'c Client,
    pub(super) method: Method,
    pub(super) url: Url,
    pub(super) headers: HeaderMap,
    pub(super) body: Option<Vec<u8>>,
}

impl Prepared<'_> {
    /// Sends the call, retrying throttled and overloaded responses as the client's policy
    /// says, and reads the body; a redirect to another origin is an error.
    pub(super) async fn execute(&self) -> Result<Response, Error> {
        match self.run(Mode::Api).await? {
            Answer::Read(response) => Ok(response),
            Answer::Open(_) => unreachable!("Mode::Api reads the body"),
        }
    }

    /// Sends the call as [`execute`](Prepared::execute) does, in `mode`, within the call's
    /// one deadline.
    pub(super) async fn run(&self, mode: Mode) -> Result<Answer, Error> {
        let limits = self.client.limits;
        // `None`: a deadline too far to represent is no deadline.
        let deadline = tokio::time::Instant::now().checked_add(limits.timeout);
        let mut waited = Duration::ZERO;
        let mut retry = 0;
        loop {
            let attempt = self.attempt(mode);
            let result = match deadline {
                Some(deadline) => tokio::time::timeout_at(deadline, attempt)
                    .await
                    .unwrap_or(Err(Error::Timeout { after: limits.timeout })),
                None => attempt.await,
            };
            let error = match result {
                Ok(answer) => return Ok(answer),
                Err(error @ Error::Timeout { .. }) => return Err(error),
                Err(error) => error,
            };
            retry += 1;
            let status = match &error {
                // A stalled attempt (`with_attempt_timeout`) is a gateway timeout of ours.
                Error::Transport(e) if e.is_timeout() && is_idempotent(&self.method) => Some(504),
                error => error.status(),
            };
            let policy = status.and_then(|status| self.client.retry.for_status(status));
            let wait = policy.and_then(|policy| policy.next_wait(retry, waited, error.retry_after()));
            let Some(wait) = wait else {
                return Err(error);
            };
            // A retry that could not start before the deadline would only end in a timeout.
            if deadline.is_some_and(|deadline| tokio::time::Instant::now() + wait >= deadline) {
                return Err(error);
            }
            tokio::time::sleep(wait).await;
            waited += wait;
        }
    }

    async fn attempt(&self, mode: Mode) -> Result<Answer, Error> {
        let client = self.client;
        let token = client.tokens.token().await.map_err(Error::Token)?;
        let request_id = match self.headers.get(CLIENT_REQUEST_ID) {
            Some(given) => given.clone(),
            None => fresh_request_id(),
        };
        let mut request = client
            .http
            .request(self.method.clone(), self.url.clone())
            .headers(self.headers.clone())
            .header(CLIENT_REQUEST_ID, request_id.clone())
            .bearer_auth(token);
        if let Some(timeout) = client.limits.attempt_timeout {
            request = request.timeout(timeout);
        }
        if let Some(body) = &self.body {
            request = request.body(body.clone());
        }
        let mut response = request.send().await.map_err(Error::Transport)?;
        let mut hops = 0;
        // The statuses reqwest follows: one that reaches here was not followed, being to another
        // origin (see `same_origin_redirects`) or to a `Location` that is not a URL.
        while let Some(location) = foreign_redirect(&response) {
            let status = response.status().as_u16();
            let to = response.url().join(&location).ok().filter(client::is_safe_destination);
            match to {
                Some(to) if mode != Mode::Api && self.method == Method::GET && hops < MAX_DOWNLOAD_HOPS => {
                    response = self.fetch_without_credentials(to).await?;
                    hops += 1;
                }
                _ => return Err(Error::Redirect { status, location }),
            }
        }
        let status = response.status().as_u16();
        let success = (200..300).contains(&status);
        if success && mode == Mode::Stream {
            return Ok(Answer::Open(response));
        }
        let headers = response.headers().clone();
        let retry_after = RetryAfter::from_headers(&headers);
        let limit = if success { client.limits.max_body_size } else { client.limits.max_error_body_size };
        let body = read_body(response, limit).await?.ok_or(Error::BodyTooLarge { status, limit, retry_after })?;
        if success {
            Ok(Answer::Read(Response { status, headers, body }))
        } else {
            let sent_id = request_id.to_str().ok();
            Err(Error::from_failed_response(status, &headers, &body, retry_after, sent_id))
        }
    }

    /// GET `url` (another origin's pre-authenticated download URL) with none of the call's
    /// headers: no token, nothing the caller set.
    async fn fetch_without_credentials(&self, url: Url) -> Result<reqwest::Response, Error> {
        let mut request = self.client.http.get(url);
        if let Some(timeout) = self.client.limits.attempt_timeout {
            request = request.timeout(timeout);
        }
        // The URL carries its credential in the query: keep it out of the error's text.
        request.send().await.map_err(|e| Error::Transport(e.without_url()))
    }
}

/// Sets the `client-request-id` header: Graph's logs know a request by it.
const CLIENT_REQUEST_ID: &str = "client-request-id";

/// Redirects to other origins followed by a download, one after the other.
const MAX_DOWNLOAD_HOPS: usize = 5;

/// How a call's response is used.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Graph's answer, read: a redirect to another origin is an error.
    Api,
    /// A download, read: redirects to another origin are followed without credentials.
    Bytes,
    /// A download, the body left unread for the caller to stream.
    Stream,
}

/// A response read ([`Mode::Api`], [`Mode::Bytes`]) or open for streaming ([`Mode::Stream`]).
pub(super) enum Answer {
    Read(Response),
    Open(reqwest::Response),
}

/// The `Location` of a redirect reqwest did not follow.
fn foreign_redirect(response: &reqwest::Response) -> Option<String> {
    if !matches!(response.status().as_u16(), 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = response.headers().get(LOCATION)?;
    Some(String::from_utf8_lossy(location.as_bytes()).into_owned())
}

/// A random (version 4) UUID, as the Graph SDKs send.
fn fresh_request_id() -> HeaderValue {
    let id = uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes()).into_uuid();
    HeaderValue::from_str(&id.hyphenated().to_string()).expect("a UUID is a valid header value")
}

/// Methods that may be sent again after an attempt timed out, the server perhaps having acted.
fn is_idempotent(method: &Method) -> bool {
    [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS].contains(method)
}

/// The most memory reserved for a body before it arrives.
const PREALLOCATE_AT_MOST: u64 = 1024 * 1024;

/// `path` on the base URL, refused when it would leave the base URL's origin (a caller's
/// literal such as `@evil.example/` turns the host into a user name).
fn url_on_base(base_url: &str, path: &str) -> Result<Url, Error> {
    let base = Url::parse(base_url).map_err(|e| Error::InvalidBaseUrl(e.to_string()))?;
    let url = Url::parse(&format!("{base_url}{path}")).ok();
    match url {
        Some(url) if url.origin() == base.origin() => Ok(url),
        _ => Err(Error::InvalidPath { path: path.to_owned() }),
    }
}

/// The body, read chunk by chunk; `None` as soon as it is longer than `limit`, so that an
/// endless or huge body costs at most `limit` bytes of memory.
async fn read_body(mut response: reqwest::Response, limit: usize) -> Result<Option<Vec<u8>>, Error> {
    let announced = response.content_length().unwrap_or(0);
    if announced > limit as u64 {
        return Ok(None);
    }
    // The announced length is only a hint: a server cannot make us reserve more than this
    // before sending it (the limit may be set to `usize::MAX`).
    let mut body = Vec::with_capacity(announced.min(PREALLOCATE_AT_MOST) as usize);
    while let Some(chunk) = response.chunk().await.map_err(Error::Transport)? {
        if chunk.len() > limit - body.len() {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}
