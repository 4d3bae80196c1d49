//! The owner of an endpoint several operations document, rule by rule, on small models.

use super::*;
use crate::model::{Body, Contributor, Property, Sourced, TypeLink};

fn source(file: &str) -> crate::model::Source {
    crate::model::Source { file: file.into(), line: 1 }
}

/// An operation of `file` (its page) at `METHOD path[?query]`, returning `returns` (`message`,
/// `message*` for a collection) and asking for `least` in every scheme.
fn op(file: &str, endpoint: &str, returns: Option<&str>, least: &str) -> Operation {
    let (method, rest) = endpoint.split_once(' ').unwrap();
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query.to_owned())),
        None => (rest, None),
    };
    let page = format!("api/{file}.md");
    let scheme = || SchemePermissions::Permissions {
        least: vec![Sourced::new(least.to_owned(), source(&page))],
        higher: Vec::new(),
    };
    Operation {
        version: ApiVersion::V1,
        key: file.into(),
        name: file.into(),
        resource: "x".into(),
        title: None,
        description: None,
        endpoints: vec![Endpoint::new(Method::parse(method).unwrap(), path.into(), query, source(&page))],
        permissions: vec![PermissionTable {
            scope: None,
            delegated_work: scheme(),
            delegated_personal: scheme(),
            application: scheme(),
            source: source(&page),
        }],
        request_headers: Vec::new(),
        body: Body::None,
        success_status: None,
        response_type: returns.map(|r| TypeLink {
            type_name: format!("microsoft.graph.{}", r.trim_end_matches('*')),
            collection: Some(r.ends_with('*')),
            source: source(&page),
            prose: None,
        }),
        request_type: None,
        response_collection_untyped: None,
        request_parameters: Vec::new(),
        examples: Vec::new(),
        pages: vec![Contributor { file: page, locale: "en-us".into(), authoritative: true }],
    }
}

/// `user` with `messages` (a collection of `message`), `message`, `eventMessage`, `post`.
fn mail_types() -> Vec<TypeDef> {
    let relationship = |name: &str, target: &str| Property {
        name: name.into(),
        type_name: target.into(),
        collection: true,
        description: None,
        source: source("r.md"),
        link: None,
    };
    vec![
        TypeDef { relationships: vec![relationship("messages", "message")], ..TypeDef::sample("user") },
        TypeDef::sample("message"),
        TypeDef { base_type: Some("microsoft.graph.message".into()), ..TypeDef::sample("eventMessage") },
        TypeDef::sample("post"),
    ]
}

fn resolved(operations: Vec<Operation>) -> (Model, Vec<Diagnostic>) {
    let mut model = Model { operations, types: mail_types(), ..Model::default() };
    let found = resolve(&mut model, &SourceMap::new());
    (model, found)
}

fn shared<'m>(model: &'m Model, method: Method, path: &str) -> &'m SharedEndpoint {
    EndpointIndex::new(&model.shared_endpoints).get(ApiVersion::V1, method, path).expect("a shared endpoint")
}

fn rules(endpoint: &SharedEndpoint) -> Vec<(&str, VariantRule)> {
    endpoint.variants.iter().map(|v| (v.key.as_str(), v.rule)).collect()
}

use crate::model::EndpointIndex;

#[test]
fn a_request_line_with_a_query_documents_a_variant() {
    let (model, found) = resolved(vec![
        op("user-list-manager", "GET /me?$expand=manager", Some("user"), "User.Read.All"),
        op("user-get", "GET /me", Some("user"), "User.Read"),
        op("user-list", "GET /users", Some("user*"), "User.ReadBasic.All"),
    ]);
    let me = shared(&model, Method::Get, "/me");
    assert_eq!((me.primary.as_str(), me.resolution), ("user-get", Resolution::Decided));
    assert_eq!(rules(me), [("user-list-manager", VariantRule::QueryString)]);
    assert!(found.is_empty(), "{found:?}");
    // An endpoint only one operation documents is not listed.
    assert_eq!(model.shared_endpoints.len(), 1);
}

