use super::*;
use crate::emit_rust::emit;
use crate::emit_rust::fixture::{endpoint, page, sourced, src};
use crate::emit_rust::tests::squash;
use crate::model::{Method, Model, TypeDef};

const FILE: &str = "en-us/api-reference/v1.0/api/x.md";

fn param(name: &str, type_name: &str, collection: bool, description: &str, line: u32) -> Property {
    Property {
        name: name.into(),
        type_name: type_name.into(),
        collection,
        description: Some(description.into()),
        source: src(FILE, line),
        link: None,
    }
}

fn action(key: &str, name: &str, resource: &str, path: &str, parameters: Vec<Property>) -> Operation {
    Operation {
        version: ApiVersion::V1,
        key: key.into(),
        name: name.into(),
        resource: resource.into(),
        title: Some(sourced(name, FILE, 1)),
        description: None,
        endpoints: vec![endpoint(Method::Post, path, FILE, 10)],
        permissions: vec![],
        request_headers: vec![],
        body: Body::Expected,
        success_status: None,
        response_type: None,
        request_type: None,
        response_collection_untyped: None,
        request_parameters: parameters,
        examples: Vec::new(),
        pages: vec![page(FILE, "en-us", true)],
    }
}

fn send_mail(key: &str, path: &str) -> Operation {
    action(
        key,
        "sendMail",
        "users",
        path,
        vec![
            param("message", "microsoft.graph.message", false, "The message to send. Required.", 40),
            param("saveToSentItems", "Boolean", false, "Whether to save the message in Sent Items.", 41),
            param("bccRecipients", "microsoft.graph.recipient", true, "Hidden recipients.", 42),
        ],
    )
}

fn forward(key: &str, resource: &str, extra: Option<Property>) -> Operation {
    let mut parameters = vec![param("comment", "String", false, "A comment.", 30)];
    parameters.extend(extra);
    action(key, "forward", resource, &format!("/me/{resource}/{{id}}/forward"), parameters)
}

fn names(calls: &[(&Operation, Vec<Option<String>>)]) -> BTreeMap<String, String> {
    let bodies = build(ApiVersion::V1, calls);
    calls
        .iter()
        .filter_map(|(op, _)| Some((op.key.clone(), bodies.struct_path(op)?.to_string().replace(' ', ""))))
        .collect()
}

/// `{Action}Body`; identical lists of one action share it; one action's different lists
/// are qualified by resource; the names do not depend on the order of the calls, and a
/// page of another action leaves them alone.
#[test]
fn names_come_from_the_action_and_are_qualified_only_where_it_has_two_lists() {
    let (me, users) =
        (send_mail("user-sendmail", "/me/sendMail"), send_mail("user-sendmail-2", "/users/{id}/sendMail"));
    let (message, event) = (
        forward(
            "message-forward",
            "messages",
            Some(param("toRecipients", "microsoft.graph.recipient", true, "To.", 31)),
        ),
        forward("event-forward", "events", None),
    );
    let mut calls: Vec<(&Operation, Vec<Option<String>>)> =
        [&me, &users, &message, &event].into_iter().map(|op| (op, vec![None])).collect();
    let expected: BTreeMap<String, String> = [
        ("user-sendmail", "SendMailBody"),
        ("user-sendmail-2", "SendMailBody"),
        ("message-forward", "MessagesForwardBody"),
        ("event-forward", "EventsForwardBody"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), format!("crate::v1_0::requests::{v}")))
    .collect();
    assert_eq!(names(&calls), expected);
    calls.reverse();
    assert_eq!(names(&calls), expected, "order of the calls");
    let accept = action(
        "event-accept",
        "accept",
        "events",
        "/me/events/{id}/accept",
        vec![param("comment", "String", false, "", 5)],
    );
    calls.push((&accept, vec![None]));
    let mut with_accept = expected.clone();
    with_accept.insert("event-accept".into(), "crate::v1_0::requests::AcceptBody".into());
    assert_eq!(names(&calls), with_accept, "another action's page");
    // Qualified by what the action is bound to, not by its resource (which, for an action
    // of a singleton, is the action itself).
    let on_root =
        action("notify", "notify", "notify", "/deviceManagement/notify", vec![param("a", "String", false, "", 5)]);
    let on_item =
        action("notify-2", "notify", "managedDevices", "/deviceManagement/managedDevices/{id}/notify", vec![]);
    let on_item = Operation { request_parameters: vec![param("b", "Int32", false, "", 6)], ..on_item };
    let bound: Vec<String> = names(&[(&on_root, vec![None]), (&on_item, vec![None])]).into_values().collect();
    assert_eq!(
        bound,
        ["crate::v1_0::requests::DeviceManagementNotifyBody", "crate::v1_0::requests::ManagedDevicesNotifyBody"]
    );
    // An operation with a documented body type, or no parameters, keeps its untyped or model body.
    let mut typed = send_mail("typed", "/me/x/sendMail");
    typed.request_type = Some(crate::model::TypeLink {
        type_name: "microsoft.graph.message".into(),
        collection: None,
        source: src(FILE, 1),
        prose: None,
    });
    let bare = action("bare", "cancel", "events", "/me/events/{id}/cancel", vec![]);
    assert!(names(&[(&typed, vec![None]), (&bare, vec![None])]).is_empty());
}

