//! What a caller does with a call, on loopback: query options and their exact encoding,
//! headers and the `ConsistencyLevel` rule, any 2xx as success, typed and raw responses,
//! paging (next links on the client's origin only, delta links), retries of throttled calls,
//! the typed Graph error, and the national clouds.
//!
//! Calls are made through `Client::request` and `Part`s, as the generated code does.
//! Compiles against `generated/`, which `cargo run -p generator -- docs-input/` writes.

use std::collections::BTreeMap;
use std::time::{Duration, Instant, SystemTime};

use futures_util::{StreamExt, TryStreamExt};
use graph_client::runtime::{Call, Cloud, Method, Page, Part, RetryPolicy};
use graph_client::{Client, Error, RetryAfter, StaticToken};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "calls-token-71c2";

fn client_for(server: &MockServer) -> Client {
    Client::new(StaticToken::new(TOKEN)).with_base_url(server.uri()).unwrap()
}

fn users(client: &Client) -> Call<'_> {
    client.request(Method::GET, &[Part::Literal("/v1.0/users")])
}

/// A server answering `response` to any request.
async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(response).mount(&server).await;
    server
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

// 1. Query options

const FILTER: &str = "startswith(displayName,'O''Brien & Co #1+ü') and mail eq 'a=b%'";

#[tokio::test]
async fn every_query_option_is_sent_with_its_exact_encoding() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({"value": []}))).await;
    let client = client_for(&server);
    users(&client)
        .select(&["id", "displayName"])
        .filter(FILTER)
        .expand(&["manager($select=id)"])
        .orderby(&["displayName desc", "id"])
        .top(5)
        .skip(10)
        .search("\"displayName:Ada Lovelace\"")
        .count(true)
        .query("startDateTime", "2024-01-01T00:00:00+01:00")
        .send_no_content()
        .await
        .unwrap();
    let received = requests(&server).await;
    let query = received[0].url.query().unwrap();
    assert_eq!(
        query,
        "$select=id,displayName\
         &$filter=startswith(displayName,%27O%27%27Brien%20%26%20Co%20%231%2B%C3%BC%27)%20and%20mail%20eq%20%27a%3Db%25%27\
         &$expand=manager($select%3Did)\
         &$orderby=displayName%20desc,id\
         &$top=5&$skip=10\
         &$search=%22displayName:Ada%20Lovelace%22\
         &$count=true\
         &startDateTime=2024-01-01T00:00:00%2B01:00"
    );
    // What a server's query parser reads back is exactly what was given.
    let decoded: Vec<(String, String)> = received[0].url.query_pairs().map(|(k, v)| (k.into(), v.into())).collect();
    let given = [
        ("$select", "id,displayName"),
        ("$filter", FILTER),
        ("$expand", "manager($select=id)"),
        ("$orderby", "displayName desc,id"),
        ("$top", "5"),
        ("$skip", "10"),
        ("$search", "\"displayName:Ada Lovelace\""),
        ("$count", "true"),
        ("startDateTime", "2024-01-01T00:00:00+01:00"),
    ];
    assert_eq!(decoded, given.map(|(k, v)| (k.to_owned(), v.to_owned())));
    assert_eq!(received[0].url.path(), "/v1.0/users");
}

#[tokio::test]
async fn setting_an_option_again_replaces_it_and_no_options_send_no_query() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let client = client_for(&server);
    users(&client).top(1).select(&["id"]).top(2).send_no_content().await.unwrap();
    users(&client).send_no_content().await.unwrap();
    let received = requests(&server).await;
    assert_eq!(received[0].url.query(), Some("$top=2&$select=id"));
    assert_eq!(received[1].url.query(), None);
}

// 2. Headers and ConsistencyLevel

#[tokio::test]
async fn headers_are_sent_and_replace_the_defaults() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let client = client_for(&server);
    users(&client)
        .header("Prefer", "outlook.body-content-type=\"text\"")
        .header("Accept", "text/plain")
        .send_no_content()
        .await
        .unwrap();
    let received = requests(&server).await;
    assert_eq!(header(&received[0], "prefer"), Some("outlook.body-content-type=\"text\""));
    assert_eq!(header(&received[0], "accept"), Some("text/plain"));
    assert_eq!(header(&received[0], "authorization"), Some(format!("Bearer {TOKEN}").as_str()));
}

