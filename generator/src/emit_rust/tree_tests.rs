//! The path tree on small models: names, shared subtrees, one method per endpoint, and
//! independence from page order and from unrelated pages.

use super::*;
use crate::emit_rust::fixture::endpoint;
use crate::model::Body;

fn op(key: &str, name: &str, endpoints: &[(Method, &str)]) -> Operation {
    Operation {
        version: ApiVersion::V1,
        key: key.into(),
        name: name.into(),
        resource: "x".into(),
        title: None,
        description: None,
        endpoints: endpoints.iter().map(|(m, p)| endpoint(*m, p, &format!("{key}.md"), 1)).collect(),
        permissions: vec![],
        request_headers: vec![],
        body: Body::None,
        success_status: None,
        // The fixture's "List ..." pages say they return a collection, as real ones do.
        response_type: name.starts_with("List").then(|| crate::model::TypeLink {
            type_name: "microsoft.graph.x".into(),
            collection: Some(true),
            source: crate::model::Source { file: format!("{key}.md").into(), line: 1 },
            prose: None,
        }),
        request_type: None,
        response_collection_untyped: None,
        request_parameters: Vec::new(),
        examples: Vec::new(),
        pages: vec![],
    }
}

fn mail_model() -> Model {
    Model {
        types: Vec::new(),
        enums: Vec::new(),
        shared_endpoints: Vec::new(),
        operations: vec![
            op("user-list", "List users", &[(Method::Get, "/users")]),
            op("user-get", "Get user", &[(Method::Get, "/me"), (Method::Get, "/users/{id | userPrincipalName}")]),
            op("user-update", "Update user", &[(Method::Patch, "/me"), (Method::Patch, "/users/{id}")]),
            op("user-delete", "Delete user", &[(Method::Delete, "/users/{id}")]),
            op(
                "message-list",
                "List messages",
                &[(Method::Get, "/me/messages"), (Method::Get, "/users/{id}/messages")],
            ),
            op(
                "message-get",
                "Get message",
                &[(Method::Get, "/me/messages/{message-id}"), (Method::Get, "/users/{id}/messages/{message-id}")],
            ),
            op(
                "message-create",
                "Create message",
                &[(Method::Post, "/me/messages"), (Method::Post, "/users/{id}/messages")],
            ),
            op("user-sendmail", "sendMail", &[(Method::Post, "/me/sendMail"), (Method::Post, "/users/{id}/sendMail")]),
            op("user-delta", "delta", &[(Method::Get, "/users/delta()")]),
            op("user-byupn", "Get by UPN", &[(Method::Get, "/users/{userPrincipalName}")]),
            op("photo-value", "Get photo", &[(Method::Get, "/me/photo/$value"), (Method::Put, "/me/photo/$value")]),
            op(
                "report-a",
                "getTeamsUserActivityCounts",
                &[
                    (Method::Get, "/reports/getTeamsUserActivityCounts(period='{period_value}')"),
                    (Method::Get, "/reports/getTeamsUserActivityCounts(date={date_value})"),
                ],
            ),
            op(
                "drive-bypath",
                "List children",
                &[(Method::Get, "/drives/{drive-id}/root/getByPath(path='{path}')/children")],
            ),
            op("sp-byappid", "Get service principal", &[(Method::Get, "/servicePrincipals(appId='{appId}')")]),
            op("sp-list", "List service principals", &[(Method::Get, "/servicePrincipals")]),
        ],
    }
}

/// `Type::method` → (target type or `Call`) for every method of the tree.
fn methods(tree: &VersionTree<'_>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for shape in &tree.shapes {
        for (segment, child) in &shape.children {
            out.insert(format!("{}::{}", shape.name, segment.name), tree.shapes[*child].name.clone());
        }
        for m in &shape.methods {
            out.insert(format!("{}::{}", shape.name, m.name), format!("{} {}", m.method, m.op.key));
        }
    }
    out
}

fn walk<'t>(tree: &'t VersionTree<'_>, steps: &[&str]) -> &'t Shape<'t> {
    let mut shape = tree.root();
    for step in steps {
        let (_, child) = shape
            .children
            .iter()
            .find(|(s, _)| s.name == *step)
            .unwrap_or_else(|| panic!("no {step} on {}: {:?}", shape.name, methods(tree)));
        shape = &tree.shapes[*child];
    }
    shape
}

