//! The generated client keeps its promises under faults, on loopback: one deadline per call
//! across attempts and waits, one reading of `Retry-After`, no credential in a message, each
//! cause once (message or `source()`), a content type that contradicts the call is an error;
//! and the headers every request carries, the retry policy per status, streams that are
//! `Unpin`.
//!
//! Compiles against `generated/`, which `cargo run -p generator -- docs-input/` writes.

use std::error::Error as _;
use std::time::{Duration, Instant};

use futures_util::{StreamExt, TryStreamExt};
use graph_client::runtime::{Method, Part, RetryPolicy};
use graph_client::{Client, Error, RetryAfter, StaticToken};
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "faults-token";

fn client_for(server: &MockServer) -> Client {
    Client::new(StaticToken::new(TOKEN)).with_base_url(server.uri()).unwrap()
}

/// Quick retries: the tests below look at counts and deadlines, not at the default waits.
fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        initial_delay: Duration::from_millis(20),
        min_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
        max_retries: 10,
        ..RetryPolicy::default()
    }
}

async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(response).mount(&server).await;
    server
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

async fn get(client: &Client) -> Result<serde_json::Value, Error> {
    client.request(Method::GET, &[Part::Literal("/v1.0/users")]).send_json().await
}

// 1. One deadline per call

#[tokio::test]
async fn a_call_whose_attempts_all_stall_ends_at_its_one_deadline() {
    let server = server_answering(ResponseTemplate::new(200).set_delay(Duration::from_secs(2))).await;
    let client = client_for(&server)
        .with_retry(quick_retries())
        .with_timeout(Duration::from_millis(1000))
        .with_attempt_timeout(Duration::from_millis(250));
    let started = Instant::now();
    let error = get(&client).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(error, Error::Timeout { after } if after == Duration::from_secs(1)), "{error:?}");
    assert!(error.is_timeout());
    assert!(elapsed >= Duration::from_millis(950) && elapsed < Duration::from_millis(1600), "{elapsed:?}");
    // Each stalled attempt (a GET may be sent again) was abandoned and retried.
    assert!(requests(&server).await.len() >= 3, "{} attempts", requests(&server).await.len());
}

#[tokio::test]
async fn the_timeout_bounds_the_attempts_and_the_waits_together() {
    // 503 after 1.5 s: per attempt, each would fit in 2 s; the call as a whole does not.
    let busy = ResponseTemplate::new(503).set_delay(Duration::from_millis(1500)).insert_header("Retry-After", "1");
    let server = server_answering(busy).await;
    let client = client_for(&server).with_timeout(Duration::from_secs(2));
    let started = Instant::now();
    let error = get(&client).await.unwrap_err();
    let elapsed = started.elapsed();
    // The wait of 1 s would end past the deadline: the 503 is returned at once.
    assert_eq!(error.status(), Some(503), "{error:?}");
    assert!(elapsed < Duration::from_millis(1900), "{elapsed:?}");
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_stalled_post_is_not_sent_again() {
    let server = server_answering(ResponseTemplate::new(200).set_delay(Duration::from_secs(2))).await;
    let client = client_for(&server)
        .with_retry(quick_retries())
        .with_timeout(Duration::from_secs(3))
        .with_attempt_timeout(Duration::from_millis(200));
    let error = client.request(Method::POST, &[Part::Literal("/v1.0/users")]).send_no_content().await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)) && error.is_timeout(), "{error:?}");
    assert_eq!(requests(&server).await.len(), 1, "the server may have acted on the first");
}

// 2. One reading of Retry-After

#[tokio::test]
async fn a_retry_after_too_large_to_represent_is_past_the_budget_not_absent() {
    for hint in ["99999999999999999999999", "999999999"] {
        let server = server_answering(ResponseTemplate::new(429).insert_header("Retry-After", hint)).await;
        let started = Instant::now();
        let error = get(&client_for(&server)).await.unwrap_err();
        assert!(started.elapsed() < Duration::from_millis(500), "{hint}: {:?}", started.elapsed());
        assert_eq!(requests(&server).await.len(), 1, "{hint}");
        let Some(RetryAfter::Delay(delay)) = error.retry_after() else { panic!("{hint}: {error:?}") };
        assert!(delay >= Duration::from_secs(999_999_999), "{hint}: {delay:?}");
    }
}