#[test]
fn the_type_the_path_reaches_decides_against_derived_types_and_other_resources() {
    let (model, _) = resolved(vec![
        op("eventmessage-update", "PATCH /me/messages/{id}", Some("eventMessage"), "Mail.ReadWrite"),
        op("message-update", "PATCH /me/messages/{id}", Some("message"), "Mail.ReadWrite"),
        op("extendedproperty-post", "PATCH /me/messages/{id}", Some("post"), "Calendars.ReadWrite"),
        // `/me` is typed by its own GET page.
        op("user-get", "GET /me", Some("user"), "User.Read"),
    ]);
    let patch = shared(&model, Method::Patch, "/me/messages/{message-id}");
    assert_eq!(patch.primary, "message-update");
    assert_eq!(patch.resolution, Resolution::Decided);
    assert_eq!(
        rules(patch),
        [("eventmessage-update", VariantRule::PathType), ("extendedproperty-post", VariantRule::PathType)]
    );
}

#[test]
fn a_list_page_owns_a_collection_path_and_a_get_page_an_item() {
    let (model, _) = resolved(vec![
        op("message-get", "GET /me/messages", Some("message"), "Mail.Read"),
        op("user-list-messages", "GET /me/messages", Some("message*"), "Mail.ReadBasic"),
        op("user-get", "GET /me", Some("user"), "User.Read"),
    ]);
    let list = shared(&model, Method::Get, "/me/messages");
    assert_eq!(
        (list.primary.as_str(), rules(list)),
        ("user-list-messages", vec![("message-get", VariantRule::PathType)])
    );
}

#[test]
fn a_page_named_after_the_type_ranks_above_copies_named_otherwise() {
    let (model, _) = resolved(vec![
        op("intune-devices-user-create", "POST /users", Some("user"), "DeviceManagementManagedDevices.ReadWrite.All"),
        op("intune-mam-user-create", "POST /users", Some("user"), "DeviceManagementApps.ReadWrite.All"),
        op("user-post-users", "POST /users", Some("user"), "User.ReadWrite.All"),
    ]);
    let post = shared(&model, Method::Post, "/users");
    assert_eq!(post.primary, "user-post-users");
    assert!(rules(post).iter().all(|(_, rule)| *rule == VariantRule::TypePage), "{post:?}");
}

#[test]
fn a_family_of_copies_ranks_below_a_family_documenting_its_own() {
    // No type to go by (DELETE): the `copies-user` family documents nothing of its own.
    let (model, _) = resolved(vec![
        op("copies-user-delete", "DELETE /users/{id}", None, "A.ReadWrite.All"),
        op("copies-user-get", "GET /users/{id}", None, "A.Read.All"),
        op("copies-user-list", "GET /users", None, "A.Read.All"),
        op("people-delete", "DELETE /users/{id}", None, "User.ReadWrite.All"),
        op("people-get", "GET /users/{id}", None, "User.Read.All"),
        op("people-list", "GET /users", None, "User.Read.All"),
        op("people-reset", "POST /users/{id}/reset", None, "User.ReadWrite.All"),
        op("people-wipe", "POST /users/{id}/wipe", None, "User.ReadWrite.All"),
    ]);
    let delete = shared(&model, Method::Delete, "/users/{id}");
    assert_eq!(
        (delete.primary.as_str(), rules(delete)),
        ("people-delete", vec![("copies-user-delete", VariantRule::CopyFamily)])
    );
}

#[test]
fn pages_that_agree_need_no_decision() {
    let (model, found) = resolved(vec![
        op("conversation-get", "GET /groups/{id}/conversations/{id}", None, "Group.Read.All"),
        op("group-get-conversation", "GET /groups/{id}/conversations/{id}", None, "Group.Read.All"),
    ]);
    let get = shared(&model, Method::Get, "/groups/{id}/conversations/{id}");
    assert_eq!(get.resolution, Resolution::Agreed);
    assert_eq!(rules(get), [("group-get-conversation", VariantRule::SameFacts)]);
    assert!(found.is_empty());
}

