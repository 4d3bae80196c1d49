//! Resumable uploads through the generated client, on loopback: slices of a multiple of
//! 320 KiB, no token sent to the session URL, an upload interrupted mid-slice resumes with
//! every byte received once and in order, a restarted program resumes from the session URL,
//! progress, cancel.
//!
//! Compiles against `generated/`, which `cargo run -p generator -- docs-input/` writes.

use std::io::Cursor;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use graph_client::runtime::{RetryPolicy, UPLOAD_SLICE_UNIT};
use graph_client::{Client, Error, StaticToken};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const TOKEN: &str = "upload-token-91";
const SESSION: &str = "/upload/session-1";

/// What the session received, and how it misbehaves.
#[derive(Default)]
struct SessionState {
    /// The bytes stored, in order.
    stored: Vec<u8>,
    /// Each PUT: (first byte, length) as announced.
    puts: Vec<(u64, usize)>,
    /// PUTs whose range did not start where the session stood.
    out_of_order: usize,
    /// The PUT (1-based) that breaks mid-slice: half its bytes stored, then a 500.
    break_put: Option<usize>,
    /// PUTs from this one (1-based) on fail with 503 (the program "dies").
    fail_from_put: Option<usize>,
    /// Requests carrying an `Authorization` header.
    with_authorization: usize,
}

#[derive(Clone, Default)]
struct Session(Arc<Mutex<SessionState>>);

impl Respond for Session {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = self.0.lock().unwrap();
        if request.headers.contains_key("authorization") {
            state.with_authorization += 1;
        }
        let next = || json!({"expirationDateTime": "2030-01-01T00:00:00Z", "nextExpectedRanges": []});
        if request.method.as_str() == "GET" {
            let mut status = next();
            status["nextExpectedRanges"] = json!([format!("{}-", state.stored.len())]);
            return ResponseTemplate::new(200).set_body_json(status);
        }
        let range = request.headers.get("content-range").unwrap().to_str().unwrap().to_owned();
        let (first, total) = range.strip_prefix("bytes ").unwrap().split_once('/').unwrap();
        let first: u64 = first.split_once('-').unwrap().0.parse().unwrap();
        let total: usize = total.parse().unwrap();
        state.puts.push((first, request.body.len()));
        let put = state.puts.len();
        if first != state.stored.len() as u64 {
            state.out_of_order += 1;
            return ResponseTemplate::new(416);
        }
        if state.fail_from_put.is_some_and(|from| put >= from) {
            return ResponseTemplate::new(503);
        }
        if state.break_put == Some(put) {
            let half = request.body.len() / 2;
            state.stored.extend_from_slice(&request.body[..half]);
            return ResponseTemplate::new(500);
        }
        state.stored.extend_from_slice(&request.body);
        if state.stored.len() == total {
            ResponseTemplate::new(201).set_body_json(json!({"id": "01ITEM", "size": total}))
        } else {
            let mut status = next();
            status["nextExpectedRanges"] = json!([format!("{}-", state.stored.len())]);
            ResponseTemplate::new(202).set_body_json(status)
        }
    }
}

async fn session_server(state: SessionState) -> (MockServer, Session) {
    let server = MockServer::start().await;
    let session = Session(Arc::new(Mutex::new(state)));
    Mock::given(path(SESSION)).respond_with(session.clone()).mount(&server).await;
    (server, session)
}

/// 3 slices and a bit, of bytes that show their position.
fn file() -> Vec<u8> {
    (0..3 * UPLOAD_SLICE_UNIT + 1000).map(|i| (i % 253) as u8).collect()
}

fn client() -> Client {
    Client::new(StaticToken::new(TOKEN)).with_retry(RetryPolicy {
        min_delay: Duration::from_millis(5),
        initial_delay: Duration::from_millis(10),
        ..RetryPolicy::default()
    })
}