#[tokio::test]
async fn a_retry_after_of_zero_waits_at_least_the_floor() {
    let server = server_answering(ResponseTemplate::new(503).insert_header("Retry-After", "0")).await;
    let policy = RetryPolicy { max_retries: 2, min_delay: Duration::from_millis(200), ..RetryPolicy::default() };
    let started = Instant::now();
    get(&client_for(&server).with_retry(policy)).await.unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(requests(&server).await.len(), 3);
    assert!(elapsed >= Duration::from_millis(400) && elapsed < Duration::from_secs(2), "{elapsed:?}");
    // The default floor: half a second.
    assert_eq!(RetryPolicy::default().min_delay, Duration::from_millis(500));
}

// 3. Messages: no credential, each cause once

#[test]
fn no_message_shows_a_user_name_a_password_or_a_query() {
    let link = "https://alice:s3cret@graph.microsoft.com/v1.0/users?$skiptoken=tok3n#frag";
    let errors = [
        Error::ForeignNextLink { link: link.to_owned() },
        Error::Redirect { status: 302, location: link.to_owned() },
        Error::Redirect { status: 302, location: "not a url alice:s3cret".to_owned() },
    ];
    for error in errors {
        let shown = error.to_string();
        for secret in ["alice", "s3cret", "tok3n", "frag"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
    let shown = Error::ForeignNextLink { link: link.to_owned() }.to_string();
    assert!(shown.ends_with("https://graph.microsoft.com/v1.0/users"), "{shown}");
}

#[tokio::test]
async fn each_cause_is_in_the_source_and_not_repeated_in_the_message() {
    let server = server_answering(ResponseTemplate::new(200).set_body_raw("{not json", "application/json")).await;
    let error = get(&client_for(&server)).await.unwrap_err();
    let source = error.source().expect("the decoding error is the source").to_string();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert!(!error.to_string().contains(&source), "{error} repeats {source}");

    let client = Client::new(StaticToken::new(TOKEN)).with_base_url("http://127.0.0.1:9").unwrap();
    let error = get(&client).await.unwrap_err();
    let source = error.source().expect("the transport error is the source").to_string();
    assert!(!error.to_string().contains(&source), "{error} repeats {source}");
}

// 4. Content types

#[tokio::test]
async fn a_success_whose_content_type_contradicts_the_call_is_an_error() {
    let html = || ResponseTemplate::new(200).set_body_raw("<html>Sign in to the proxy</html>", "text/html");
    let server = server_answering(html()).await;
    let client = client_for(&server);
    let no_content = client.request(Method::POST, &[Part::Literal("/v1.0/me/sendMail")]).send_no_content().await;
    match no_content {
        Err(Error::UnexpectedContentType { status: 200, content_type, expected }) => {
            assert_eq!((content_type.as_str(), expected), ("text/html", "JSON"));
        }
        other => panic!("{other:?}"),
    }
    let error = get(&client).await.unwrap_err();
    assert!(error.to_string().contains("text/html"), "{error}");

    // What agrees: no body, JSON, text (`$count`), no content type.
    for answer in [
        ResponseTemplate::new(204),
        ResponseTemplate::new(200).set_body_raw("{}", "application/json; charset=utf-8"),
        ResponseTemplate::new(200).set_body_raw("42", "text/plain"),
        ResponseTemplate::new(200).set_body_bytes("{}"),
    ] {
        let server = server_answering(answer).await;
        get(&client_for(&server)).await.unwrap();
    }
}

// 5. Headers

#[tokio::test]
async fn every_request_carries_a_fresh_client_request_id_the_user_agent_and_accepts_gzip() {
    let server = server_answering(ResponseTemplate::new(200).set_body_string("{}")).await;
    let client = client_for(&server);
    get(&client).await.unwrap();
    get(&client).await.unwrap();
    let received = requests(&server).await;
    let ids: Vec<&str> = received.iter().map(|r| header(r, "client-request-id").unwrap()).collect();
    assert_ne!(ids[0], ids[1]);
    for id in &ids {
        assert_eq!(id.len(), 36, "{id}");
        assert_eq!(id.as_bytes()[14], b'4', "a version 4 UUID: {id}");
    }
    assert_eq!(header(&received[0], "user-agent"), Some("graph-client/0.1.0"));
    assert!(header(&received[0], "accept-encoding").unwrap_or_default().contains("gzip"));

    // A caller's own id is sent as given.
    let given = "0b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3";
    client
        .request(Method::GET, &[Part::Literal("/v1.0/users")])
        .header("client-request-id", given)
        .send_json()
        .await
        .unwrap();
    assert_eq!(header(&requests(&server).await[2], "client-request-id"), Some(given));
}

/// `{"displayName":"Ada"}`, gzip-compressed.
const GZIPPED: [u8; 41] = [
    31, 139, 8, 0, 0, 0, 0, 0, 2, 255, 171, 86, 74, 201, 44, 46, 200, 73, 172, 244, 75, 204, 77, 85, 178, 82, 114, 76,
    73, 84, 170, 5, 0, 201, 33, 14, 47, 21, 0, 0, 0,
];

#[tokio::test]
async fn a_compressed_response_is_decompressed_before_the_body_limit_counts_it() {
    let gzipped = ResponseTemplate::new(200)
        .insert_header("content-encoding", "gzip")
        .insert_header("content-type", "application/json")
        .set_body_bytes(GZIPPED.to_vec());
    let server = server_answering(gzipped.clone()).await;
    assert_eq!(get(&client_for(&server)).await.unwrap(), serde_json::json!({"displayName": "Ada"}));
    // 21 bytes decompressed, 41 on the wire: the limit counts what is decompressed.
    let error = get(&client_for(&server).with_max_body_size(20)).await.unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge { limit: 20, .. }), "{error:?}");
}

