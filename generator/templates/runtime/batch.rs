//! JSON batching (`$batch`): [`Batch`] sends many [`Call`]s in few requests, each call's
//! result decoded as its own would be.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use base64::Engine as _;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

use super::call::Prepared;
use super::{Call, Client, Download, Error, Method, Part, Response, RetryAfter};

/// The most requests Graph takes in one `$batch` request.
pub const MAX_BATCH_REQUESTS: usize = 20;

/// Calls sent together through Graph's `$batch` endpoint ([`Client::batch`]).
///
/// [`add`](Batch::add) a call (from the request builders, shaped as usual: query options,
/// headers, body) and keep the returned [`BatchItem`]; [`send`](Batch::send) sends them in
/// order, at most [`MAX_BATCH_REQUESTS`] per request, and [`BatchResults::take`] gives each
/// one's result, decoded as its own [`Call::send`] would: its type, its status, its error.
///
/// - [`add_after`](Batch::add_after): a call that runs only after others succeeded
///   (`dependsOn`); a call whose dependency failed fails with status 424, as Graph does.
///   Dependencies on a call of an earlier request are met by order.
/// - Items answered 429, 503 or 504 are sent again in a new `$batch` request, waiting the
///   longest `Retry-After` among them, as the client's retry policy for that status allows
///   (its retries and total wait count per request of the batch); their dependents go with
///   them. The `$batch` requests themselves are retried and bounded as any call.
/// - [`permissions`](Batch::permissions): what the batch needs is what its calls need.
/// - Calls of both API versions may be mixed: a change of version starts a new request.
#[must_use = "a batch does nothing until it is sent"]
pub struct Batch<'c> {
    client: &'c Client,
    items: Vec<Item<'c>>,
}

struct Item<'c> {
    call: Result<Prepared<'c>, Error>,
    depends_on: Vec<usize>,
    permissions: &'static [crate::permissions::PermissionTable],
}

/// A call of a [`Batch`], standing for its result in [`BatchResults`]; `R` is the type its
/// response decodes into.
pub struct BatchItem<R> {
    index: usize,
    response: PhantomData<fn() -> R>,
}

impl<R> BatchItem<R> {
    /// The item's position in its batch, from `0` (its `id` in the `$batch` request), for
    /// [`Batch::add_after`].
    pub fn index(&self) -> usize {
        self.index
    }
}

impl<R> Clone for BatchItem<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for BatchItem<R> {}

impl<R> fmt::Debug for BatchItem<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BatchItem").field(&self.index).finish()
    }
}

impl fmt::Debug for Batch<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Batch").field("items", &self.items.len()).finish_non_exhaustive()
    }
}

impl Client {
    /// An empty [`Batch`] of calls on this client.
    pub fn batch(&self) -> Batch<'_> {
        Batch { client: self, items: Vec::new() }
    }
}

impl<'c> Batch<'c> {
    /// Adds `call`; its result is [`BatchResults::take`]n with the returned item.
    pub fn add<R>(&mut self, call: Call<'c, R>) -> BatchItem<R> {
        self.add_after(call, &[])
    }

    /// Adds `call`, to run only after the calls at positions `after` ([`BatchItem::index`]
    /// of calls added before) succeeded.
    pub fn add_after<R>(&mut self, call: Call<'c, R>, after: &[usize]) -> BatchItem<R> {
        let index = self.items.len();
        let permissions = call.permissions();
        let mut prepared = call.prepare();
        if after.iter().any(|&dependency| dependency >= index) {
            prepared = Err(Error::InvalidBatch("a call can only depend on calls added before it".to_owned()));
        }
        self.items.push(Item { call: prepared, depends_on: after.to_vec(), permissions });
        BatchItem { index, response: PhantomData }
    }

    /// How many calls the batch holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the batch holds no call.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The documented permission tables of each call, for
    /// [`least_privileged_for_calls`](crate::permissions::least_privileged_for_calls).
    pub fn permissions(&self) -> Vec<&'static [crate::permissions::PermissionTable]> {
        self.items.iter().map(|item| item.permissions).collect()
    }

    /// Sends the calls, in order, at most [`MAX_BATCH_REQUESTS`] per `$batch` request. An
    /// error here is a `$batch` request that failed (the calls of the requests before it were
    /// sent); each call's own failure is in its result.
    pub async fn send(self) -> Result<BatchResults, Error> {
        let client = self.client;
        let mut results: Vec<Option<Result<Response, Error>>> = Vec::new();
        let mut calls = Vec::new();
        for (index, item) in self.items.into_iter().enumerate() {
            match item.call.and_then(|call| BatchRequest::from_prepared(index, call, item.depends_on)) {
                Ok(request) => {
                    calls.push(request);
                    results.push(None);
                }
                Err(error) => results.push(Some(Err(error))),
            }
        }
        let mut start = 0;
        while start < calls.len() {
            let version = calls[start].version.clone();
            let end = (start..calls.len())
                .take(MAX_BATCH_REQUESTS)
                .take_while(|&i| calls[i].version == version)
                .last()
                .map_or(start, |last| last + 1);
            send_with_retries(client, &version, &calls[start..end], &mut results).await?;
            start = end;
        }
        Ok(BatchResults { results })
    }
}

