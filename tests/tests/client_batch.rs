//! `$batch` through the generated client, on loopback: calls of the request builders and
//! hand-made ones, sent 20 per request in order, `dependsOn` honoured, each result decoded
//! as its own call would be, throttled items sent again after their `Retry-After`.
//!
//! Compiles against `generated/`, which `cargo run -p generator -- docs-input/` writes.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use graph_client::permissions::{least_privileged_for_calls, Scheme};
use graph_client::runtime::{Download, Method, Part, RetryPolicy};
use graph_client::{Client, Error, StaticToken};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const TOKEN: &str = "batch-token";

/// A `$batch` endpoint that answers each request as Graph would: `200 {"id", "url"}`,
/// except item `7` the first time (429, `Retry-After: 1`), which fails item `8` (it depends
/// on `7`) with 424. Records each batch's requests.
#[derive(Clone, Default)]
struct BatchEndpoint {
    batches: Arc<Mutex<Vec<Vec<Value>>>>,
}

impl Respond for BatchEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let requests = body["requests"].as_array().unwrap().clone();
        let first_time = self.batches.lock().unwrap().iter().flatten().all(|r| r["id"] != "7");
        let mut failed = Vec::new();
        let mut responses = Vec::new();
        for request in &requests {
            let id = request["id"].as_str().unwrap().to_owned();
            let depends_on_failed =
                request["dependsOn"].as_array().is_some_and(|d| d.iter().any(|d| failed.contains(&d.clone())));
            let response = if id == "7" && first_time {
                failed.push(json!("7"));
                json!({"id": id, "status": 429, "headers": {"Retry-After": "1", "Content-Type": "application/json"},
                       "body": {"error": {"code": "TooManyRequests", "message": "slow down"}}})
            } else if depends_on_failed {
                json!({"id": id, "status": 424, "body": {"error": {"code": "FailedDependency", "message": "7 failed"}}})
            } else if id == "44" {
                json!({"id": id, "status": 404, "headers": {"Content-Type": "application/json"},
                       "body": {"error": {"code": "ResourceNotFound", "message": "no such user"}}})
            } else {
                json!({"id": id, "status": 200, "headers": {"Content-Type": "application/json"},
                       "body": {"id": id, "url": request["url"], "method": request["method"]}})
            };
            responses.push(response);
        }
        // Graph answers in any order.
        responses.reverse();
        self.batches.lock().unwrap().push(requests);
        ResponseTemplate::new(200).set_body_json(json!({"responses": responses}))
    }
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Echo {
    id: String,
    url: String,
    method: String,
}