#[tokio::test]
async fn a_failed_call_keeps_the_client_request_id_it_was_sent_with() {
    let server = server_answering(ResponseTemplate::new(500).set_body_string("oops")).await;
    let error = get(&client_for(&server)).await.unwrap_err();
    let sent = requests(&server).await;
    assert_eq!(error.client_request_id(), header(&sent[0], "client-request-id"));
    assert!(error.client_request_id().is_some());

    let graph_error = serde_json::json!({"error": {"code": "Forbidden", "message": "no"}});
    let server = server_answering(ResponseTemplate::new(403).set_body_json(graph_error)).await;
    let error = get(&client_for(&server)).await.unwrap_err();
    assert_eq!(error.client_request_id(), header(&requests(&server).await[0], "client-request-id"));
}

// 6. Retry policy per status

#[tokio::test]
async fn the_retry_policy_can_be_set_per_status() {
    let client_of =
        |server: &MockServer| client_for(server).with_retry(quick_retries()).with_retry_for(429, RetryPolicy::none());
    let server = server_answering(ResponseTemplate::new(429)).await;
    get(&client_of(&server)).await.unwrap_err();
    assert_eq!(requests(&server).await.len(), 1, "429: not retried");

    let server = server_answering(ResponseTemplate::new(504)).await;
    get(&client_of(&server).with_retry_for(504, RetryPolicy { max_retries: 2, ..quick_retries() })).await.unwrap_err();
    assert_eq!(requests(&server).await.len(), 3, "504: its own policy");

    let server = server_answering(ResponseTemplate::new(503)).await;
    get(&client_of(&server)).await.unwrap_err();
    assert_eq!(requests(&server).await.len(), 11, "503: the client's policy");

    // Another status is retried when given a policy.
    let server = server_answering(ResponseTemplate::new(502)).await;
    let client = client_for(&server).with_retry_for(502, RetryPolicy { max_retries: 1, ..quick_retries() });
    get(&client).await.unwrap_err();
    assert_eq!(requests(&server).await.len(), 2, "502: retried once");
    assert_eq!(client.retry_policy_for(500), None);
    assert_eq!(client.retry_policy_for(429), Some(RetryPolicy::default()));
}

// 7. Streams are Unpin

#[tokio::test]
async fn pages_and_items_are_unpin_streams() {
    let server = MockServer::start().await;
    let page = serde_json::json!({"value": [{"id": "1"}, {"id": "2"}]});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(page)).mount(&server).await;
    let client = client_for(&server);
    let call = || client.request(Method::GET, &[Part::Literal("/v1.0/users")]);
    // No `pin!`: `try_next` and `next` need `Unpin`.
    let mut items = call().items_as::<serde_json::Value>();
    let mut ids = Vec::new();
    while let Some(item) = items.try_next().await.unwrap() {
        ids.push(item["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids, ["1", "2"]);
    let mut pages = call().pages_as::<serde_json::Value>();
    assert_eq!(pages.next().await.unwrap().unwrap().value.len(), 2);
    assert!(pages.next().await.is_none());
}

// 8. Where a user looks for the schemes

#[test]
fn an_unknown_scheme_name_lists_the_schemes() {
    use graph_client::permissions::Scheme;
    assert_eq!("delegatedwork".parse::<Scheme>(), Ok(Scheme::DelegatedWork));
    assert_eq!("Application".parse::<Scheme>(), Ok(Scheme::Application));
    let error = "Delegated".parse::<Scheme>().unwrap_err().to_string();
    assert!(error.contains("DelegatedWork, DelegatedPersonal or Application"), "{error}");
}