#[test]
fn pages_that_disagree_with_nothing_to_decide_leave_the_endpoint_undecided_and_say_so() {
    let (model, found) = resolved(vec![
        op("chat-post-messages", "POST /chats/{chat-id}/messages", None, "ChatMessage.Send"),
        op("chatmessage-post", "POST /chats/{id}/messages", None, "Chat.ReadWrite"),
    ]);
    let post = shared(&model, Method::Post, "/chats/{id}/messages");
    assert_eq!(post.resolution, Resolution::Undecided);
    assert_eq!(rules(post), [("chatmessage-post", VariantRule::Undecided)]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, Code::EndpointDocumentedDifferently);
    assert!(found[0].notes[0].contains("api/chat-post-messages.md, api/chatmessage-post.md"), "{:?}", found[0]);
}

#[test]
fn the_decision_does_not_depend_on_the_order_of_the_operations() {
    let operations = vec![
        op("user-list-manager", "GET /users?$expand=manager", Some("user"), "User.Read.All"),
        op("intune-devices-user-list", "GET /users", Some("user*"), "DeviceManagementManagedDevices.Read.All"),
        op("user-list", "GET /users", Some("user*"), "User.ReadBasic.All"),
    ];
    let (forward, _) = resolved(operations.clone());
    let (backward, _) = resolved(operations.into_iter().rev().collect());
    assert_eq!(forward.shared_endpoints, backward.shared_endpoints);
    assert_eq!(forward.shared_endpoints[0].primary, "user-list");
}

#[test]
fn paths_are_typed_through_roots_relationships_keys_and_casts() {
    let model = Model {
        operations: vec![op("user-get", "GET /users/{id}", Some("user"), "User.Read")],
        types: mail_types(),
        ..Model::default()
    };
    let typer = PathTyper::new(&model, ApiVersion::V1);
    assert_eq!(typer.walk("/users"), Some(("user".into(), true)));
    assert_eq!(typer.walk("/Users/{id}/Messages"), Some(("message".into(), true)));
    assert_eq!(typer.walk("/users/{id}/messages/{id}"), Some(("message".into(), false)));
    assert_eq!(typer.walk("/users/{id}/messages/microsoft.graph.eventMessage"), Some(("eventmessage".into(), true)));
    // Past a step the pages do not define (a function, a root no GET page types) the type
    // is unknown: a member name met later is no evidence of whose it is.
    assert_eq!(typer.walk("/users/delta()"), None);
    assert_eq!(typer.walk("/users/delta()/messages"), None);
    assert_eq!(typer.walk("/me/messages"), None);
    assert_eq!(typer.walk("/groups/{id}"), None);
    // A first segment every type names alike is typed by that member.
    assert_eq!(typer.walk("/messages/{id}"), Some(("message".into(), false)));
}

#[test]
fn a_path_the_resource_pages_leave_undefined_is_typed_by_its_own_get_pages() {
    // No page types `/education`; `/education/users/{id}` is a `user` by its GET page, and
    // from there the resource pages' relationships go on.
    let model = Model {
        operations: vec![op("educationuser-get", "GET /education/users/{id}", Some("user"), "EduRoster.Read")],
        types: mail_types(),
        ..Model::default()
    };
    let typer = PathTyper::new(&model, ApiVersion::V1);
    assert_eq!(typer.walk("/education/users/{id}/messages"), Some(("message".into(), true)));
    assert_eq!(typer.walk("/education/users/{id}/messages/{id}"), Some(("message".into(), false)));
    // An item's page says its parent is a collection: the key then addresses one item.
    assert_eq!(typer.walk("/education/users/{id}"), Some(("user".into(), false)));
    assert_eq!(typer.walk("/education/users"), None);
    assert_eq!(typer.walk("/education/groups/{id}/messages"), None);
}

