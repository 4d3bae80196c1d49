//! The README's code blocks, compiled INSIDE a client crate generated from real pages and
//! their resource pages (by `tests/tests/readme.rs`, which also checks that each block of the
//! README is here, line for line). One function per block, in the README's order; the
//! variables a block uses are its parameters.

#![allow(unused_variables, unused_mut, unused_imports, unused_assignments, dead_code)]

use std::error::Error as StdError;
use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use graph_client::permissions::{least_privileged_for_calls, Scheme};
use graph_client::runtime::{Change, Page, RetryPolicy};
use graph_client::v1_0::models::{DirectoryObjectKind, Message, User};
use graph_client::v1_0::requests::SendMailBody;
use graph_client::{Client, StaticToken};

type Result = std::result::Result<(), Box<dyn StdError>>;

// README block: use_the_client
async fn use_the_client(token: String, id: String, group: String, device: String, draft: String, message: Message) -> Result {
    use graph_client::{Client, StaticToken};
    use graph_client::permissions::{least_privileged_for_calls, Scheme};

    let client = Client::new(StaticToken::new(token));
    // Typed from the docs: `User`, and a stream of `Message`s across pages.
    let user: User = client.v1().users().by_id(&id).get().select(&["displayName", "mail"]).send().await?;
    let mut messages = client.v1().me().messages().list().top(50).items();
    while let Some(message) = messages.try_next().await? { /* message.subject: Option<String> */ }
    // Anything else: `send_as::<T>()`, `items_as::<T>()`, `send_json()`, `send_raw()`.
    // Derived types: members are `DirectoryObject`s; `into_kind()` reads their `@odata.type`.
    let mut members = client.v1().groups().by_id(&group).members().list().items();
    while let Some(member) = members.try_next().await? {
        if let DirectoryObjectKind::User(user) = member.into_kind() { /* user.mail */ }
    }
    // An action's body: its parameters, typed (`v1_0::requests`); `.json(&value)` sends anything.
    let mail = SendMailBody { message: Some(Box::new(message)), save_to_sent_items: Some(false) };
    client.v1().me().send_mail(&mail).send_no_content().await?;
    // An action documenting no parameters takes no body (a draft's `send`).
    client.v1().me().messages().by_id(&draft).send().send_no_content().await?;
    let reset = client.beta().device_management().managed_devices().by_id(&device).reset_passcode();
    // What the app must be granted, known before anything is sent:
    let consent = least_privileged_for_calls(Scheme::Application, &[reset.permissions()]);
    reset.send_no_content().await?;
    Ok(())
}

// README block: streams
async fn streams(client: &Client) -> Result {
    let mut pages = client.v1().users().list().top(100).pages();
    while let Some(page) = pages.next().await {
        let page = page?;
        println!("{} users on this page", page.value.len());
    }
    Ok(())
}

// README block: downloads
async fn downloads(client: &Client, drive: String, item: String) -> Result {
    // `/content` and `$value` are downloads: `send()` returns the body's bytes.
    let photo: Vec<u8> = client.v1().me().photo().value().get().send().await?;
    let file = client.v1().drives().by_id(&drive).items().by_id(&item).content().get().download().await?;
    std::fs::write("report.docx", &file.body)?;
    let csv = client.v1().reports().get_office365_active_user_counts_with_period_value("D7").download().await?;
    let mut chunks = client.v1().me().drive().items().by_id(&item).content().get().download_stream().await?;
    while let Some(chunk) = chunks.try_next().await? { /* write `chunk` (bytes::Bytes) */ }
    // A small file (up to 4 MB) is uploaded as its bytes, with their content type.
    let uploaded = client.v1().me().drive().items().by_id(&item).content().replace("text/plain", "Hello").send().await?;
    Ok(())
}

// README block: batch
async fn batch(client: &Client) -> Result {
    let mut batch = client.batch();
    let me = batch.add(client.v1().me().get().select(&["displayName"]));
    let inbox = batch.add_after(client.v1().me().messages().list().top(5), &[me.index()]);
    let consent = least_privileged_for_calls(Scheme::DelegatedWork, &batch.permissions());
    let mut results = batch.send().await?;
    let me: User = results.take(me)?;
    let inbox: Page<Message> = results.take(inbox)?;
    Ok(())
}

// README block: uploads
async fn uploads(client: &Client, item: String) -> Result {
    let body = serde_json::json!({"item": {"@microsoft.graph.conflictBehavior": "replace"}});
    let session = client.v1().me().drive().items().by_id(&item).create_upload_session().post(&body).send().await?;
    let upload_url = session.upload_url.unwrap_or_default();
    let file = tokio::fs::File::open("talk.mp4").await?;
    let size = file.metadata().await?.len();
    let mut upload = client.upload_session(&upload_url)?.on_progress(|done, total| println!("{done}/{total}"));
    let item = upload.upload(file, size).await?;
    // After a failure, or in a new program with the saved URL and the file opened again:
    let file = tokio::fs::File::open("talk.mp4").await?;
    let item = client.upload_session(&upload_url)?.resume(file, size).await?;
    Ok(())
}

// README block: delta
async fn delta(client: &Client) -> Result {
    let mut saved_link = None;
    let mut changes = client.v1().users().delta().select(&["displayName"]).changes();
    while let Some(change) = changes.try_next().await? {
        match change {
            Change::Item(user) => { /* user.display_name; removed ones carry `@removed` */ }
            Change::DeltaLink(link) => saved_link = Some(link),
        }
    }
    // Later: only what changed since.
    let link = saved_link.unwrap_or_default();
    let mut changes = client.v1().users().delta().resume_from(&link).changes();
    Ok(())
}

// README block: headers_and_throttling
async fn headers_and_throttling(token: String) -> Result {
    let client = Client::new(StaticToken::new(token))
        .with_timeout(Duration::from_secs(600))
        .with_attempt_timeout(Duration::from_secs(60))
        // Wait out long throttling, but give up on gateway timeouts at once.
        .with_retry_for(429, RetryPolicy { max_total_wait: Duration::from_secs(540), max_delay: Duration::from_secs(300), ..RetryPolicy::default() })
        .with_retry_for(504, RetryPolicy::none());
    Ok(())
}

/// The blocks above are compiled when this file is; this test makes the run count them.
#[test]
fn the_readme_blocks_compile() {
    let blocks: [&str; 7] = [
        "use_the_client",
        "streams",
        "downloads",
        "batch",
        "uploads",
        "delta",
        "headers_and_throttling",
    ];
    assert_eq!(blocks.len(), 7);
}