fn method_names<'s>(shape: &'s Shape<'_>) -> Vec<&'s str> {
    shape.methods.iter().map(|m| m.name.as_str()).collect()
}

#[test]
fn the_chain_follows_the_url() {
    let model = mail_model();
    let trees = build(&model);
    let tree = &trees[0];
    assert_eq!(method_names(walk(tree, &["users"])), ["delta", "list"]);
    assert_eq!(method_names(walk(tree, &["users", "by_id"])), ["delete", "get", "send_mail", "update"]);
    assert_eq!(method_names(walk(tree, &["users", "by_id", "messages"])), ["create", "list"]);
    assert_eq!(method_names(walk(tree, &["users", "by_id", "messages", "by_id"])), ["get"]);
    assert_eq!(method_names(walk(tree, &["users", "by_user_principal_name"])), ["get"]);
    assert_eq!(method_names(walk(tree, &["me", "photo", "value"])), ["get", "replace"]);
    let path = walk(tree, &["drives", "by_id", "root", "get_by_path_with_path"]);
    assert_eq!(method_names(walk(tree, &["drives", "by_id", "root", "get_by_path_with_path", "children"])), ["list"]);
    assert!(path.methods.is_empty());
    let root = walk(tree, &["drives", "by_id", "root"]);
    let by_path = root.children.iter().find(|(s, _)| s.name == "get_by_path_with_path").unwrap();
    assert_eq!(by_path.0.args, [("path".to_owned(), "path".to_owned())]);
}

#[test]
fn calls_with_arguments_are_methods_named_apart() {
    let model = mail_model();
    let trees = build(&model);
    let reports = walk(&trees[0], &["reports"]);
    let calls: Vec<(&str, Vec<&str>)> = reports
        .methods
        .iter()
        .map(|m| (m.name.as_str(), m.segment.as_ref().unwrap().args.iter().map(|a| a.0.as_str()).collect()))
        .collect();
    assert_eq!(
        calls,
        [
            ("get_teams_user_activity_counts_with_date_value", vec!["date_value"]),
            ("get_teams_user_activity_counts_with_period_value", vec!["period_value"]),
        ]
    );
    // A key alternative beside its collection.
    let root = trees[0].root();
    let names: Vec<&str> = root.children.iter().map(|(s, _)| s.name.as_str()).collect();
    assert!(names.contains(&"service_principals"), "{names:?}");
    let alternative = root.methods.iter().find(|m| m.name.starts_with("service_principals")).map(|m| &m.name);
    assert_eq!(alternative.map(String::as_str), Some("service_principals_with_app_id"));
}

#[test]
fn me_and_a_user_share_one_type() {
    let model = mail_model();
    let trees = build(&model);
    let tree = &trees[0];
    let me = walk(tree, &["me"]) as *const Shape<'_>;
    // `/me` has `photo` too, so it is not the type of `/users/{id}`; their messages are.
    let me_messages = walk(tree, &["me", "messages"]);
    let user_messages = walk(tree, &["users", "by_id", "messages"]);
    assert!(std::ptr::eq(me_messages, user_messages));
    assert!(
        me_messages.paths.contains("/me/messages")
            && me_messages.paths.contains("/users/{id | userPrincipalName}/messages")
    );
    assert_eq!(me_messages.areas.iter().map(String::as_str).collect::<Vec<_>>(), ["me", "users"]);
    assert!(!std::ptr::eq(me, walk(tree, &["users", "by_id"])));
    let list = &me_messages.methods.iter().find(|m| m.name == "list").unwrap().endpoints;
    let paths: Vec<&str> = list.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["/me/messages", "/users/{id}/messages"]);
}

#[test]
fn every_endpoint_is_exactly_one_method() {
    let model = mail_model();
    let trees = build(&model);
    let mut reached: Vec<(String, String)> = trees[0]
        .shapes
        .iter()
        .flat_map(|s| &s.methods)
        .flat_map(|m| m.endpoints.iter().map(|e| (e.method.to_string(), e.path.clone())))
        .collect();
    reached.sort();
    let mut documented: Vec<(String, String)> =
        model.operations.iter().flat_map(|o| &o.endpoints).map(|e| (e.method.to_string(), e.path.clone())).collect();
    documented.sort();
    assert_eq!(reached, documented);
}

