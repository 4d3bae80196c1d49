//! Compiled and run INSIDE a client crate generated from real pages of
//! `../shared/corpus/en-2021` (by `tests/tests/corpus_loopback.rs`, which also writes
//! `corpus_facts.json` beside this file: the permissions tables and example requests it read
//! from those pages). Each test calls through the generated builders, written as a user
//! writes them, against a wiremock server on loopback.

use futures_util::TryStreamExt;
use graph_client::permissions::{Requirement, Scheme};
use graph_client::runtime::Call;
use graph_client::v1_0::requests::{ReplyBody, SendMailBody};
use graph_client::{Client, Error, StaticToken};
use serde_json::{json, Value};
use wiremock::matchers::{body_bytes, body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "corpus-loopback-token";
const BEARER: &str = "Bearer corpus-loopback-token";
/// The message id of message-get.md's first example (`=` must be percent-encoded).
const MESSAGE_ID: &str = "AAMkADhMGAAA=";
const MESSAGE_ID_SENT: &str = "AAMkADhMGAAA%3D";
const USER: &str = "adele@contoso.com";
const USER_SENT: &str = "adele%40contoso.com";

/// What the outer test read from the pages.
fn facts() -> Value {
    serde_json::from_str(include_str!("corpus_facts.json")).expect("corpus_facts.json is JSON")
}

/// The example request of `page` that the outer test found: method, path, body.
fn example(page: &str) -> Value {
    let example = facts()["examples"][page].clone();
    assert!(example.is_object(), "no example request read from {page}");
    example
}

fn client_for(server: &MockServer) -> Client {
    Client::new(StaticToken::new(TOKEN)).with_base_url(server.uri()).expect("loopback is allowed")
}

/// `METHOD /path?query` of every request the server received, in order.
async fn wire(server: &MockServer) -> Vec<String> {
    let requests: Vec<Request> = server.received_requests().await.expect("recording is on");
    requests
        .iter()
        .map(|r| match r.url.query() {
            Some(query) => format!("{} {}?{query}", r.method, r.url.path()),
            None => format!("{} {}", r.method, r.url.path()),
        })
        .collect()
}

#[tokio::test]
async fn list_users_with_select_and_top_pages_through_three_next_links() {
    let server = MockServer::start().await;
    let query = "$select=displayName,mail&$top=2";
    let next_link = |token: &str| format!("{}/v1.0/users?{query}&$skiptoken={token}", server.uri());
    let user = |n: u32| json!({"displayName": format!("User {n}"), "mail": format!("user{n}@contoso.com")});
    let pages = [
        (None, json!({"value": [user(1), user(2)], "@odata.nextLink": next_link("page2")})),
        (Some("page2"), json!({"value": [user(3), user(4)], "@odata.nextLink": next_link("page3")})),
        (Some("page3"), json!({"value": [user(5)]})),
    ];
    for (skiptoken, body) in pages {
        let mock = Mock::given(method("GET"))
            .and(path("/v1.0/users"))
            .and(query_param("$select", "displayName,mail"))
            .and(query_param("$top", "2"))
            .and(header("authorization", BEARER));
        let mock = match skiptoken {
            Some(token) => mock.and(query_param("$skiptoken", token)),
            None => mock.and(query_param_is_missing("$skiptoken")),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body)).expect(1).mount(&server).await;
    }

    let client = client_for(&server);
    let users: Vec<Value> = client
        .v1()
        .users()
        .list()
        .select(&["displayName", "mail"])
        .top(2)
        .items_as::<Value>()
        .try_collect()
        .await
        .expect("three pages");

    let names: Vec<&str> = users.iter().filter_map(|u| u["displayName"].as_str()).collect();
    assert_eq!(names, ["User 1", "User 2", "User 3", "User 4", "User 5"]);
    assert_eq!(
        wire(&server).await,
        [
            format!("GET /v1.0/users?{query}"),
            format!("GET /v1.0/users?{query}&$skiptoken=page2"),
            format!("GET /v1.0/users?{query}&$skiptoken=page3"),
        ]
    );
    // `$select` and `$top` are not advanced queries: no ConsistencyLevel header.
    let requests = server.received_requests().await.expect("recording is on");
    assert!(requests.iter().all(|r| !r.headers.contains_key("consistencylevel")), "{requests:?}");
}