#[tokio::test]
async fn invalid_or_reserved_headers_fail_before_sending() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let client = client_for(&server);
    for (name, value, reason) in [
        ("Bad Name", "x", "not a valid header name"),
        ("X-Note", "line\r\nInjected: yes", "invalid value"),
        ("Authorization", "Bearer stolen", "set by the client itself"),
        ("host", "evil.example", "set by the client itself"),
    ] {
        match users(&client).header(name, value).send_no_content().await {
            Err(Error::InvalidHeader { name: got, reason: why }) => {
                assert_eq!(got, name);
                assert!(why.contains(reason), "{name}: {why}");
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    assert!(requests(&server).await.is_empty());
}

/// How a case shapes its call.
type Shape = fn(Call<'_>) -> Call<'_>;

#[tokio::test]
async fn consistency_level_eventual_is_sent_where_graph_requires_it() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let client = client_for(&server);
    let cases: [(&str, Shape, Option<&str>); 10] = [
        ("$search", |c| c.search("\"displayName:x\""), Some("eventual")),
        ("$count=true", |c| c.count(true), Some("eventual")),
        ("$count=false", |c| c.count(false), None),
        ("ne", |c| c.filter("displayName ne null"), Some("eventual")),
        ("NOT", |c| c.filter("NOT(startswith(mail,'a'))"), Some("eventual")),
        ("endsWith", |c| c.filter("endsWith(mail,'@contoso.com')"), Some("eventual")),
        ("operators inside a literal", |c| c.filter("displayName eq 'not ne endsWith'"), None),
        ("basic filter", |c| c.filter("startswith(displayName,'A') and id eq 'none'"), None),
        ("no query", |c| c.top(3), None),
        ("explicit header wins", |c| c.search("\"x\"").header("ConsistencyLevel", "session"), Some("session")),
    ];
    for (_, shape, _) in &cases {
        shape(users(&client)).send_no_content().await.unwrap();
    }
    let received = requests(&server).await;
    for ((case, _, expected), request) in cases.iter().zip(&received) {
        assert_eq!(header(request, "consistencylevel"), *expected, "{case}");
    }
}

// 3. Responses

#[tokio::test]
async fn any_2xx_is_a_success_whatever_the_documented_status() {
    for status in [200, 201, 202, 204] {
        let server = server_answering(ResponseTemplate::new(status)).await;
        let client = client_for(&server);
        let result = client
            .request(Method::POST, &[Part::Literal("/v1.0/users")])
            .json(&json!({"displayName": "Ada"}))
            .expect_status(201)
            .send_json()
            .await;
        assert_eq!(result.unwrap(), serde_json::Value::Null, "status {status}");
    }
}

#[tokio::test]
async fn send_decodes_into_the_callers_type() {
    let body = json!({"id": "u1", "displayName": "Ada"});
    let server = server_answering(ResponseTemplate::new(200).set_body_json(&body)).await;
    let client = client_for(&server);
    let user: BTreeMap<String, String> = users(&client).send_as().await.unwrap();
    assert_eq!(user["displayName"], "Ada");
    match users(&client).send_as::<Vec<u32>>().await {
        Err(Error::Decode(_)) => {}
        other => panic!("an object is not a list: {other:?}"),
    }
}

#[tokio::test]
async fn send_raw_returns_status_headers_and_bytes() {
    let bytes = vec![0u8, 159, 146, 150, 255];
    let response =
        ResponseTemplate::new(201).insert_header("x-ms-ags-diagnostic", "west").set_body_bytes(bytes.clone());
    let server = server_answering(response).await;
    let raw = users(&client_for(&server)).send_raw().await.unwrap();
    assert_eq!(raw.status, 201);
    assert_eq!(raw.headers["x-ms-ags-diagnostic"], "west");
    assert_eq!(raw.body, bytes);
    assert!(!format!("{raw:?}").contains("159"), "Debug shows no body: {raw:?}");
}

// 4. Paging

/// Mounts a page answered at `/v1.0/users` when the query has `skiptoken` (or none for the
/// first page).
async fn mount_page(server: &MockServer, skiptoken: Option<&str>, body: serde_json::Value) {
    let mock = Mock::given(method("GET")).and(path("/v1.0/users"));
    let mock = match skiptoken {
        Some(token) => mock.and(query_param("$skiptoken", token)),
        None => mock.and(query_param("$top", "2")),
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(body)).expect(1).mount(server).await;
}

#[tokio::test]
async fn pages_follow_next_links_across_three_pages() {
    let server = MockServer::start().await;
    let base = server.uri();
    let next = |token: &str| format!("{base}/v1.0/users?$skiptoken={token}");
    mount_page(
        &server,
        None,
        json!({"@odata.count": 5, "value": [{"id": "1"}, {"id": "2"}], "@odata.nextLink": next("p2")}),
    )
    .await;
    mount_page(&server, Some("p2"), json!({"value": [{"id": "3"}, {"id": "4"}], "@odata.nextLink": next("p3")})).await;
    mount_page(&server, Some("p3"), json!({"value": [{"id": "5"}]})).await;
    let client = client_for(&server);

    let pages: Vec<Page<serde_json::Value>> = users(&client).top(2).count(true).pages_as().try_collect().await.unwrap();
    assert_eq!(pages.iter().map(|p| p.value.len()).collect::<Vec<_>>(), [2, 2, 1]);
    assert_eq!(pages[0].count, Some(5));
    assert_eq!(pages[1].next_link, Some(next("p3")));
    assert_eq!(pages[2].next_link, None);
    // Every page is asked for with the token and the headers of the first request.
    for request in requests(&server).await {
        assert_eq!(header(&request, "authorization"), Some(format!("Bearer {TOKEN}").as_str()));
        assert_eq!(header(&request, "consistencylevel"), Some("eventual"));
    }
}

#[tokio::test]
async fn items_stream_every_item_of_every_page_in_order() {
    let server = MockServer::start().await;
    let base = server.uri();
    let next = |token: &str| format!("{base}/v1.0/users?$skiptoken={token}");
    mount_page(&server, None, json!({"value": ["a", "b"], "@odata.nextLink": next("p2")})).await;
    mount_page(&server, Some("p2"), json!({"value": ["c", "d"], "@odata.nextLink": next("p3")})).await;
    mount_page(&server, Some("p3"), json!({"value": ["e"]})).await;
    let client = client_for(&server);
    let items: Vec<String> = users(&client).top(2).items_as().try_collect().await.unwrap();
    assert_eq!(items, ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn a_next_link_to_another_origin_is_refused_and_gets_nothing() {
    let other = server_answering(ResponseTemplate::new(200).set_body_json(json!({"value": ["stolen"]}))).await;
    let foreign = format!("{}/v1.0/users?$skiptoken=p2", other.uri());
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(json!({"value": ["a"], "@odata.nextLink": foreign})))
            .await;
    let client = client_for(&server);
    let mut pages = Box::pin(users(&client).pages_as::<String>());
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.value, ["a"], "the page holding the link is still delivered");
    match pages.next().await {
        Some(Err(Error::ForeignNextLink { link })) => assert_eq!(link, foreign),
        other => panic!("{other:?}"),
    }
    assert!(pages.next().await.is_none(), "the stream ends after the refusal");
    assert!(requests(&other).await.is_empty(), "the other origin received nothing");
}

#[tokio::test]
async fn a_delta_link_is_exposed_on_the_last_page() {
    let delta = "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=abc";
    let body = json!({"value": [{"id": "1"}], "@odata.deltaLink": delta});
    let server = server_answering(ResponseTemplate::new(200).set_body_json(body)).await;
    let client = client_for(&server);
    let pages: Vec<Page<serde_json::Value>> =
        client.request(Method::GET, &[Part::Literal("/v1.0/users/delta")]).pages_as().try_collect().await.unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].delta_link.as_deref(), Some(delta));
    assert_eq!(pages[0].next_link, None);
}

