//! The generated client fails safe, on loopback: timeouts, bounded body reads, https only
//! (loopback excepted) without userinfo, same-origin redirects only, `Debug` without secrets,
//! the traversal guard on the whole path, and `Retry-After` kept on errors.
//!
//! Compiles against `generated/`, which `cargo run -p generator -- docs-input/` writes.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant, SystemTime};

use graph_client::runtime::{build_path, Method, Part, RetryPolicy};
use graph_client::{Client, Error, RetryAfter, StaticToken};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "safety-token-3f9a";

/// A client that does not retry: these tests look at single responses (429 and 503 among
/// them); retries are tested in `client_calls.rs`.
fn client_for(base_url: &str) -> Client {
    Client::new(StaticToken::new(TOKEN)).with_base_url(base_url).unwrap().with_retry(RetryPolicy::none())
}

/// A server answering `response` to any request.
async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(response).mount(&server).await;
    server
}

async fn get(client: &Client, at: &str) -> Result<serde_json::Value, Error> {
    client.request(Method::GET, &[Part::Literal(at)]).send_json().await
}

// 1. Timeouts

#[tokio::test]
async fn a_response_slower_than_the_timeout_is_a_timeout_error() {
    let server = server_answering(ResponseTemplate::new(200).set_delay(Duration::from_secs(2))).await;
    let client = client_for(&server.uri()).with_timeout(Duration::from_millis(200));
    let started = Instant::now();
    let result = get(&client, "/slow").await;
    let elapsed = started.elapsed();
    match result {
        Err(error) => assert!(error.is_timeout(), "{error:?}"),
        Ok(value) => panic!("a 2 s response within a 200 ms timeout: {value}"),
    }
    assert!(elapsed < Duration::from_millis(1500), "gave up after {elapsed:?}");
}

#[tokio::test]
async fn a_response_within_the_timeout_succeeds() {
    let server = server_answering(ResponseTemplate::new(200).set_delay(Duration::from_millis(50))).await;
    let client =
        client_for(&server.uri()).with_timeout(Duration::from_secs(2)).with_connect_timeout(Duration::from_secs(2));
    assert_eq!(get(&client, "/quick").await.unwrap(), serde_json::Value::Null);
}

// 2. Body size limits

#[tokio::test]
async fn a_success_body_over_the_limit_is_refused() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_string(format!("\"{}\"", "a".repeat(2048)))).await;
    let client = client_for(&server.uri()).with_max_body_size(1024);
    match get(&client, "/big").await {
        Err(Error::BodyTooLarge { status: 200, limit: 1024, .. }) => {}
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_success_body_at_the_limit_is_read() {
    let exactly_1024 = format!("\"{}\"", "a".repeat(1022));
    let server = server_answering(ResponseTemplate::new(200).set_body_string(exactly_1024)).await;
    let client = client_for(&server.uri()).with_max_body_size(1024);
    assert_eq!(get(&client, "/fits").await.unwrap(), serde_json::Value::String("a".repeat(1022)));
}

#[tokio::test]
async fn an_error_body_over_its_own_limit_is_refused_keeping_status_and_retry_hint() {
    let response = ResponseTemplate::new(503).insert_header("Retry-After", "3").set_body_string("x".repeat(2048));
    let server = server_answering(response).await;
    // The success limit is large: the error limit alone must stop the read.
    let client = client_for(&server.uri()).with_max_error_body_size(1024);
    let error = get(&client, "/err").await.unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge { status: 503, limit: 1024, .. }), "{error:?}");
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.retry_after(), Some(RetryAfter::Delay(Duration::from_secs(3))));
}

/// A server that answers one request with `head` (status line and headers), then repeats
/// `chunk` until the client hangs up. Returns its base URL.
fn endless_body_server(head: String, chunk: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut byte = [0; 1];
        while !request.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
            request.push(byte[0]);
        }
        if stream.write_all(head.as_bytes()).is_ok() {
            while stream.write_all(&chunk).is_ok() {}
        }
    });
    url
}