#[tokio::test]
async fn a_batch_of_45_calls_is_sent_as_3_requests_with_a_dependency_and_a_retry() {
    let server = MockServer::start().await;
    let endpoint = BatchEndpoint::default();
    Mock::given(method("POST"))
        .and(path("/v1.0/$batch"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(endpoint.clone())
        .mount(&server)
        .await;
    let client = Client::new(StaticToken::new(TOKEN))
        .with_base_url(server.uri())
        .unwrap()
        .with_retry(RetryPolicy { min_delay: Duration::from_millis(10), ..RetryPolicy::default() });

    let mut batch = client.batch();
    // Typed hand-made calls, and the generated builders' (an action without a body).
    let users: Vec<_> = (0..40)
        .map(|n| {
            let id = format!("u{n}");
            let call = client.request(Method::GET, &[Part::Literal("/v1.0/users/"), Part::Param("id", &id)]);
            let call = call.select(&["displayName"]).returning::<Echo>();
            if n == 8 {
                batch.add_after(call, &[7])
            } else {
                batch.add(call)
            }
        })
        .collect();
    let devices: Vec<_> = (0..4)
        .map(|n| {
            let device = format!("d{n}");
            batch.add(client.v1().users().by_id("ada").managed_devices().by_id(&device).recover_passcode())
        })
        .collect();
    let missing = batch.add(client.request(Method::GET, &[Part::Literal("/v1.0/users/nobody")]));
    assert_eq!(batch.len(), 45);
    let consent = least_privileged_for_calls(Scheme::DelegatedWork, &batch.permissions());
    let device_consent = least_privileged_for_calls(
        Scheme::DelegatedWork,
        &[client.v1().users().by_id("ada").managed_devices().by_id("d0").recover_passcode().permissions()],
    );
    assert_eq!(consent, device_consent, "the batch needs what its calls need");
    assert!(!consent.is_empty());

    let started = Instant::now();
    let mut results = batch.send().await.unwrap();
    let elapsed = started.elapsed();

    let batches = endpoint.batches.lock().unwrap().clone();
    let ids =
        |batch: &[Value]| batch.iter().map(|r| r["id"].as_str().unwrap().parse::<usize>().unwrap()).collect::<Vec<_>>();
    assert_eq!(batches.len(), 4, "3 requests, then one retry");
    assert_eq!(ids(&batches[0]), (0..20).collect::<Vec<_>>());
    assert_eq!(ids(&batches[1]), [7, 8], "the throttled item and its dependent, after Retry-After");
    assert_eq!(ids(&batches[2]), (20..40).collect::<Vec<_>>());
    assert_eq!(ids(&batches[3]), (40..45).collect::<Vec<_>>());
    assert!(elapsed >= Duration::from_millis(950), "Retry-After: 1 was waited for: {elapsed:?}");
    assert_eq!(batches[0][8]["dependsOn"], json!(["7"]));
    assert_eq!(batches[1][1]["dependsOn"], json!(["7"]));
    assert_eq!(batches[0][3]["url"], "/users/u3?$select=displayName");
    assert_eq!(batches[3][0]["url"], "/users/ada/managedDevices/d0/recoverPasscode");
    assert_eq!(batches[3][0]["method"], "POST");

    for (n, user) in users.into_iter().enumerate() {
        assert_eq!(results.status(&user), Some(200));
        let echo = results.take(user).unwrap();
        assert_eq!((echo.id, echo.method.as_str()), (n.to_string(), "GET"));
    }
    for device in devices {
        assert_eq!(results.take(device).unwrap()["method"], "POST");
    }
    match results.take(missing) {
        Err(Error::Graph { status: 404, code, .. }) => assert_eq!(code, "ResourceNotFound"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_failed_dependency_in_an_earlier_request_fails_its_dependents_without_sending_them() {
    let server = MockServer::start().await;
    let endpoint = BatchEndpoint::default();
    Mock::given(path("/v1.0/$batch")).respond_with(endpoint.clone()).mount(&server).await;
    let client =
        Client::new(StaticToken::new(TOKEN)).with_base_url(server.uri()).unwrap().with_retry(RetryPolicy::none());
    let mut batch = client.batch();
    let calls: Vec<_> = (0..22)
        .map(|n| {
            let call = client.request(Method::GET, &[Part::Literal(&format!("/v1.0/users/u{n}"))]);
            if n == 21 {
                batch.add_after(call, &[7])
            } else {
                batch.add(call)
            }
        })
        .collect();
    let mut results = batch.send().await.unwrap();
    assert_eq!(results.status(&calls[7]), Some(429), "not retried: RetryPolicy::none()");
    let error = results.take(calls[21]).unwrap_err();
    assert_eq!(error.status(), Some(424), "{error:?}");
    let sent: Vec<usize> =
        endpoint.batches.lock().unwrap().iter().flatten().map(|r| r["id"].as_str().unwrap().parse().unwrap()).collect();
    assert!(!sent.contains(&21), "{sent:?}");
    assert_eq!(sent.len(), 21);
}

#[test]
fn a_call_can_only_depend_on_one_added_before() {
    let client = Client::new(StaticToken::new(TOKEN));
    let mut batch = client.batch();
    let call = batch.add_after(client.request(Method::GET, &[Part::Literal("/v1.0/me")]), &[0]);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let mut results = runtime.block_on(batch.send()).unwrap();
    assert!(matches!(results.take(call), Err(Error::InvalidBatch(_))));
}

#[tokio::test]
async fn a_download_in_a_batch_is_taken_as_its_bytes() {
    let server = MockServer::start().await;
    // Graph sends a body that is not JSON base64-encoded, with its own content type.
    let answer = json!({"responses": [{"id": "0", "status": 200, "headers": {"Content-Type": "image/png"},
                                       "body": "iVBORw0KGgo="}]});
    Mock::given(path("/v1.0/$batch"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .mount(&server)
        .await;
    let client = Client::new(StaticToken::new(TOKEN)).with_base_url(server.uri()).unwrap();
    let mut batch = client.batch();
    let photo = client.request(Method::GET, &[Part::Literal("/v1.0/me/photo/$value")]).returning::<Download>();
    let item = batch.add(photo);
    let mut results = batch.send().await.unwrap();
    assert_eq!(results.take_download(item).unwrap(), b"\x89PNG\r\n\x1a\n");
}