#[tokio::test]
async fn a_body_that_is_not_a_collection_is_a_decode_error() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({"id": "1"}))).await;
    let client = client_for(&server);
    let result: Result<Vec<Page<serde_json::Value>>, Error> = users(&client).pages_as().try_collect().await;
    match result {
        Err(Error::Decode(e)) => assert!(e.to_string().contains("no `value` array"), "{e}"),
        other => panic!("{other:?}"),
    }
}

// 5. Retries

/// A server that answers `first` to the first `times` requests, then 200 with `{}`.
async fn failing_then_ok(first: ResponseTemplate, times: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(first).up_to_n_times(times).mount(&server).await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    server
}

/// A policy whose own backoff is far longer than any hint used below: a quick retry can only
/// come from the hint.
fn slow_backoff() -> RetryPolicy {
    RetryPolicy { initial_delay: Duration::from_secs(10), max_delay: Duration::from_secs(5), ..RetryPolicy::default() }
}

#[tokio::test]
async fn retry_after_in_seconds_is_waited_for() {
    let server = failing_then_ok(ResponseTemplate::new(429).insert_header("Retry-After", "1"), 1).await;
    let client = client_for(&server).with_retry(slow_backoff());
    let started = Instant::now();
    users(&client).send_no_content().await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(requests(&server).await.len(), 2);
    assert!(elapsed >= Duration::from_millis(950) && elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_waited_for() {
    // HTTP dates have whole seconds: two seconds ahead is a wait of one to two seconds.
    let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let server = failing_then_ok(ResponseTemplate::new(503).insert_header("Retry-After", at.as_str()), 1).await;
    let client = client_for(&server).with_retry(slow_backoff());
    let started = Instant::now();
    users(&client).send_no_content().await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(requests(&server).await.len(), 2);
    assert!(elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(3), "{elapsed:?}");

    let past = "Wed, 21 Oct 2015 07:28:00 GMT";
    let server = failing_then_ok(ResponseTemplate::new(504).insert_header("Retry-After", past), 1).await;
    let client = client_for(&server).with_retry(slow_backoff());
    let started = Instant::now();
    users(&client).send_no_content().await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(1), "a past date means now: {:?}", started.elapsed());
}

#[tokio::test]
async fn the_wait_before_a_retry_follows_the_hint_the_backoff_and_the_cap() {
    let policy = RetryPolicy {
        initial_delay: Duration::from_millis(100),
        max_delay: Duration::from_millis(300),
        min_delay: Duration::from_millis(20),
        ..RetryPolicy::default()
    };
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
    let ms = Duration::from_millis;
    assert_eq!(policy.delay_for(1, Some(RetryAfter::Delay(ms(70))), now), ms(70));
    assert_eq!(policy.delay_for(1, Some(RetryAfter::At(now + ms(250))), now), ms(250));
    assert_eq!(policy.delay_for(1, Some(RetryAfter::Delay(ms(9000))), now), ms(300), "capped by max_delay");
    assert_eq!(policy.delay_for(1, Some(RetryAfter::Delay(ms(0))), now), ms(20), "at least min_delay");
    assert_eq!(policy.delay_for(1, Some(RetryAfter::At(now - ms(500))), now), ms(20), "a past date too");
    // Equal jitter: between half of the doubled delay and all of it.
    for (retry, low, high) in [(1, 50, 100), (2, 100, 200), (3, 200, 300), (9, 300, 300)] {
        let waits: Vec<Duration> = (0..50).map(|_| policy.delay_for(retry, None, now)).collect();
        assert!(waits.iter().all(|w| *w >= ms(low) && *w <= ms(high)), "retry {retry}: {waits:?}");
        if low < high {
            assert!(waits.iter().any(|w| *w != waits[0]), "retry {retry} has no jitter: {waits:?}");
        }
    }
}

#[tokio::test]
async fn without_retry_after_the_backoff_grows() {
    let server = failing_then_ok(ResponseTemplate::new(503), 2).await;
    let policy = RetryPolicy {
        initial_delay: Duration::from_millis(40),
        max_delay: Duration::from_secs(1),
        min_delay: Duration::ZERO,
        ..RetryPolicy::default()
    };
    let client = client_for(&server).with_retry(policy);
    let started = Instant::now();
    users(&client).send_no_content().await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(requests(&server).await.len(), 3);
    // At least half of 40 ms, then half of 80 ms.
    assert!(elapsed >= Duration::from_millis(60) && elapsed < Duration::from_secs(1), "{elapsed:?}");
}

#[tokio::test]
async fn attempts_are_capped() {
    let always_busy = || ResponseTemplate::new(503).insert_header("Retry-After", "0");
    let server = server_answering(always_busy()).await;
    let policy = RetryPolicy { max_retries: 2, ..RetryPolicy::default() };
    let error = users(&client_for(&server).with_retry(policy)).send_no_content().await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(requests(&server).await.len(), 3, "one attempt and two retries");

    let server = server_answering(always_busy()).await;
    users(&client_for(&server)).send_no_content().await.unwrap_err();
    assert_eq!(requests(&server).await.len(), 4, "the default: three retries");

    let server = server_answering(always_busy()).await;
    users(&client_for(&server).with_retry(RetryPolicy::none())).send_no_content().await.unwrap_err();
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_hint_past_the_total_wait_is_returned_at_once() {
    let server = server_answering(ResponseTemplate::new(429).insert_header("Retry-After", "120")).await;
    let started = Instant::now();
    let error = users(&client_for(&server)).send_no_content().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    assert_eq!(requests(&server).await.len(), 1);
    assert_eq!(error.retry_after(), Some(RetryAfter::Delay(Duration::from_secs(120))));
}

#[tokio::test]
async fn other_failures_are_not_retried() {
    for status in [400, 404, 500, 502] {
        let server = server_answering(ResponseTemplate::new(status).insert_header("Retry-After", "0")).await;
        let error = users(&client_for(&server)).send_no_content().await.unwrap_err();
        assert_eq!(error.status(), Some(status));
        assert_eq!(requests(&server).await.len(), 1, "status {status}");
    }
}

#[tokio::test]
async fn the_body_is_sent_again_on_retry() {
    let server = failing_then_ok(ResponseTemplate::new(429).insert_header("Retry-After", "0"), 1).await;
    let body = json!({"message": {"subject": "Hi"}, "saveToSentItems": false});
    let client = client_for(&server);
    client.request(Method::POST, &[Part::Literal("/v1.0/me/sendMail")]).json(&body).send_no_content().await.unwrap();
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(), body);
        assert_eq!(header(request, "content-type"), Some("application/json"));
    }
}