#[tokio::test]
async fn an_upload_interrupted_mid_slice_resumes_with_every_byte_received_once() {
    let (server, session) = session_server(SessionState { break_put: Some(2), ..SessionState::default() }).await;
    let client = client();
    let data = file();
    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = progress.clone();
    let mut upload = client
        .upload_session(&format!("{}{SESSION}?tempauth=secret", server.uri()))
        .unwrap()
        .with_slice_size(UPLOAD_SLICE_UNIT)
        .unwrap()
        .on_progress(move |done, total| seen.lock().unwrap().push((done, total)));

    let item = upload.upload(Cursor::new(data.clone()), data.len() as u64).await.unwrap();

    assert_eq!(item, json!({"id": "01ITEM", "size": data.len()}));
    let state = session.0.lock().unwrap();
    assert!(state.stored == data, "the session holds the file, in order");
    assert_eq!(state.out_of_order, 0, "no byte sent where the session did not stand");
    let unit = UPLOAD_SLICE_UNIT as u64;
    let half = UPLOAD_SLICE_UNIT / 2;
    // Slice 2 broke after half of it; the next slice starts where the session stood, from
    // the bytes held in memory, and keeps the slice size.
    let resumed_at = unit + half as u64;
    let rest = data.len() - (2 * UPLOAD_SLICE_UNIT + half);
    assert_eq!(
        state.puts,
        [(0, UPLOAD_SLICE_UNIT), (unit, UPLOAD_SLICE_UNIT), (resumed_at, UPLOAD_SLICE_UNIT), (resumed_at + unit, rest)]
    );
    assert_eq!(state.with_authorization, 0, "the session URL is pre-authenticated: no token");
    let total = data.len() as u64;
    assert_eq!(*progress.lock().unwrap(), [(unit, total), (resumed_at + unit, total), (total, total)]);
}

#[tokio::test]
async fn a_restarted_program_resumes_from_the_session_url() {
    let (server, session) = session_server(SessionState { fail_from_put: Some(2), ..SessionState::default() }).await;
    let url = format!("{}{SESSION}", server.uri());
    let data = file();
    let client = client().with_retry(RetryPolicy::none());
    let mut first = client.upload_session(&url).unwrap().with_slice_size(UPLOAD_SLICE_UNIT).unwrap();
    let error = first.upload(Cursor::new(data.clone()), data.len() as u64).await.unwrap_err();
    assert_eq!(error.status(), Some(503), "{error:?}");

    // "Later", with the saved URL and the file opened again.
    session.0.lock().unwrap().fail_from_put = None;
    let mut again = client.upload_session(&url).unwrap().with_slice_size(2 * UPLOAD_SLICE_UNIT).unwrap();
    assert_eq!(again.status().await.unwrap().next_offset(), Some(UPLOAD_SLICE_UNIT as u64));
    again.resume(Cursor::new(data.clone()), data.len() as u64).await.unwrap();
    let state = session.0.lock().unwrap();
    assert!(state.stored == data);
    assert_eq!(state.out_of_order, 0);
    assert_eq!(state.with_authorization, 0);
}

#[tokio::test]
async fn slices_are_multiples_of_320_kib_and_the_url_must_be_safe() {
    let client = client();
    let upload = || client.upload_session("https://upload.example/session?tempauth=x").unwrap();
    for bytes in [0, 1000, UPLOAD_SLICE_UNIT + 1] {
        assert!(matches!(upload().with_slice_size(bytes), Err(Error::InvalidUpload(_))), "{bytes}");
    }
    assert!(upload().with_slice_size(3 * UPLOAD_SLICE_UNIT).is_ok());
    assert!(!format!("{:?}", upload()).contains("tempauth"), "Debug hides the credential");
    for url in ["http://upload.example/session", "https://user:pw@upload.example/s", "not a url"] {
        assert!(matches!(client.upload_session(url), Err(Error::InvalidUpload(_))), "{url}");
    }
}

#[tokio::test]
async fn cancel_deletes_the_session_without_a_token() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(SESSION))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client();
    client.upload_session(&format!("{}{SESSION}", server.uri())).unwrap().cancel().await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert!(received[0].headers.get("authorization").is_none());
}