#[tokio::test]
async fn get_a_message_of_a_user_and_of_me() {
    let server = MockServer::start().await;
    let message = json!({"id": MESSAGE_ID, "subject": "Quarterly report"});
    let by_user = format!("/v1.0/users/{USER_SENT}/messages/{MESSAGE_ID_SENT}");
    let by_me = format!("/v1.0/me/messages/{MESSAGE_ID_SENT}");
    for expected in [&by_user, &by_me] {
        Mock::given(method("GET"))
            .and(path(expected.as_str()))
            .and(header("authorization", BEARER))
            .and(header("accept", "application/json"))
            .respond_with(ResponseTemplate::new(200).set_body_json(&message))
            .expect(1)
            .mount(&server)
            .await;
    }

    let client = client_for(&server);
    let of_user = client.v1().users().by_id(USER).messages().by_id(MESSAGE_ID).get().send_json().await;
    let of_me = client.v1().me().messages().by_id(MESSAGE_ID).get().send_json().await;

    assert_eq!(of_user.expect("200"), message);
    assert_eq!(of_me.expect("200"), message);
    assert_eq!(wire(&server).await, [format!("GET {by_user}"), format!("GET {by_me}")]);
}

/// The typed body (`SendMailBody`, from the page's parameter table) writes the parameters'
/// JSON names and only those set; `.json(..)` replaces it with the page's example as written.
#[tokio::test]
async fn send_mail_posts_the_pages_example_body_and_202_is_success() {
    let example = example("user-sendmail.md");
    assert_eq!(example["method"], "POST");
    assert_eq!(example["path"], "/v1.0/me/sendMail");
    let mail = &example["body"];
    assert!(mail["message"]["subject"].is_string(), "the example sends a message: {mail}");
    let typed = SendMailBody { message: Some(mail["message"].clone()), save_to_sent_items: Some(false) };
    let server = MockServer::start().await;
    let bodies = [
        ("/v1.0/me/sendMail".to_owned(), json!({"message": mail["message"], "saveToSentItems": false})),
        (format!("/v1.0/users/{USER_SENT}/sendMail"), mail.clone()),
    ];
    for (expected, body) in &bodies {
        Mock::given(method("POST"))
            .and(path(expected.as_str()))
            .and(header("authorization", BEARER))
            .and(header("content-type", "application/json"))
            .and(body_json(body))
            // What the page documents: 202 Accepted, no body.
            .respond_with(ResponseTemplate::new(202))
            .expect(1)
            .mount(&server)
            .await;
    }

    let client = client_for(&server);
    let from_me = client.v1().me().send_mail(&typed).send_no_content().await;
    let untyped = client.v1().users().by_id(USER).send_mail(&SendMailBody::default()).json(mail);
    let from_user = untyped.send_no_content().await;

    assert!(matches!(from_me, Ok(())), "{from_me:?}");
    assert!(matches!(from_user, Ok(())), "{from_user:?}");
}