fn message_type(name: &str) -> TypeDef {
    TypeDef {
        properties: vec![param("subject", "String", false, "The subject.", 3)],
        source: src("en-us/api-reference/v1.0/resources/x.md", 1),
        ..TypeDef::sample(name)
    }
}

/// The emitted struct: `Option` fields named snake_case writing the JSON names, models
/// named through `super::models`, gated by the calls' feature, and the builder method
/// taking it; the models it names are compiled with that feature too.
#[test]
fn the_emitted_body_struct_and_the_method_taking_it() {
    let model = Model {
        types: vec![message_type("message"), message_type("recipient")],
        enums: Vec::new(),
        shared_endpoints: Vec::new(),
        operations: vec![send_mail("user-sendmail", "/users/{id}/sendMail")],
    };
    let files = emit(&model);
    let file = |path: &str| files.iter().find(|f| f.path == path).map(|f| f.contents.clone()).unwrap_or_default();
    let requests = file("src/v1_0/requests.rs");
    insta::assert_snapshot!(requests);
    let users = squash(&file("src/v1_0/users.rs"));
    let method = "pub fn send_mail<B: std::borrow::Borrow<crate::v1_0::requests::SendMailBody>>(&self, body: &B,)";
    assert!(users.contains(&squash(method)), "{users}");
    assert!(users.contains(&squash(".json(body.borrow())")), "{users}");
    assert!(users.contains("[`Call::json`](crate::runtime::Call::json)"), "{users}");
    let module = squash(&file("src/v1_0/mod.rs"));
    assert!(module.contains(&squash("#[cfg(feature = \"v1-users\")] pub mod requests;")), "{module}");
    // `message` is compiled for `v1-users` through the body alone.
    let manifest = file("Cargo.toml");
    let users_line = manifest.lines().find(|l| l.starts_with("v1-users = ")).unwrap_or_default();
    assert!(users_line.contains("\"v1-model.Message\""), "{manifest}");
}

/// Beta's body identical to v1.0's (same name, parameters of the same Rust types) is v1.0's,
/// re-exported, and compiled with beta's features too; one that differs is beta's own.
#[test]
fn identical_beta_bodies_are_v1_bodies_reexported() {
    let beta = |mut op: Operation| {
        op.version = ApiVersion::Beta;
        op
    };
    let mut forward_beta = beta(forward("message-forward", "messages", None));
    forward_beta.request_parameters.push(param("toRecipients", "String", true, "Recipients.", 31));
    let model = Model {
        types: Vec::new(),
        enums: Vec::new(),
        shared_endpoints: Vec::new(),
        operations: vec![
            send_mail("user-sendmail", "/users/{id}/sendMail"),
            beta(send_mail("user-sendmail", "/users/{id}/sendMail")),
            forward("message-forward", "messages", None),
            forward_beta,
        ],
    };
    let files = emit(&model);
    let file =
        |path: &str| squash(&files.iter().find(|f| f.path == path).map(|f| f.contents.clone()).unwrap_or_default());
    let beta_requests = file("src/beta/requests.rs");
    assert!(beta_requests.contains(&squash("pub use crate::v1_0::requests::SendMailBody;")), "{beta_requests}");
    assert!(beta_requests.contains("pubstructForwardBody"), "a different list stays beta's own: {beta_requests}");
    let v1_requests = file("src/v1_0/requests.rs");
    let gate = squash(
        r#"#[cfg(any(feature = "beta-users", feature = "v1-users"))] #[derive(Debug, Clone, Default)] pub struct SendMailBody"#,
    );
    assert!(v1_requests.contains(&gate), "{v1_requests}");
    let v1_module = file("src/v1_0/mod.rs");
    // `forward` is v1.0's under `v1-me`; beta's own `forward` adds nothing to v1.0's module.
    let module_gate =
        r#"#[cfg(any(feature = "beta-users", feature = "v1-me", feature = "v1-users"))] pub mod requests;"#;
    assert!(v1_module.contains(&squash(module_gate)), "{v1_module}");
}