/// A chunked body that never ends: without a Content-Length, the client cannot refuse it up
/// front and must stop reading at its limit.
fn endless_chunked_server(status: &str) -> String {
    let head = format!("HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
    endless_body_server(head, format!("10000\r\n{}\r\n", "z".repeat(0x10000)).into_bytes())
}

#[tokio::test]
async fn an_endless_error_body_is_read_only_up_to_the_default_limit() {
    let base_url = endless_chunked_server("500 Internal Server Error");
    // Bounds a failure of this test (a client reading the whole body) to a few seconds.
    let client = client_for(&base_url).with_timeout(Duration::from_secs(5));
    match get(&client, "/endless").await {
        Err(Error::BodyTooLarge { status: 500, limit, .. }) => {
            assert_eq!(limit, graph_client::runtime::DEFAULT_MAX_ERROR_BODY_SIZE)
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_endless_success_body_is_read_only_up_to_the_configured_limit() {
    let base_url = endless_chunked_server("200 OK");
    let client = client_for(&base_url).with_timeout(Duration::from_secs(5)).with_max_body_size(100_000);
    match get(&client, "/endless").await {
        Err(Error::BodyTooLarge { status: 200, limit: 100_000, .. }) => {}
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_huge_announced_length_reserves_no_memory_up_front() {
    // 10^18 bytes announced: reserving that much would abort the process.
    let head = "HTTP/1.1 200 OK\r\nContent-Length: 1000000000000000000\r\n\r\n".to_owned();
    let base_url = endless_body_server(head, vec![b'z'; 0x10000]);
    let client = client_for(&base_url).with_max_body_size(usize::MAX).with_timeout(Duration::from_millis(300));
    let result = get(&client, "/huge").await;
    assert!(matches!(&result, Err(error) if error.is_timeout()), "{result:?}");
}

// 3. https only, except loopback; no userinfo

fn base_url_error(url: &str) -> String {
    match Client::new(StaticToken::new(TOKEN)).with_base_url(url) {
        Err(Error::InvalidBaseUrl(reason)) => reason,
        other => panic!("{url} should be refused: {other:?}"),
    }
}

#[test]
fn plain_http_is_refused_except_to_loopback() {
    for url in [
        "http://example.com",
        "http://graph.microsoft.com",
        "http://localhost.example.com",
        "http://127.0.0.1.nip.io",
        "http://0.0.0.0",
        "http://[::ffff:127.0.0.1]",
        "ftp://graph.microsoft.com",
        "graph.microsoft.com",
    ] {
        let reason = base_url_error(url);
        assert!(reason.contains("https") || reason.contains("cannot be parsed"), "{url}: {reason}");
    }
    for (url, kept) in [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://127.1.2.3", "http://127.1.2.3"),
        ("http://[::1]:80/", "http://[::1]"),
        ("HTTP://LOCALHOST:3000", "http://localhost:3000"),
        ("https://graph.microsoft.us/", "https://graph.microsoft.us"),
        ("https://example.com/graph/", "https://example.com/graph"),
    ] {
        let client = Client::new(StaticToken::new(TOKEN)).with_base_url(url).unwrap();
        assert_eq!(client.base_url(), kept, "{url}");
    }
}

#[test]
fn a_base_url_with_userinfo_is_refused_without_repeating_it() {
    for url in ["https://graph.microsoft.com@127.0.0.1:9", "https://user:s3cret@graph.microsoft.com"] {
        let reason = base_url_error(url);
        assert!(reason.contains("user name or password"), "{reason}");
        assert!(!reason.contains("s3cret") && !reason.contains("127.0.0.1"), "{reason}");
    }
}

#[test]
fn a_base_url_with_a_query_or_fragment_is_refused() {
    for url in ["https://graph.microsoft.com/?x=1", "https://graph.microsoft.com/#top"] {
        assert!(base_url_error(url).contains("query or a fragment"));
    }
}

#[tokio::test]
async fn a_path_that_would_change_the_host_is_not_sent() {
    let server = MockServer::start().await;
    let client = client_for(&server.uri());
    // `http://127.0.0.1:PORT@127.0.0.2/x`: the base becomes a user name and password.
    let result = get(&client, "@127.0.0.2/x").await;
    assert!(matches!(&result, Err(Error::InvalidPath { path }) if path == "@127.0.0.2/x"), "{result:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

// 4. Redirects

fn password_change() -> serde_json::Value {
    serde_json::json!({"currentPassword": "old", "newPassword": "hunter2-n3w"})
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_and_not_a_success() {
    let elsewhere = MockServer::start().await; // another port: another origin
    let server = MockServer::start().await;
    let target = format!("{}/steal", elsewhere.uri());
    Mock::given(method("POST"))
        .and(path("/v1.0/me/changePassword"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", target.as_str()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server.uri());
    let result = client
        .request(Method::POST, &[Part::Literal("/v1.0/me/changePassword")])
        .json(&password_change())
        .send_no_content()
        .await;
    match result {
        Err(Error::Redirect { status: 307, location }) => assert_eq!(location, target),
        other => panic!("{other:?}"),
    }
    assert!(elsewhere.received_requests().await.unwrap().is_empty(), "the other origin got a request");
}

#[test]
fn a_redirect_error_shows_the_location_without_its_query() {
    let error = Error::Redirect { status: 302, location: "https://files.example/d/1?tempauth=s3cret#x".to_owned() };
    assert_eq!(error.to_string(), "redirect 302 not followed (another origin): https://files.example/d/1");
    assert_eq!(error.status(), Some(302));
}

#[tokio::test]
async fn a_redirect_on_the_same_origin_is_followed_with_body_and_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/old"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", "/new"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/new"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(body_json(password_change()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server.uri());
    let result =
        client.request(Method::POST, &[Part::Literal("/old")]).json(&password_change()).send_no_content().await;
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn a_redirect_loop_on_the_same_origin_ends_in_an_error() {
    let server = server_answering(ResponseTemplate::new(307).insert_header("Location", "/loop")).await;
    let result = get(&client_for(&server.uri()), "/loop").await;
    assert!(matches!(result, Err(Error::Transport(_))), "{result:?}");
    let requests = server.received_requests().await.unwrap().len();
    assert!((2..=20).contains(&requests), "{requests} requests");
}

// 5. Debug

/// Whether `shown` contains `secret` as text or as the byte list a derived `Debug` of a
/// `Vec<u8>` prints (`[104, 117, ...]`, one per line with `{:#?}`).
fn leaks(shown: &str, secret: &str) -> bool {
    let compact: String = shown.split_whitespace().collect();
    let bytes: Vec<String> = secret.bytes().map(|b| b.to_string()).collect();
    shown.contains(secret) || compact.contains(&bytes.join(","))
}

#[test]
fn debug_never_shows_the_body_or_the_token() {
    let client = client_for("https://graph.microsoft.com");
    let call = client.request(Method::POST, &[Part::Literal("/v1.0/me/changePassword")]).json(&password_change());
    for shown in [format!("{call:?}"), format!("{call:#?}"), format!("{client:?}")] {
        for secret in ["hunter2-n3w", TOKEN] {
            assert!(!leaks(&shown, secret), "{secret} in {shown}");
        }
    }
    let shown = format!("{call:?}");
    let body_len = serde_json::to_vec(&password_change()).unwrap().len();
    assert!(shown.contains(&format!("<{body_len} bytes>")), "{shown}");
    assert!(shown.contains("/v1.0/me/changePassword"), "{shown}");
}

// 6. The traversal guard on the whole path

fn refused(parts: &[Part<'_>]) -> (String, String) {
    match build_path(parts) {
        Err(Error::InvalidParameter { name, value }) => (name, value),
        other => panic!("{parts:?}: {other:?}"),
    }
}

#[test]
fn adjacent_parameters_cannot_make_a_dot_segment() {
    let (a, b) = (Part::Param("a", "."), Part::Param("b", "."));
    let parts = [Part::Literal("/x/"), a, b, Part::Literal("/y")];
    assert_eq!(refused(&parts), ("a, b".to_owned(), "..".to_owned()));
    assert_eq!(refused(&[Part::Literal("/x/"), a, b]), ("a, b".to_owned(), "..".to_owned()));
    let empty = [Part::Literal("/x/"), Part::Param("a", ""), Part::Param("b", ""), Part::Literal("/y")];
    assert_eq!(refused(&empty), ("a, b".to_owned(), String::new()));
}

#[test]
fn a_parameter_next_to_a_literal_dot_cannot_make_a_dot_segment() {
    assert_eq!(
        refused(&[Part::Literal("/x/."), Part::Param("a", "."), Part::Literal("/y")]),
        ("a".to_owned(), "..".to_owned())
    );
    assert_eq!(
        refused(&[Part::Literal("/x/"), Part::Param("a", "."), Part::Literal(".")]),
        ("a".to_owned(), "..".to_owned())
    );
}

#[test]
fn dots_that_do_not_fill_a_segment_are_kept() {
    let parts = [Part::Literal("/x/"), Part::Param("a", "."), Part::Param("b", ".."), Part::Literal("/y")];
    assert_eq!(build_path(&parts).unwrap(), "/x/.../y");
    let parts = [Part::Literal("/x/"), Part::Param("a", "a"), Part::Param("b", "."), Part::Literal("/")];
    assert_eq!(build_path(&parts).unwrap(), "/x/a./");
    // A literal dot segment is the caller's own, not a parameter's.
    let parts = [Part::Literal("/x/../"), Part::Param("a", "b")];
    assert_eq!(build_path(&parts).unwrap(), "/x/../b");
}

#[test]
fn a_path_parameter_sends_its_slashes_and_guards_each_segment() {
    let path =
        |value| [Part::Literal("/v1.0/me/drive/root:/"), Part::PathParam("item-path", value), Part::Literal(":")];
    assert_eq!(build_path(&path("a b/c?d/e.txt")).unwrap(), "/v1.0/me/drive/root:/a%20b/c%3Fd/e.txt:");
    assert_eq!(build_path(&path("/a/b")).unwrap(), "/v1.0/me/drive/root:/a/b:", "one leading slash dropped");
    assert_eq!(build_path(&path("a/..b/c.")).unwrap(), "/v1.0/me/drive/root:/a/..b/c.:", "dots inside names kept");
    for (value, segment) in [("a/../b", ".."), ("a//b", ""), ("./a", "."), ("//a", "")] {
        assert_eq!(refused(&path(value)), ("item-path".to_owned(), segment.to_owned()), "{value:?}");
    }
    // A `/` in an ordinary parameter is still one segment's text.
    assert_eq!(build_path(&[Part::Literal("/x/"), Part::Param("id", "a/b")]).unwrap(), "/x/a%2Fb");
}

#[tokio::test]
async fn a_dot_segment_from_adjacent_parameters_is_not_sent() {
    let server = MockServer::start().await;
    let client = client_for(&server.uri());
    let parts = [Part::Literal("/v1.0/x/"), Part::Param("a", "."), Part::Param("b", "."), Part::Literal("/y")];
    let result = client.request(Method::GET, &parts).send_json().await;
    assert!(matches!(result, Err(Error::InvalidParameter { .. })), "{result:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

// 7. Retry-After on errors

#[tokio::test]
async fn a_throttled_graph_error_keeps_retry_after_in_seconds() {
    let body = serde_json::json!({"error": {"code": "TooManyRequests", "message": "Slow down"}});
    let response = ResponseTemplate::new(429).insert_header("Retry-After", "7").set_body_json(body);
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(response).expect(1).mount(&server).await;
    // Through a generated request builder: what a caller sees.
    let client = client_for(&server.uri());
    let error = client
        .v1()
        .device_management()
        .managed_devices()
        .by_id("d1")
        .recover_passcode()
        .send_no_content()
        .await
        .unwrap_err();
    match &error {
        Error::Graph { status: 429, code, retry_after, .. } => {
            assert_eq!(code, "TooManyRequests");
            assert_eq!(*retry_after, Some(RetryAfter::Delay(Duration::from_secs(7))));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(error.retry_after().unwrap().delay_from(SystemTime::now()), Duration::from_secs(7));
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_kept_as_a_time() {
    let response = ResponseTemplate::new(503).insert_header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT");
    let server = server_answering(response).await;
    let error = get(&client_for(&server.uri()), "/busy").await.unwrap_err();
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
    assert!(matches!(&error, Error::UnexpectedStatus { status: 503, .. }), "{error:?}");
    assert_eq!(error.retry_after(), Some(RetryAfter::At(at)));
    let hint = error.retry_after().unwrap();
    assert_eq!(hint.delay_from(at - Duration::from_secs(5)), Duration::from_secs(5));
    assert_eq!(hint.delay_from(at + Duration::from_secs(5)), Duration::ZERO, "a past date means now");
}

#[tokio::test]
async fn no_or_unreadable_retry_after_is_none() {
    for response in [ResponseTemplate::new(429), ResponseTemplate::new(429).insert_header("Retry-After", "soon")] {
        let server = server_answering(response).await;
        let error = get(&client_for(&server.uri()), "/x").await.unwrap_err();
        assert_eq!(error.status(), Some(429));
        assert_eq!(error.retry_after(), None, "{error:?}");
    }
}
