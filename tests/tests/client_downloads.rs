//! Downloads through the generated client, on loopback: a GET redirected to a
//! pre-authenticated URL on another host is followed there without credentials, as bytes or
//! as a stream, https only (loopback excepted), a few hops at most, with the body limits.
//!
//! Compiles against `generated/`, which `cargo run -p generator -- docs-input/` writes.

use futures_util::TryStreamExt;
use graph_client::runtime::{Method, Part, RetryPolicy};
use graph_client::{Client, Error, StaticToken};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "download-token-77";

fn client_for(server: &MockServer) -> Client {
    Client::new(StaticToken::new(TOKEN)).with_base_url(server.uri()).unwrap().with_retry(RetryPolicy::none())
}

/// The other host: the same loopback server reached as `localhost` instead of `127.0.0.1`.
fn other_host(server: &MockServer, path_and_query: &str) -> String {
    format!("http://localhost:{}{path_and_query}", server.address().port())
}

/// Graph answering `GET /v1.0/me/drive/items/1/content` with a 302 to `location`.
async fn graph_redirecting_to(location: &str) -> MockServer {
    let graph = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/me/drive/items/1/content"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", location))
        .mount(&graph)
        .await;
    graph
}

/// The file host, answering `body` at `/file`.
async fn file_host(body: &[u8]) -> MockServer {
    let host = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/file"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_vec(), "application/octet-stream"))
        .mount(&host)
        .await;
    host
}

fn content(client: &Client) -> graph_client::runtime::Call<'_> {
    client
        .request(Method::GET, &[Part::Literal("/v1.0/me/drive/items/1/content")])
        .header("X-Tenant-Secret", "tenant-secret-5")
}

/// No header of the second host's requests holds the token or what the caller set.
async fn assert_no_credentials(host: &MockServer) {
    let received: Vec<Request> = host.received_requests().await.unwrap();
    assert!(!received.is_empty(), "the file host was asked");
    for request in received {
        assert!(request.headers.get("authorization").is_none(), "{:?}", request.headers);
        assert!(request.headers.get("x-tenant-secret").is_none(), "{:?}", request.headers);
        for (name, value) in &request.headers {
            let value = value.to_str().unwrap_or_default();
            assert!(!value.contains(TOKEN), "{name}: {value}");
        }
    }
}

#[tokio::test]
async fn a_302_download_is_fetched_from_the_second_host_without_authorization() {
    let host = file_host(b"report,csv\n1,2\n").await;
    let graph = graph_redirecting_to(&other_host(&host, "/file?tempauth=pre-authenticated")).await;
    let client = client_for(&graph);

    let response = content(&client).download().await.unwrap();
    assert_eq!((response.status, response.body.as_slice()), (200, b"report,csv\n1,2\n".as_slice()));
    assert_eq!(response.content_type(), Some("application/octet-stream"));
    assert_no_credentials(&host).await;
    let to_graph: Vec<Request> = graph.received_requests().await.unwrap();
    assert_eq!(to_graph[0].headers.get("authorization").unwrap(), &format!("Bearer {TOKEN}"));

    // The same call for Graph's JSON does not follow: the redirect is an error.
    let error = content(&client).send_raw().await.unwrap_err();
    assert!(matches!(error, Error::Redirect { status: 302, .. }), "{error:?}");
}

#[tokio::test]
async fn a_download_streams_its_chunks() {
    let body: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let host = file_host(&body).await;
    let graph = graph_redirecting_to(&other_host(&host, "/file")).await;
    let client = client_for(&graph);
    let chunks: Vec<_> = content(&client).download_stream().await.unwrap().try_collect().await.unwrap();
    assert_eq!(chunks.concat(), body);
    assert_no_credentials(&host).await;

    // The body limit holds for a stream too.
    let client = client_for(&graph).with_max_body_size(1000);
    let result: Result<Vec<_>, Error> = content(&client).download_stream().await.unwrap().try_collect().await;
    assert!(matches!(result, Err(Error::BodyTooLarge { limit: 1000, .. })), "{result:?}");
    let error = content(&client).download().await.unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge { limit: 1000, .. }), "{error:?}");
}

#[tokio::test]
async fn a_download_is_not_redirected_to_plain_http_or_a_url_with_a_password() {
    for location in
        ["http://files.example.com/file", "https://user:pw@files.example.com/file", "ftp://files.example.com/f"]
    {
        let graph = graph_redirecting_to(location).await;
        let error = content(&client_for(&graph)).download().await.unwrap_err();
        assert!(matches!(error, Error::Redirect { status: 302, .. }), "{location}: {error:?}");
        assert!(!error.to_string().contains("pw@"), "{error}");
    }
}

#[tokio::test]
async fn a_download_follows_a_few_hops_at_most() {
    // The file host redirects to itself under its other name, back and forth, forever.
    let host = MockServer::start().await;
    let port = host.address().port();
    Mock::given(path("/file"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", format!("http://127.0.0.1:{port}/again")))
        .mount(&host)
        .await;
    Mock::given(path("/again"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", format!("http://localhost:{port}/file")))
        .mount(&host)
        .await;
    let graph = graph_redirecting_to(&other_host(&host, "/file")).await;
    let error = content(&client_for(&graph)).download().await.unwrap_err();
    assert!(matches!(error, Error::Redirect { status: 302, .. }), "{error:?}");
    assert_eq!(host.received_requests().await.unwrap().len(), 5, "five hops, then the error");
    assert_no_credentials(&host).await;
}

#[tokio::test]
async fn a_same_origin_redirect_keeps_todays_behaviour() {
    let graph = MockServer::start().await;
    Mock::given(path("/v1.0/me/drive/items/1/content"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/v1.0/files/1"))
        .mount(&graph)
        .await;
    Mock::given(path("/v1.0/files/1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("abc", "text/plain"))
        .mount(&graph)
        .await;
    let response = content(&client_for(&graph)).download().await.unwrap();
    assert_eq!(response.body, b"abc");
    let received = graph.received_requests().await.unwrap();
    assert_eq!(received[1].headers.get("authorization").unwrap(), &format!("Bearer {TOKEN}"));
}
