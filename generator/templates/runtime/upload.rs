//! Resumable uploads: [`Upload`] sends a file or any reader to the `uploadUrl` of an upload
//! session (`createUploadSession` of drive items and attachments), slice by slice.

use std::fmt;
use std::time::Duration;

use reqwest::header::{CONTENT_LENGTH, CONTENT_RANGE};
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncSeek, AsyncSeekExt};
use url::Url;

use super::{client, Client, Error, RetryAfter};

/// Slices are a multiple of this: 320 KiB, as Graph requires.
pub const UPLOAD_SLICE_UNIT: usize = 320 * 1024;

/// The slice size of a new [`Upload`]: 5 MiB (16 × 320 KiB).
pub const DEFAULT_UPLOAD_SLICE_SIZE: usize = 16 * UPLOAD_SLICE_UNIT;

/// An upload to an upload session ([`Client::upload_session`]).
///
/// The session's `uploadUrl` is pre-authenticated: no token is sent to it, nor anything else
/// of the client's calls. Each slice (a multiple of [`UPLOAD_SLICE_UNIT`]) is one `PUT` with
/// its `Content-Range`; a slice that fails (transport error, timeout, 429, 5xx) is sent again
/// from where the session says it stopped (`nextExpectedRanges`), as the client's retry policy
/// for its status allows (a transport error counts as a 503), the retries counted per slice.
/// Only what the session still expects is sent: every byte reaches it once, in order.
///
/// After a failure or a restart of the program, [`resume`](Upload::resume) asks the session
/// where it stands and continues from there; [`cancel`](Upload::cancel) deletes the session.
pub struct Upload<'c> {
    client: &'c Client,
    url: Url,
    slice_size: usize,
    progress: Option<Box<dyn FnMut(u64, u64) + Send + 'c>>,
}

// The upload URL carries its credential: only its origin and path are shown.
impl fmt::Debug for Upload<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("url", &super::error::redacted_url(self.url.as_str()))
            .field("slice_size", &self.slice_size)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// An [`Upload`] to `upload_url`, the `uploadUrl` of an upload session (from
    /// `createUploadSession`): `https` only (plain `http` to a loopback host), without a user
    /// name or password, else [`Error::InvalidUpload`].
    pub fn upload_session(&self, upload_url: &str) -> Result<Upload<'_>, Error> {
        let url = Url::parse(upload_url)
            .ok()
            .filter(client::is_safe_destination)
            .ok_or_else(|| Error::InvalidUpload("the upload URL must be an https URL without user name".to_owned()))?;
        Ok(Upload { client: self, url, slice_size: DEFAULT_UPLOAD_SLICE_SIZE, progress: None })
    }
}

/// Where a session stands: the byte ranges it still expects.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UploadStatus {
    /// `nextExpectedRanges`: (first byte, last byte if given) of each range still expected.
    pub next_expected_ranges: Vec<(u64, Option<u64>)>,
}

impl UploadStatus {
    /// The first byte the session expects, if it expects any.
    pub fn next_offset(&self) -> Option<u64> {
        self.next_expected_ranges.first().map(|range| range.0)
    }

    fn from_json(body: &[u8]) -> Result<Self, Error> {
        let value: Value = serde_json::from_slice(body).map_err(Error::Decode)?;
        let ranges = value.get("nextExpectedRanges").and_then(Value::as_array).cloned().unwrap_or_default();
        let mut next_expected_ranges = Vec::new();
        for range in ranges {
            let text = range.as_str().unwrap_or_default();
            let (first, last) = text.split_once('-').unwrap_or((text, ""));
            let Ok(first) = first.trim().parse() else {
                return Err(Error::InvalidUpload(format!("the session expects {text:?}, not a byte range")));
            };
            next_expected_ranges.push((first, last.trim().parse().ok()));
        }
        Ok(UploadStatus { next_expected_ranges })
    }
}

impl<'c> Upload<'c> {
    /// Slices of `bytes`, a non-zero multiple of [`UPLOAD_SLICE_UNIT`] (else
    /// [`Error::InvalidUpload`]); the default is [`DEFAULT_UPLOAD_SLICE_SIZE`]. One slice is
    /// held in memory.
    pub fn with_slice_size(mut self, bytes: usize) -> Result<Self, Error> {
        if bytes == 0 || !bytes.is_multiple_of(UPLOAD_SLICE_UNIT) {
            return Err(Error::InvalidUpload(format!("a slice of {bytes} bytes is not a multiple of 320 KiB")));
        }
        self.slice_size = bytes;
        Ok(self)
    }