/// One call as an entry of a `$batch` request.
struct BatchRequest {
    index: usize,
    version: String,
    entry: Map<String, Value>,
    depends_on: Vec<usize>,
}

impl BatchRequest {
    fn from_prepared(index: usize, call: Prepared<'_>, depends_on: Vec<usize>) -> Result<Self, Error> {
        let base = call.client.base_url.trim_end_matches('/');
        let url = call.url.as_str();
        // The URL is on the base URL (`prepare` checked it): `/{version}/{path}?{query}`.
        let relative = url.get(base.len()..).unwrap_or_default();
        let Some((version, path)) = relative.strip_prefix('/').and_then(|r| r.split_once('/')) else {
            return Err(Error::InvalidBatch(format!("path {relative:?} names no API version")));
        };
        let mut headers = Map::new();
        for (name, value) in &call.headers {
            headers.insert(name.as_str().to_owned(), Value::String(String::from_utf8_lossy(value.as_bytes()).into()));
        }
        let mut entry = Map::new();
        entry.insert("id".into(), Value::String(index.to_string()));
        entry.insert("method".into(), Value::String(call.method.as_str().to_owned()));
        entry.insert("url".into(), Value::String(format!("/{path}")));
        if let Some(body) = &call.body {
            entry.insert("body".into(), serde_json::from_slice(body).map_err(Error::Decode)?);
        }
        if !headers.is_empty() {
            entry.insert("headers".into(), Value::Object(headers));
        }
        Ok(BatchRequest { index, version: version.to_owned(), entry, depends_on })
    }
}

/// Sends `calls` (one version, at most [`MAX_BATCH_REQUESTS`]) as one `$batch` request, then
/// again those answered 429, 503 or 504 (and their dependents) as the retry policy allows.
async fn send_with_retries(
    client: &Client,
    version: &str,
    calls: &[BatchRequest],
    results: &mut [Option<Result<Response, Error>>],
) -> Result<(), Error> {
    let mut pending: Vec<&BatchRequest> = calls.iter().collect();
    let mut waited = Duration::ZERO;
    let mut round = 0;
    while !pending.is_empty() {
        let mut entries = Vec::new();
        let mut sent = Vec::new();
        for call in &pending {
            // A dependency answered before: met if it succeeded, else this call fails as Graph
            // fails it. One sent along: Graph orders them.
            let mut depends_on = Vec::new();
            let mut failed = false;
            for &dependency in &call.depends_on {
                if pending.iter().any(|p| p.index == dependency) {
                    depends_on.push(Value::String(dependency.to_string()));
                } else if !matches!(results[dependency], Some(Ok(_))) {
                    failed = true;
                }
            }
            if failed {
                results[call.index] = Some(Err(failed_dependency()));
                continue;
            }
            let mut entry = call.entry.clone();
            if !depends_on.is_empty() {
                entry.insert("dependsOn".into(), Value::Array(depends_on));
            }
            entries.push(Value::Object(entry));
            sent.push(*call);
        }
        if sent.is_empty() {
            return Ok(());
        }
        let path = format!("/{version}/$batch");
        let answer = client.request(Method::POST, &[Part::Literal(&path)]).json(&json!({ "requests": entries }));
        let answer: Value = answer.send_raw().await?.check_json()?.json()?;
        for response in batch_responses(answer)? {
            let Some(call) = response.id.parse::<usize>().ok().and_then(|i| sent.iter().find(|c| c.index == i)) else {
                continue;
            };
            results[call.index] = Some(response.into_result());
        }
        // Calls Graph did not answer: an error of their own.
        for call in &sent {
            results[call.index]
                .get_or_insert_with(|| Err(Error::InvalidBatch(format!("no response for request {}", call.index))));
        }
        round += 1;
        let retryable = |status: Option<u16>| status.and_then(|status| client.retry.for_status(status));
        let throttled: Vec<&BatchRequest> =
            sent.iter().copied().filter(|call| retryable(status_of(&results[call.index])).is_some()).collect();
        let Some(first) = throttled.first() else {
            return Ok(());
        };
        let policy = retryable(status_of(&results[first.index])).expect("filtered on it");
        let now = std::time::SystemTime::now();
        let hint = throttled
            .iter()
            .filter_map(|call| results[call.index].as_ref().and_then(|r| r.as_ref().err()?.retry_after()))
            .max_by_key(|hint| hint.delay_from(now));
        let Some(wait) = policy.next_wait(round, waited, hint) else {
            return Ok(());
        };
        tokio::time::sleep(wait).await;
        waited += wait;
        // The throttled calls, and those that failed only because one of them did.
        let again = |call: &&BatchRequest| {
            throttled.iter().any(|t| t.index == call.index)
                || (status_of(&results[call.index]) == Some(424)
                    && call.depends_on.iter().any(|d| throttled.iter().any(|t| t.index == *d)))
        };
        pending = sent.into_iter().filter(again).collect();
        for call in &pending {
            results[call.index] = None;
        }
    }
    Ok(())
}

