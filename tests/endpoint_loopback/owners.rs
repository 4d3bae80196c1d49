//! Compiled and run INSIDE a client crate generated from real en-2021 pages (by
//! `tests/tests/endpoint_loopback.rs`): pages that document the same `METHOD /path` side by
//! side (Intune's copies of the user pages, extended-property pages, a derived type's pages),
//! so each call below must be bound to the page that owns it: its type decodes, and its
//! permissions are that page's, through the call and through the lookup.

use futures_util::TryStreamExt;
use graph_client::permissions::{least_privileged, least_privileged_for_calls, Scheme};
use graph_client::runtime::Call;
use graph_client::v1_0::models::{DriveItem, Event, MailFolder, Message, Site, User};
use graph_client::{Client, StaticToken};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client_for(server: &MockServer) -> Client {
    Client::new(StaticToken::new("token")).with_base_url(server.uri()).expect("loopback is allowed")
}

async fn answer(server: &MockServer, verb: &str, at: &str, body: serde_json::Value) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

/// The least privileged delegated (work) permission a call carries.
fn least<R>(call: &Call<'_, R>) -> Vec<&'static str> {
    least_privileged_for_calls(Scheme::DelegatedWork, &[call.permissions()]).into_iter().collect()
}

/// The lookup's answer for a request, as an app computing its consent list asks it.
fn looked_up(verb: &str, request: &str) -> Option<&'static [&'static str]> {
    least_privileged(verb, request, Scheme::DelegatedWork)
}

#[tokio::test]
async fn list_users_pages_users_and_asks_for_user_readbasic_all() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/v1.0/users", json!({"value": [{"displayName": "Adele"}, {"displayName": "Alex"}]})).await;
    let client = client_for(&server);
    let call = client.v1().users().list();
    assert_eq!(least(&call), ["User.ReadBasic.All"]);
    assert_eq!(looked_up("GET", "/v1.0/users"), Some(&["User.ReadBasic.All"][..]));
    let users: Vec<User> = call.items().try_collect().await.expect("a page of users");
    let names: Vec<_> = users.iter().filter_map(|u| u.display_name.as_deref()).collect();
    assert_eq!(names, ["Adele", "Alex"]);
}

#[tokio::test]
async fn create_user_is_the_directory_page_not_intunes_copy() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/v1.0/users", json!({"id": "u1", "displayName": "Adele"})).await;
    let client = client_for(&server);
    let user = User { display_name: Some("Adele".into()), ..User::default() };
    let call = client.v1().users().create(&user);
    assert_eq!(least(&call), ["User.ReadWrite.All"]);
    assert_eq!(looked_up("POST", "/v1.0/users"), Some(&["User.ReadWrite.All"][..]));
    let created: User = call.send().await.expect("the created user");
    assert_eq!(created.id.as_deref(), Some("u1"));
}

#[tokio::test]
async fn me_is_one_user() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/v1.0/me", json!({"displayName": "Megan"})).await;
    let client = client_for(&server);
    let call = client.v1().me().get();
    assert_eq!(least(&call), ["User.Read"]);
    let me: User = call.send().await.expect("one user");
    assert_eq!(me.display_name.as_deref(), Some("Megan"));
}

#[tokio::test]
async fn my_messages_are_messages_read_with_mail_readbasic() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/v1.0/me/messages", json!({"value": [{"subject": "Lunch?"}]})).await;
    answer(&server, "GET", "/v1.0/me/messages/m1", json!({"id": "m1", "subject": "Lunch?"})).await;
    answer(&server, "PATCH", "/v1.0/me/messages/m1", json!({"id": "m1", "isRead": true})).await;
    let client = client_for(&server);
    let messages = client.v1().me().messages();

    let list = messages.list();
    assert_eq!(least(&list), ["Mail.ReadBasic"]);
    let listed: Vec<Message> = list.items().try_collect().await.expect("a page of messages");
    assert_eq!(listed[0].subject.as_deref(), Some("Lunch?"));

    let get = messages.by_id("m1").get();
    assert_eq!(least(&get), ["Mail.ReadBasic"]);
    let one: Message = get.send().await.expect("one message");
    assert_eq!(one.id.as_deref(), Some("m1"));

    // Not "Create multi-value extended property" (Calendars.ReadWrite), which documents it too.
    let update = messages.by_id("m1").update(&Message { is_read: Some(true), ..Message::default() });
    assert_eq!(least(&update), ["Mail.ReadWrite"]);
    assert_eq!(looked_up("PATCH", "/v1.0/me/messages/m1"), Some(&["Mail.ReadWrite"][..]));
    let updated: Message = update.send().await.expect("the updated message");
    assert_eq!(updated.is_read, Some(true));
}

#[tokio::test]
async fn my_events_and_mail_folders_are_their_own_types() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/v1.0/me/events", json!({"value": [{"subject": "Standup"}]})).await;
    answer(&server, "GET", "/v1.0/me/mailFolders", json!({"value": [{"displayName": "Inbox"}]})).await;
    let client = client_for(&server);
    let events = client.v1().me().events().list();
    assert_eq!(least(&events), ["Calendars.Read"]);
    let events: Vec<Event> = events.items().try_collect().await.expect("events");
    assert_eq!(events[0].subject.as_deref(), Some("Standup"));
    let folders: Vec<MailFolder> = client.v1().me().mail_folders().list().items().try_collect().await.expect("folders");
    assert_eq!(folders[0].display_name.as_deref(), Some("Inbox"));
}

/// `GET /sites/{site-id}` and `GET /me/drive/root/children`: their pages call them only in
/// their examples.
#[tokio::test]
async fn endpoints_documented_in_examples_are_calls() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/v1.0/sites/s1", json!({"id": "s1", "displayName": "Team"})).await;
    answer(&server, "GET", "/v1.0/me/drive/root/children", json!({"value": [{"name": "a.txt"}]})).await;
    let client = client_for(&server);
    let site = client.v1().sites().by_id("s1").get();
    assert_eq!(least(&site), ["Sites.Read.All"]);
    let site: Site = site.send().await.expect("one site");
    assert_eq!(site.display_name.as_deref(), Some("Team"));
    let children: Vec<DriveItem> =
        client.v1().me().drive().root().children().list().items().try_collect().await.expect("children");
    assert_eq!(children[0].name.as_deref(), Some("a.txt"));
}

/// calendarView's two required query parameters are the method's arguments.
#[tokio::test]
async fn calendar_view_takes_its_time_range() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/users/u1/calendarView"))
        .and(query_param("startDateTime", "2021-07-01T00:00:00Z"))
        .and(query_param("endDateTime", "2021-07-02T00:00:00Z"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [{"subject": "Review"}]})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let view = client.v1().users().by_id("u1").calendar_view().list("2021-07-01T00:00:00Z", "2021-07-02T00:00:00Z");
    let events: Vec<Event> = view.items().try_collect().await.expect("the events in range");
    assert_eq!(events[0].subject.as_deref(), Some("Review"));
}