// 6. The typed error

#[tokio::test]
async fn a_graph_error_carries_code_message_request_id_and_date() {
    let body = json!({"error": {
        "code": "Request_ResourceNotFound",
        "message": "Resource 'u9' does not exist.",
        "innerError": {"date": "2026-11-24T10:00:00", "request-id": "req-inner", "client-request-id": "client-inner"}
    }});
    let response = ResponseTemplate::new(404).insert_header("request-id", "req-header").set_body_json(body);
    let server = server_answering(response).await;
    let error = users(&client_for(&server)).send_no_content().await.unwrap_err();
    match &error {
        Error::Graph { status: 404, code, message, retry_after: None, details } => {
            assert_eq!(code, "Request_ResourceNotFound");
            assert_eq!(message, "Resource 'u9' does not exist.");
            assert_eq!(details.client_request_id.as_deref(), Some("client-inner"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(error.request_id(), Some("req-inner"), "innerError first");
    assert_eq!(error.date(), Some("2026-11-24T10:00:00"));
    assert_eq!(error.to_string(), "Graph returned 404 Request_ResourceNotFound: Resource 'u9' does not exist.");
}

#[tokio::test]
async fn without_inner_error_the_request_ids_come_from_the_headers() {
    let body = json!({"error": {"code": "TooManyRequests", "message": "Slow down"}});
    let response = ResponseTemplate::new(429)
        .insert_header("request-id", "req-header")
        .insert_header("client-request-id", "client-header")
        .insert_header("Retry-After", "30")
        .set_body_json(body);
    let server = server_answering(response).await;
    let client = client_for(&server).with_retry(RetryPolicy::none());
    let error = users(&client).send_no_content().await.unwrap_err();
    match &error {
        Error::Graph { details, retry_after, .. } => {
            assert_eq!(details.client_request_id.as_deref(), Some("client-header"));
            assert_eq!(*retry_after, Some(RetryAfter::Delay(Duration::from_secs(30))));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(error.request_id(), Some("req-header"));
    assert_eq!(error.date(), None);
}

// 7. National clouds

#[test]
fn each_cloud_has_its_base_url_and_token_scope() {
    let expected = [
        (Cloud::Global, "https://graph.microsoft.com", "https://graph.microsoft.com/.default"),
        (Cloud::UsGovernment, "https://graph.microsoft.us", "https://graph.microsoft.us/.default"),
        (Cloud::UsGovernmentDod, "https://dod-graph.microsoft.us", "https://dod-graph.microsoft.us/.default"),
        (Cloud::China, "https://microsoftgraph.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn/.default"),
    ];
    assert_eq!(Cloud::ALL.to_vec(), expected.map(|(cloud, _, _)| cloud).to_vec());
    for (cloud, base_url, scope) in expected {
        assert_eq!(Client::for_cloud(cloud, StaticToken::new(TOKEN)).base_url(), base_url);
        assert_eq!(cloud.base_url(), base_url);
        assert_eq!(cloud.scope(), scope);
    }
    assert_eq!(Client::new(StaticToken::new(TOKEN)).base_url(), Cloud::default().base_url());
}

#[test]
fn the_default_retry_policy_is_three_retries_within_a_minute() {
    let policy = Client::new(StaticToken::new(TOKEN)).retry_policy();
    assert_eq!((policy.max_retries, policy.max_total_wait), (3, Duration::from_secs(60)));
    assert_eq!(RetryPolicy::none().max_retries, 0);
}

// 8. Tokens from azure_core credentials (feature `azure-identity`)

/// A credential that records the scopes it is asked for, or fails.
#[derive(Debug, Default)]
struct FakeCredential {
    scopes: std::sync::Mutex<Vec<String>>,
    fail: bool,
}

#[async_trait::async_trait]
impl azure_core::credentials::TokenCredential for FakeCredential {
    async fn get_token(
        &self,
        scopes: &[&str],
        _: Option<azure_core::credentials::TokenRequestOptions<'_>>,
    ) -> azure_core::Result<azure_core::credentials::AccessToken> {
        self.scopes.lock().unwrap().extend(scopes.iter().map(|s| s.to_string()));
        if self.fail {
            return Err(azure_core::Error::with_message(azure_core::error::ErrorKind::Credential, "no login"));
        }
        let expires = azure_core::time::OffsetDateTime::now_utc() + Duration::from_secs(3600);
        Ok(azure_core::credentials::AccessToken::new(format!("azure-token-{}", scopes.len()), expires))
    }
}

#[tokio::test]
async fn an_azure_credential_supplies_the_token_for_the_clouds_scope() {
    use graph_client::runtime::AzureCredential;
    use std::sync::Arc;

    let server = server_answering(ResponseTemplate::new(204)).await;
    let credential = Arc::new(FakeCredential::default());
    let tokens = AzureCredential::new(credential.clone(), Cloud::UsGovernment);
    assert_eq!(tokens.scope(), "https://graph.microsoft.us/.default");
    let client = Client::for_cloud(Cloud::UsGovernment, tokens).with_base_url(server.uri()).unwrap();
    users(&client).send_no_content().await.unwrap();
    assert_eq!(header(&requests(&server).await[0], "authorization"), Some("Bearer azure-token-1"));
    assert_eq!(*credential.scopes.lock().unwrap(), ["https://graph.microsoft.us/.default"]);

    let failing = Arc::new(FakeCredential { fail: true, ..FakeCredential::default() });
    let client = client_for(&server);
    let client = Client::new(AzureCredential::new(failing, Cloud::Global)).with_base_url(client.base_url()).unwrap();
    match users(&client).send_no_content().await {
        Err(Error::Token(e)) => assert!(e.to_string().contains("no login"), "{e}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&server).await.len(), 1, "nothing sent without a token");
}