#[test]
fn page_order_and_unrelated_pages_change_no_name() {
    let model = mail_model();
    let names = methods(&build(&model)[0]);
    let mut reversed = model.clone();
    reversed.operations.reverse();
    assert_eq!(methods(&build(&reversed)[0]), names);
    let mut more = model.clone();
    more.operations.push(op(
        "group-list",
        "List groups",
        &[(Method::Get, "/groups"), (Method::Get, "/groups/{id}/members")],
    ));
    let with_groups = methods(&build(&more)[0]);
    for (method, target) in &names {
        assert_eq!(with_groups.get(method), Some(target), "{method}");
    }
    assert!(with_groups.keys().all(|name| name.len() < 80));
}

#[test]
fn segment_names() {
    let name = |raw: &str| parse_segment(raw).name;
    assert_eq!(name("managedDevices"), "managed_devices");
    assert_eq!(name("microsoft.graph.delta()"), "delta");
    assert_eq!(name("$count"), "count");
    assert_eq!(name("{id}"), "by_id");
    assert_eq!(name("{user-id}"), "by_id");
    assert_eq!(name("{id | userPrincipalName}"), "by_id");
    assert_eq!(name("{userPrincipalName}"), "by_user_principal_name");
    assert_eq!(name("getByPath(path='{path}')"), "get_by_path_with_path");
    assert_eq!(name("{item-path}:"), "item_with_item_path");
    assert_eq!(name(":"), "segment");
    assert_eq!(name("type"), "type_");
    assert_eq!(name("clone"), "clone_");
    assert_eq!(
        parse_segment("{id | userPrincipalName}").args,
        [("id".to_owned(), "id | userPrincipalName".to_owned())]
    );
}

#[test]
fn type_names_are_the_paths_and_unique() {
    let model = Model {
        types: Vec::new(),
        enums: Vec::new(),
        shared_endpoints: Vec::new(),
        operations: vec![
            op("a", "Get place", &[(Method::Get, "/places/{id}")]),
            op("b", "Update place", &[(Method::Patch, "/places/{emailAddress}")]),
            op("c", "Delete place", &[(Method::Delete, "/places/{id}/rooms/{id}")]),
            op("d", "Get room", &[(Method::Get, "/places/{emailAddress}/rooms/{id}")]),
        ],
    };
    let trees = build(&model);
    let names: Vec<&str> = trees[0].shapes.iter().map(|s| s.name.as_str()).collect();
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len(), "{names:?}");
    assert!(names.contains(&"PlacesByEmailAddress") && names.contains(&"PlacesItem"), "{names:?}");
    assert!(names.contains(&"PlacesItemRoomsItem") && names.contains(&"PlacesByEmailAddressRoomsItem"), "{names:?}");
}

/// A type's name is its path's, whatever else the docs hold: `/users/{id}/messages` is
/// `UsersItemMessages` with or without `/me/messages` or `/groups/{id}/messages` beside it.
#[test]
fn a_type_is_named_after_its_path_alone() {
    let chain = |path: &str| -> Vec<String> { path.split('/').filter(|s| !s.is_empty()).map(str::to_owned).collect() };
    assert_eq!(path_type_name(&chain("users/by_id/messages")), "UsersItemMessages");
    assert_eq!(path_type_name(&chain("users/by_id/mail_folders/by_id/messages")), "UsersItemMailFoldersItemMessages");
    assert_eq!(path_type_name(&chain("places/by_email_address")), "PlacesByEmailAddress");
    assert_eq!(path_type_name(&chain("client")), "ClientBuilder");
    assert_eq!(path_type_name(&chain("365_reports")), "N365Reports");
}

