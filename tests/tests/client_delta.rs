//! Delta queries through the generated client, on loopback: a run yields the items of every
//! page and finally its `@odata.deltaLink`; a second run from that link yields the changes;
//! a link to another origin is not followed.
//!
//! Compiles against `generated/`, which `cargo run -p generator -- docs-input/` writes.

use futures_util::TryStreamExt;
use graph_client::runtime::{Change, Method, Part};
use graph_client::{Client, Error, StaticToken};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client_for(server: &MockServer) -> Client {
    Client::new(StaticToken::new("delta-token")).with_base_url(server.uri()).unwrap()
}

fn users_delta(client: &Client) -> graph_client::runtime::Call<'_> {
    client.request(Method::GET, &[Part::Literal("/v1.0/users/delta()")]).select(&["displayName"])
}

async fn run(call: graph_client::runtime::Call<'_>) -> Vec<Result<Change<Value>, String>> {
    let mut changes = call.changes_as::<Value>();
    let mut out = Vec::new();
    loop {
        match changes.try_next().await {
            Ok(Some(change)) => out.push(Ok(change)),
            Ok(None) => return out,
            Err(error) => {
                out.push(Err(error.to_string()));
                return out;
            }
        }
    }
}

#[tokio::test]
async fn a_delta_run_returns_its_link_and_a_second_run_resumes_from_it() {
    let server = MockServer::start().await;
    let base = server.uri();
    let first = json!({"value": [{"id": "1"}, {"id": "2"}],
        "@odata.nextLink": format!("{base}/v1.0/users/delta()?$skiptoken=p2")});
    let last = json!({"value": [{"id": "3"}], "@odata.deltaLink": format!("{base}/v1.0/users/delta()?$deltatoken=d1")});
    let changes = json!({"value": [{"id": "2", "@removed": {"reason": "deleted"}}],
        "@odata.deltaLink": format!("{base}/v1.0/users/delta()?$deltatoken=d2")});
    let delta = || Mock::given(method("GET")).and(path("/v1.0/users/delta()"));
    delta()
        .and(query_param("$select", "displayName"))
        .and(query_param_is_missing("$skiptoken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(first))
        .expect(1)
        .mount(&server)
        .await;
    delta()
        .and(query_param("$skiptoken", "p2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(last))
        .expect(1)
        .mount(&server)
        .await;
    delta()
        .and(query_param("$deltatoken", "d1"))
        .and(query_param_is_missing("$select"))
        .respond_with(ResponseTemplate::new(200).set_body_json(changes))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    let first_run = run(users_delta(&client)).await;
    let ids: Vec<&str> = first_run
        .iter()
        .filter_map(|c| match c {
            Ok(Change::Item(item)) => item["id"].as_str(),
            _ => None,
        })
        .collect();
    assert_eq!(ids, ["1", "2", "3"]);
    let Some(Ok(Change::DeltaLink(link))) = first_run.last() else { panic!("{first_run:?}") };
    assert_eq!(link, &format!("{base}/v1.0/users/delta()?$deltatoken=d1"));

    // The next run, maybe in another process: from the saved link.
    let second_run = run(users_delta(&client).resume_from(link)).await;
    assert_eq!(second_run.len(), 2, "{second_run:?}");
    assert!(matches!(&second_run[0], Ok(Change::Item(item)) if item["@removed"]["reason"] == "deleted"));
    assert!(matches!(&second_run[1], Ok(Change::DeltaLink(link)) if link.ends_with("$deltatoken=d2")));
}

#[tokio::test]
async fn a_delta_run_without_a_delta_link_ends_in_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [{"id": "1"}]})))
        .mount(&server)
        .await;
    let changes = run(users_delta(&client_for(&server))).await;
    assert!(matches!(&changes[0], Ok(Change::Item(_))));
    assert_eq!(changes[1], Err(Error::NoDeltaLink.to_string()));
}

#[tokio::test]
async fn a_saved_link_to_another_origin_is_not_followed() {
    let server = MockServer::start().await;
    let client = client_for(&server);
    for link in [
        "https://evil.example/v1.0/users/delta()?$deltatoken=x".to_owned(),
        format!("http://user:pw@{}/v1.0/users/delta()", server.address()),
        "not a link".to_owned(),
    ] {
        let changes = run(users_delta(&client).resume_from(&link)).await;
        assert!(matches!(&changes[..], [Err(e)] if e.contains("another origin")), "{link}: {changes:?}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}