fn status_of(result: &Option<Result<Response, Error>>) -> Option<u16> {
    match result {
        Some(Ok(response)) => Some(response.status),
        Some(Err(error)) => error.status(),
        None => None,
    }
}

fn failed_dependency() -> Error {
    Error::UnexpectedStatus {
        status: 424,
        body: "a call this one depends on failed".to_owned(),
        retry_after: None,
        client_request_id: None,
    }
}

/// One entry of a `$batch` answer's `responses`.
struct BatchResponse {
    id: String,
    status: u16,
    headers: Map<String, Value>,
    body: Option<Value>,
}

/// The entries of a `$batch` answer (no serde derive: the runtime is compiled without it).
fn batch_responses(answer: Value) -> Result<Vec<BatchResponse>, Error> {
    let Value::Object(mut answer) = answer else {
        return Err(Error::InvalidBatch("the answer is not a JSON object".to_owned()));
    };
    let Some(Value::Array(responses)) = answer.remove("responses") else {
        return Err(Error::InvalidBatch("the answer has no `responses` array".to_owned()));
    };
    let mut out = Vec::with_capacity(responses.len());
    for response in responses {
        let Value::Object(mut response) = response else { continue };
        let id = match response.remove("id") {
            Some(Value::String(id)) => id,
            _ => continue,
        };
        let Some(status) = response.get("status").and_then(Value::as_u64).and_then(|s| u16::try_from(s).ok()) else {
            continue;
        };
        let headers = match response.remove("headers") {
            Some(Value::Object(headers)) => headers,
            _ => Map::new(),
        };
        out.push(BatchResponse { id, status, headers, body: response.remove("body") });
    }
    Ok(out)
}

impl BatchResponse {
    /// The response as its call would have received it.
    fn into_result(self) -> Result<Response, Error> {
        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            let value = value.as_str().and_then(|v| HeaderValue::from_str(v).ok());
            if let (Ok(name), Some(value)) = (HeaderName::from_bytes(name.as_bytes()), value) {
                headers.insert(name, value);
            }
        }
        let json = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_none_or(|content_type| content_type.to_ascii_lowercase().contains("json"));
        let body = match self.body {
            None | Some(Value::Null) => Vec::new(),
            // Graph sends other content (text, files) base64-encoded.
            Some(Value::String(text)) if !json => {
                base64::engine::general_purpose::STANDARD.decode(&text).unwrap_or_else(|_| text.into_bytes())
            }
            Some(value) => serde_json::to_vec(&value).map_err(Error::Decode)?,
        };
        if (200..300).contains(&self.status) {
            Ok(Response { status: self.status, headers, body })
        } else {
            let retry_after = RetryAfter::from_headers(&headers);
            Err(Error::from_failed_response(self.status, &headers, &body, retry_after, None))
        }
    }
}

/// The result of every call of a sent [`Batch`].
#[derive(Debug)]
pub struct BatchResults {
    results: Vec<Option<Result<Response, Error>>>,
}

impl BatchResults {
    /// The result of `item`, decoded as its [`Call::send`] would (an empty body decodes as
    /// JSON `null`); a download's bytes are [`take_download`](BatchResults::take_download)'s.
    ///
    /// # Panics
    ///
    /// When the item's result was taken already, or `item` is of another batch.
    pub fn take<R: DeserializeOwned>(&mut self, item: BatchItem<R>) -> Result<R, Error> {
        let response = self.take_response(item)?;
        if response.body.is_empty() {
            return R::deserialize(Value::Null).map_err(Error::Decode);
        }
        response.check_json()?.json()
    }

    /// The body of a download's `item` (a `Call<Download>`: `$value`, `/content`) as bytes,
    /// what its own [`send`](Call::send) returns. Graph's batch answer carries them
    /// base64-encoded; a redirect to another host is not followed inside a batch (the item
    /// fails with its 3xx status: download it with a call of its own).
    ///
    /// # Panics
    ///
    /// As [`take`](BatchResults::take).
    pub fn take_download(&mut self, item: BatchItem<Download>) -> Result<Vec<u8>, Error> {
        Ok(self.take_response(item)?.body)
    }

    /// The response of `item` as received, whatever its content type.
    ///
    /// # Panics
    ///
    /// As [`take`](BatchResults::take).
    pub fn take_response<R>(&mut self, item: BatchItem<R>) -> Result<Response, Error> {
        let result = self.results.get_mut(item.index).and_then(Option::take);
        result.unwrap_or_else(|| panic!("batch item {} taken twice, or of another batch", item.index))
    }

    /// The HTTP status of `item`, if it got one and was not taken.
    pub fn status<R>(&self, item: &BatchItem<R>) -> Option<u16> {
        self.results.get(item.index).and_then(status_of)
    }
}