    /// Calls `progress(bytes the session has, total)` after each slice it accepts.
    pub fn on_progress(mut self, progress: impl FnMut(u64, u64) + Send + 'c) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }

    /// Uploads the `total` bytes of `reader` from its start, into a new session; returns the
    /// session's last answer (the created item, e.g. a `driveItem`, as JSON).
    pub async fn upload(&mut self, reader: impl AsyncRead + Unpin, total: u64) -> Result<Value, Error> {
        self.send_from(reader, 0, total).await
    }

    /// Asks the session where it stands, moves `reader` (the same `total` bytes as before) there
    /// and uploads the rest: after an [`upload`](Upload::upload) failed, or in a new program
    /// from a saved upload URL.
    pub async fn resume(&mut self, mut reader: impl AsyncRead + AsyncSeek + Unpin, total: u64) -> Result<Value, Error> {
        let offset = self.status().await?.next_offset().unwrap_or(0);
        reader.seek(std::io::SeekFrom::Start(offset)).await.map_err(read_error)?;
        self.send_from(reader, offset, total).await
    }

    /// The session's state (`GET` on the upload URL).
    pub async fn status(&self) -> Result<UploadStatus, Error> {
        let request = self.client.http.get(self.url.clone());
        let (status, body) = self.send(request).await?;
        if !(200..300).contains(&status.0) {
            return Err(status.1);
        }
        UploadStatus::from_json(&body)
    }

    /// Cancels the upload: deletes the session and what it received.
    pub async fn cancel(self) -> Result<(), Error> {
        let (status, _) = self.send(self.client.http.delete(self.url.clone())).await?;
        if (200..300).contains(&status.0) {
            Ok(())
        } else {
            Err(status.1)
        }
    }

    /// Sends the bytes of `reader`, which stands at `offset`, slice by slice.
    async fn send_from(
        &mut self,
        mut reader: impl AsyncRead + Unpin,
        mut offset: u64,
        total: u64,
    ) -> Result<Value, Error> {
        // The current slice: the bytes from `held_from` on, read and not yet accepted.
        let mut held: Vec<u8> = Vec::with_capacity(self.slice_size.min(total as usize));
        let mut held_from = offset;
        let mut retry = 0;
        let mut waited = Duration::ZERO;
        loop {
            if offset < held_from || offset > held_from + held.len() as u64 {
                return Err(Error::InvalidUpload(format!(
                    "the session expects byte {offset}, which the reader has passed; resume with a seekable reader"
                )));
            }
            held.drain(..(offset - held_from) as usize);
            held_from = offset;
            let want = (self.slice_size as u64).min(total - offset) as usize;
            while held.len() < want {
                let mut chunk = vec![0; want - held.len()];
                let read = reader.read(&mut chunk).await.map_err(read_error)?;
                if read == 0 {
                    return Err(Error::InvalidUpload(format!(
                        "the reader ended at byte {}",
                        offset + held.len() as u64
                    )));
                }
                held.extend_from_slice(&chunk[..read]);
            }
            let end = offset + want as u64;
            let request = self
                .client
                .http
                .put(self.url.clone())
                .header(CONTENT_RANGE, format!("bytes {offset}-{}/{total}", end.saturating_sub(1)))
                .header(CONTENT_LENGTH, want)
                .body(held[..want].to_vec());
            let failure = match self.send(request).await {
                Ok(((200 | 201, _), body)) => {
                    self.report(total, total);
                    return if body.is_empty() {
                        Ok(Value::Null)
                    } else {
                        serde_json::from_slice(&body).map_err(Error::Decode)
                    };
                }
                Ok(((202, _), body)) => {
                    offset = UploadStatus::from_json(&body)?.next_offset().unwrap_or(end);
                    self.report(offset, total);
                    retry = 0;
                    waited = Duration::ZERO;
                    continue;
                }
                // The session has another range than this slice's: ask it where it stands.
                Ok(((416, error), _)) => error,
                Ok(((_, error), _)) => error,
                Err(error) => error,
            };
            retry += 1;
            let status = match &failure {
                Error::Transport(_) => Some(503),
                error => error.status(),
            };
            // A slice can always be sent again: any server error and a range the session did not
            // expect (416) are retried as a 503 unless a policy is set for them.
            let rules = &self.client.retry;
            let policy = status.and_then(|status| match status {
                416 | 500.. => rules.for_status(status).or(rules.for_status(503)),
                _ => rules.for_status(status),
            });
            let wait = policy.and_then(|policy| policy.next_wait(retry, waited, failure.retry_after()));
            let Some(wait) = wait else {
                return Err(failure);
            };
            tokio::time::sleep(wait).await;
            waited += wait;
            offset = self.status().await?.next_offset().unwrap_or(offset);
        }
    }

    fn report(&mut self, done: u64, total: u64) {
        if let Some(progress) = &mut self.progress {
            progress(done, total);
        }
    }

    /// Sends `request` with no credential of the client (the URL holds the session's); returns
    /// the status with the error it would be, and the body.
    async fn send(&self, request: reqwest::RequestBuilder) -> Result<((u16, Error), Vec<u8>), Error> {
        let limits = self.client.limits;
        let timeout = limits.attempt_timeout.unwrap_or(limits.timeout);
        // The URL carries its credential in the query: keep it out of the error's text.
        let response = request.timeout(timeout).send().await.map_err(|e| Error::Transport(e.without_url()))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let retry_after = RetryAfter::from_headers(&headers);
        let mut response = response;
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| Error::Transport(e.without_url()))? {
            if body.len() + chunk.len() > limits.max_body_size {
                return Err(Error::BodyTooLarge { status, limit: limits.max_body_size, retry_after });
            }
            body.extend_from_slice(&chunk);
        }
        let error = Error::from_failed_response(status, &headers, &body, retry_after, None);
        Ok(((status, error), body))
    }
}

fn read_error(error: std::io::Error) -> Error {
    Error::InvalidUpload(format!("reading the upload failed: {error}"))
}