/// driveitem-get.md's `GET /me/drive/root:/{item-path}`: the path's `/` walk the folders,
/// each folder and file name is percent-encoded (a space, `#`, `%`), and a `..` in the path is
/// refused before anything is sent.
#[tokio::test]
async fn a_drive_item_path_keeps_its_folders_and_encodes_each_name() {
    let server = MockServer::start().await;
    let expected = "/v1.0/me/drive/root:/Documents/Q1%20%23%25/report.docx";
    Mock::given(method("GET"))
        .and(path(expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1", "name": "report.docx"})))
        .expect(2)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let root = client.v1().me().drive().root();
    let plain = root.by_item_path("Documents/Q1 #%/report.docx").get().send_json().await;
    // The template has the leading `/` already: one given again is not an empty folder name.
    let slashed = root.by_item_path("/Documents/Q1 #%/report.docx").get().send_json().await;
    assert!(plain.is_ok() && slashed.is_ok(), "{plain:?} {slashed:?}: {:?}", wire(&server).await);
    for escaping in ["Documents/../../secrets", "Documents//report.docx", "Documents/."] {
        let result = root.by_item_path(escaping).get().send_json().await;
        assert!(matches!(result, Err(Error::InvalidParameter { .. })), "{escaping}: {result:?}");
    }
    assert_eq!(wire(&server).await, [format!("GET {expected}"), format!("GET {expected}")]);
}

#[tokio::test]
async fn report_function_carries_its_argument_in_the_path() {
    let example = example("reportroot-getoffice365activeusercounts.md");
    let expected = example["path"].as_str().expect("a path");
    assert_eq!(expected, "/v1.0/reports/getOffice365ActiveUserCounts(period='D7')");
    let server = MockServer::start().await;
    // What the page documents: 302 to a pre-authenticated download URL on another host.
    let download = "https://reports.example.invalid/report.csv?sig=secret";
    Mock::given(method("GET"))
        .and(path(expected))
        .and(header("authorization", BEARER))
        .respond_with(ResponseTemplate::new(302).insert_header("location", download))
        .expect(1)
        .mount(&server)
        .await;

    let client = client_for(&server);
    let result = client.v1().reports().get_office365_active_user_counts_with_period_value("D7").send_raw().await;

    match result {
        Err(Error::Redirect { status: 302, location }) => assert_eq!(location, download),
        other => panic!("the download URL is the caller's to fetch, got {other:?}"),
    }
    assert_eq!(wire(&server).await, [format!("GET {expected}")]);
}

#[tokio::test]
async fn a_report_download_is_fetched_from_the_other_host_without_the_token() {
    let expected = "/v1.0/reports/getOffice365ActiveUserCounts(period='D7')";
    let graph = MockServer::start().await;
    let files = MockServer::start().await;
    // Another origin: the file server under the name `localhost`.
    let location = format!("http://localhost:{}/report.csv?sig=secret", files.address().port());
    Mock::given(method("GET"))
        .and(path(expected))
        .and(header("authorization", BEARER))
        .respond_with(ResponseTemplate::new(302).insert_header("location", location.as_str()))
        .expect(1)
        .mount(&graph)
        .await;
    Mock::given(method("GET"))
        .and(path("/report.csv"))
        .and(query_param("sig", "secret"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("Report Refresh Date,Office 365\n", "application/octet-stream"))
        .expect(1)
        .mount(&files)
        .await;

    let client = client_for(&graph);
    let report = client.v1().reports().get_office365_active_user_counts_with_period_value("D7").download().await.expect("downloaded");

    assert_eq!(report.body, b"Report Refresh Date,Office 365\n");
    let received: Vec<Request> = files.received_requests().await.expect("recording is on");
    assert!(received[0].headers.get("authorization").is_none(), "{:?}", received[0].headers);
}

/// What `call.permissions()` says per scheme, in the form the outer test read the page's
/// table in: the permissions from least to most privileged, or "not supported".
fn reported(call: &Call<'_>, scheme: Scheme) -> Value {
    let tables = call.permissions();
    assert_eq!(tables.len(), 1, "one unscoped table on each of these pages: {tables:?}");
    assert_eq!(tables[0].scope, None);
    match tables[0].requirement(scheme) {
        Requirement::Permissions { least, higher } => {
            // These pages list one permission first, the least privileged.
            assert_eq!(least.len(), 1, "{scheme:?}: {least:?}");
            json!(least.iter().chain(higher.iter()).collect::<Vec<_>>())
        }
        Requirement::NotSupported => json!("not supported"),
        Requirement::Unspecified => panic!("{scheme:?}: the pages answer every scheme"),
    }
}

#[test]
fn each_call_reports_the_permissions_its_page_lists() {
    let client = Client::new(StaticToken::new(TOKEN));
    let calls = [
        ("user-list.md", client.v1().users().list()),
        ("message-get.md", client.v1().me().messages().by_id(MESSAGE_ID).get()),
        ("message-get.md", client.v1().users().by_id(USER).messages().by_id(MESSAGE_ID).get()),
        ("user-sendmail.md", client.v1().me().send_mail(&SendMailBody::default())),
        ("reportroot-getoffice365activeusercounts.md", client.v1().reports().get_office365_active_user_counts_with_period_value("D7")),
        ("driveitem-get.md", client.v1().drives().by_id("drive").items().by_id("item").get()),
        ("driveitem-get.md", client.v1().me().drive().root().by_item_path("Documents/report.docx").get()),
    ];
    let facts = facts();
    let documented = facts["permissions"].as_object().expect("permissions per page");
    for (page, call) in &calls {
        for scheme in Scheme::ALL {
            let listed = &documented[*page][scheme.as_str()];
            assert_eq!(reported(call, scheme), *listed, "{page}, {scheme:?}");
        }
    }
    // Every page the outer test read is checked.
    for page in documented.keys() {
        assert!(calls.iter().any(|(p, _)| p == page), "{page} has no call here");
    }
}

/// The other origin of a download: the same loopback server as `localhost`.
fn on_other_host(server: &MockServer, path_and_query: &str) -> String {
    format!("http://localhost:{}{path_and_query}", server.address().port())
}

/// No request `host` received carries the token.
async fn assert_no_token(host: &MockServer) {
    let received: Vec<Request> = host.received_requests().await.expect("recording is on");
    assert!(!received.is_empty(), "the other host was asked");
    for request in received {
        assert!(request.headers.get("authorization").is_none(), "{:?}", request.headers);
    }
}

/// driveitem-get-content.md: `GET .../content` is typed a download; Graph's `302 Found` to a
/// pre-authenticated URL on another origin is followed there without the token, and `send`
/// returns the file's bytes (also by item path, `root:/{item-path}:/content`).
#[tokio::test]
async fn a_file_download_follows_the_302_to_another_origin_without_the_token() {
    let graph = MockServer::start().await;
    let files = MockServer::start().await;
    let location = on_other_host(&files, "/download/report.docx?tempauth=pre-authenticated");
    // By id: `send` then `download`; by path: `send`.
    for (from, times) in [("/v1.0/me/drive/items/item-1/content", 2), ("/v1.0/me/drive/root:/Documents/Q1%20report.docx:/content", 1)] {
        Mock::given(method("GET"))
            .and(path(from))
            .and(header("authorization", BEARER))
            .respond_with(ResponseTemplate::new(302).insert_header("location", location.as_str()))
            .expect(times)
            .mount(&graph)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/download/report.docx"))
        .and(query_param("tempauth", "pre-authenticated"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"PK\x03\x04 docx".to_vec(), "application/octet-stream"))
        .expect(3)
        .mount(&files)
        .await;

    let client = client_for(&graph);
    let by_id: Vec<u8> = client.v1().me().drive().items().by_id("item-1").content().get().send().await.expect("downloaded");
    let by_path = client.v1().me().drive().root().item_with_item_path("Documents/Q1 report.docx").content().get();
    let by_path: Vec<u8> = by_path.send().await.expect("downloaded");
    // `download` keeps the status and headers of the file host's answer.
    let response = client.v1().me().drive().items().by_id("item-1").content().get().download().await;

    assert_eq!(by_id, b"PK\x03\x04 docx");
    assert_eq!(by_path, b"PK\x03\x04 docx");
    let response = response.expect("downloaded");
    assert_eq!((response.status, response.content_type()), (200, Some("application/octet-stream")));
    assert_no_token(&files).await;
}

/// profilephoto-get.md: `GET /me/photo/$value` answers `200` with the image itself, not JSON;
/// `GET /me/photo` stays the JSON metadata.
#[tokio::test]
async fn a_photo_value_is_its_bytes_and_the_photo_its_metadata() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/me/photo/$value"))
        .and(header("authorization", BEARER))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![0xFF, 0xD8, 0xFF, 0xE0], "image/jpeg"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/me/photo"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "240X240", "height": 240, "width": 240})))
        .expect(1)
        .mount(&server)
        .await;

    let client = client_for(&server);
    let photo: Vec<u8> = client.v1().me().photo().value().get().send().await.expect("the photo");
    let metadata = client.v1().me().photo().get().send_json().await.expect("the metadata");

    assert_eq!(photo, [0xFF, 0xD8, 0xFF, 0xE0]);
    assert_eq!(metadata["width"], 240);
}

/// driveitem-put-content.md: `PUT .../content` sends the file's bytes as they are, with the
/// content type given, not JSON.
#[tokio::test]
async fn a_small_upload_puts_the_bytes_with_their_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1.0/me/drive/items/item-1/content"))
        .and(header("authorization", BEARER))
        .and(header("content-type", "text/plain"))
        .and(body_bytes(b"The contents of the file goes here.".to_vec()))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "item-1", "name": "FileB.txt"})))
        .expect(1)
        .mount(&server)
        .await;

    let client = client_for(&server);
    let call = client.v1().me().drive().items().by_id("item-1").content().replace("text/plain", "The contents of the file goes here.");
    let item = call.send_json().await.expect("uploaded");

    assert_eq!(item["name"], "FileB.txt");
}