#[test]
fn a_derived_types_page_reads_a_kind_of_what_its_base_types_page_reads() {
    let model = Model {
        operations: vec![
            op("eventmessage-get", "GET /boxes/{id}", Some("eventMessage"), "Mail.Read"),
            op("eventmessage-list", "GET /boxes", Some("eventMessage*"), "Mail.Read"),
            op("message-get", "GET /boxes/{id}", Some("message"), "Mail.Read"),
        ],
        types: mail_types(),
        ..Model::default()
    };
    let typer = PathTyper::new(&model, ApiVersion::V1);
    assert_eq!(typer.walk("/boxes/{id}"), Some(("message".into(), false)));
}

#[test]
fn a_base_types_page_owns_the_endpoint_its_derived_types_pages_document() {
    // No GET page types `/things`: the pages' types alone tell.
    let (model, _) = resolved(vec![
        op("eventmessage-create", "POST /things", Some("eventMessage"), "Mail.Send"),
        op("message-create", "POST /things", Some("message"), "Mail.ReadWrite"),
    ]);
    let post = shared(&model, Method::Post, "/things");
    assert_eq!(post.primary, "message-create");
    assert_eq!(rules(post), [("eventmessage-create", VariantRule::BaseType)]);
}

#[test]
fn where_no_relationship_reaches_a_path_the_parents_methods_table_types_it() {
    let mut types = mail_types();
    let stated = |page: &str, target: &str| Property {
        name: page.into(),
        type_name: target.into(),
        collection: true,
        description: None,
        source: source("r.md"),
        link: None,
    };
    // The user page's Methods table: `List posts` returns `post`s, `List users` (its own type) is no statement.
    types[0].methods = vec![stated("user-list-posts", "post"), stated("user-list-people", "user")];
    let mut model = Model {
        operations: vec![
            op("user-get", "GET /users/{id}", Some("user"), "User.Read"),
            op("user-list-posts", "GET /users/{id}/posts", Some("message*"), "User.Read"),
            op("user-list-people", "GET /users/{id}/people", Some("message*"), "User.Read"),
        ],
        types,
        ..Model::default()
    };
    let found = resolve(&mut model, &SourceMap::new());
    let response = |o: usize| model.operations[o].endpoints[0].response.clone();
    assert_eq!(response(1), Some(PathResponse::Typed { type_name: "microsoft.graph.post".into(), collection: true }));
    assert_eq!(response(2), None);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, Code::ResponseContradictsPath);
}

#[test]
fn a_page_and_its_owners_methods_table_saying_one_outweigh_a_rows_collection() {
    let mut types = mail_types();
    let stated = |page: &str, target: &str| Property {
        name: page.into(),
        type_name: target.into(),
        collection: false,
        description: None,
        source: source("r.md"),
        link: None,
    };
    // The user page's `messages` row says a collection; its Methods table says `Get messages` returns one.
    types[0].methods = vec![stated("user-get-messages", "message")];
    let get = |file: &str, path: &str, returns: &str| op(file, &format!("GET {path}"), Some(returns), "Mail.Read");
    let run = |operations: Vec<Operation>| {
        let mut model = Model { operations, types: types.clone(), ..Model::default() };
        resolve(&mut model, &SourceMap::new());
        model.operations[1].endpoints[0].response.clone()
    };
    let user = get("user-get", "/users/{id}", "user");
    assert_eq!(run(vec![user.clone(), get("user-get-messages", "/users/{id}/messages", "message")]), None);
    // Without the Methods table's word, the row decides.
    let many = PathResponse::Typed { type_name: "microsoft.graph.message".into(), collection: true };
    assert_eq!(
        run(vec![user.clone(), get("user-list-messages", "/users/{id}/messages", "message")]),
        Some(many.clone())
    );
    // Nor where a key is documented below it.
    let key = get("message-get", "/users/{id}/messages/{id}", "message");
    assert_eq!(run(vec![user, get("user-get-messages", "/users/{id}/messages", "message"), key]), Some(many));
}
