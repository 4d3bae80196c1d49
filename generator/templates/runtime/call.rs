//! [`Call`]: one HTTP call, from preparing it to a bounded read of its response.

use std::fmt;

use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION};
use url::Url;

use super::{Client, Error, Method, RetryAfter};

/// One HTTP call being prepared; errors found while preparing surface when it is sent.
#[must_use = "a call does nothing until it is sent"]
pub struct Call<'c> {
    client: &'c Client,
    method: Method,
    path: Result<String, Error>,
    body: Result<Option<Vec<u8>>, Error>,
    expected_status: Option<u16>,
    permissions: &'static [crate::permissions::PermissionTable],
}

// Bodies carry secrets (a new password, a client secret): only their size is shown. The
// client's own `Debug` leaves the token provider out.
impl fmt::Debug for Call<'_> {
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
            .field("body", &format_args!("{body}"))
            .field("expected_status", &self.expected_status)
            .finish()
    }
}

impl<'c> Call<'c> {
    pub(super) fn new(client: &'c Client, method: Method, path: Result<String, Error>) -> Self {
        Call {
            client,
            method,
            path,
            body: Ok(None),
            expected_status: None,
            permissions: &[],
        }
    }

    /// Attaches the permission tables the docs give for this call's endpoint (the request
    /// builders do this), so that [`Call::permissions`] can answer without a network call.
    pub fn with_permissions(
        mut self,
        tables: &'static [crate::permissions::PermissionTable],
    ) -> Self {
        self.permissions = tables;
        self
    }

    /// The documented permission tables of this call's endpoint: empty for a call made with
    /// [`Client::request`] or when the docs have no permissions section. See
    /// [`crate::permissions::least_privileged_for_calls`] for an app's consent list.
    pub fn permissions(&self) -> &'static [crate::permissions::PermissionTable] {
        self.permissions
    }

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
        let client = self.client;
        let path = self.path?;
        let body = self.body?;
        let url = url_on_base(&client.base_url, &path)?;
        let token = client.tokens.token().await.map_err(Error::Token)?;
        let mut request = client
            .http
            .request(self.method, url)
            .timeout(client.limits.timeout)
            .bearer_auth(token)
            .header(ACCEPT, "application/json");
        if let Some(body) = body {
            request = request.header(CONTENT_TYPE, "application/json").body(body);
        }
        let response = request.send().await.map_err(Error::Transport)?;
        let status = response.status();
        // The statuses reqwest follows: one that reaches here was not followed, being to another
        // origin (see `same_origin_redirects`) or to a `Location` that is not a URL.
        if matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308) {
            if let Some(location) = response.headers().get(LOCATION) {
                return Err(Error::Redirect {
                    status: status.as_u16(),
                    location: String::from_utf8_lossy(location.as_bytes()).into_owned(),
                });
            }
        }
        let status = status.as_u16();
        let success = match self.expected_status {
            Some(expected) => status == expected,
            None => (200..300).contains(&status),
        };
        let retry_after = RetryAfter::from_headers(response.headers());
        let limit = if success {
            client.limits.max_body_size
        } else {
            client.limits.max_error_body_size
        };
        let body = read_body(response, limit)
            .await?
            .ok_or(Error::BodyTooLarge {
                status,
                limit,
                retry_after,
            })?;
        if success {
            Ok(body)
        } else {
            Err(Error::from_failed_response(status, &body, retry_after))
        }
    }
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
        _ => Err(Error::InvalidPath {
            path: path.to_owned(),
        }),
    }
}

/// The body, read chunk by chunk; `None` as soon as it is longer than `limit`, so that an
/// endless or huge body costs at most `limit` bytes of memory.
async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Option<Vec<u8>>, Error> {
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