/// A type several paths share is named after the shortest, and each other path names an
/// alias of it: the name a path's type goes by never depends on which paths share it.
#[test]
fn shared_types_are_named_after_the_shortest_path_with_an_alias_per_other_path() {
    let model = Model {
        operations: vec![op(
            "a",
            "List messages",
            &[(Method::Get, "/me/messages"), (Method::Get, "/users/{id}/messages")],
        )],
        ..Model::default()
    };
    let trees = build(&model);
    let shared = walk(&trees[0], &["me", "messages"]);
    assert_eq!(shared.name, "MeMessages");
    let aliases: Vec<(&str, &str, &str)> =
        shared.aliases.iter().map(|a| (a.name.as_str(), a.area.as_str(), a.path.as_str())).collect();
    assert_eq!(aliases, [("UsersItemMessages", "users", "/users/{id}/messages")]);
}

/// Graph ignores case in paths: segments spelled two ways are one node, one method, spelled
/// as most paths spell it (or as a resource page's member where one spelling is one).
#[test]
fn segments_that_differ_only_in_case_are_one_node() {
    let model = Model {
        operations: vec![
            op("a", "List directory roles", &[(Method::Get, "/directoryRoles")]),
            op("b", "Get directory role", &[(Method::Get, "/directoryRoles/{id}")]),
            op("c", "Delete member", &[(Method::Delete, "/directoryroles/{id}/members/{id}")]),
            op("d", "List grants", &[(Method::Get, "/oAuth2Permissiongrants")]),
            op("e", "Get grant", &[(Method::Get, "/oauth2PermissionGrants/{id}")]),
        ],
        types: vec![crate::model::TypeDef {
            relationships: vec![crate::model::Property {
                name: "oauth2PermissionGrants".into(),
                type_name: "oAuth2PermissionGrant".into(),
                collection: true,
                description: None,
                source: crate::model::Source { file: "r.md".into(), line: 1 },
                link: None,
            }],
            ..crate::model::TypeDef::sample("servicePrincipal")
        }],
        ..Model::default()
    };
    let trees = build(&model);
    let root: Vec<&str> = trees[0].root().children.iter().map(|(s, _)| s.name.as_str()).collect();
    assert_eq!(root, ["directory_roles", "oauth2_permission_grants"]);
    assert_eq!(method_names(walk(&trees[0], &["directory_roles", "by_id", "members", "by_id"])), ["delete"]);
    assert_eq!(method_names(walk(&trees[0], &["oauth2_permission_grants"])), ["list"]);
    assert_eq!(method_names(walk(&trees[0], &["oauth2_permission_grants", "by_id"])), ["get"]);
}

/// A key written as alternatives (`{user-id | user-principal-name}`) is `by_id` when one is an id.
#[test]
fn key_alternatives_are_one_by_id() {
    assert_eq!(parse_segment("{user-id | user-principal-name}").name, "by_id");
    assert_eq!(parse_segment("{id | userPrincipalName}").name, "by_id");
    assert_eq!(parse_segment("{userPrincipalName}").name, "by_user_principal_name");
}

/// A query of placeholders states required parameters: they are the method's arguments.
#[test]
fn required_query_parameters_are_arguments() {
    let mut view = op("view", "List calendarView", &[]);
    let source = crate::model::Source { file: "view.md".into(), line: 1 };
    view.endpoints = vec![Endpoint::new(
        Method::Get,
        "/me/calendarView".into(),
        Some("startDateTime={start_datetime}&endDateTime={end_datetime}".into()),
        source,
    )];
    let model = Model { operations: vec![view], ..Model::default() };
    let trees = build(&model);
    let list = &walk(&trees[0], &["me", "calendar_view"]).methods[0];
    assert_eq!(list.name, "list");
    let args: Vec<(&str, &str)> = list.query_args.iter().map(|(r, n)| (r.as_str(), n.as_str())).collect();
    assert_eq!(args, [("start_date_time", "startDateTime"), ("end_date_time", "endDateTime")]);
}

/// One entity is `get()`, whatever its page's title says: `/me` documented by "List manager"
/// with a query (a variant) and by "Get user".
#[test]
fn one_entity_is_get_and_a_collection_list() {
    let model = mail_model();
    let trees = build(&model);
    assert_eq!(method_names(walk(&trees[0], &["me"]))[0], "get");
    assert_eq!(method_names(walk(&trees[0], &["users"])), ["delta", "list"]);
}