/// message-send.md and message-createreply.md document no parameters and send no body in
/// their examples: the calls take no body argument and send none. message-reply.md documents
/// `comment` and `message`: it takes its typed body.
#[tokio::test]
async fn a_drafts_actions_take_a_body_only_where_the_page_documents_parameters() {
    let server = MockServer::start().await;
    let draft = format!("/v1.0/me/messages/{MESSAGE_ID_SENT}");
    Mock::given(method("POST"))
        .and(path(format!("{draft}/send")))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{draft}/createReply")))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "reply-1", "isDraft": true})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{draft}/reply")))
        .and(body_json(json!({"comment": "Thanks!"})))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;

    let client = client_for(&server);
    let message = client.v1().me().messages().by_id(MESSAGE_ID);
    let sent = message.send().send_no_content().await;
    let reply = message.create_reply().send_json().await.expect("a reply draft");
    let replied = message.reply(&ReplyBody { comment: Some("Thanks!".to_owned()), ..ReplyBody::default() }).send_no_content().await;

    assert!(matches!(sent, Ok(())), "{sent:?}");
    assert_eq!(reply["id"], "reply-1");
    assert!(matches!(replied, Ok(())), "{replied:?}");
    let requests: Vec<Request> = server.received_requests().await.expect("recording is on");
    assert!(requests[0].body.is_empty() && requests[1].body.is_empty(), "no body for send and createReply");
}
