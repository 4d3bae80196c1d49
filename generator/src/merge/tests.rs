use super::*;
use crate::model::{Body, PathPart, PermissionTable, SchemePermissions, Sourced, Status};

fn src(file: &str, line: u32) -> Source {
    Source { file: file.into(), line }
}

fn endpoint(file: &str, method: crate::model::Method, path: &str) -> Endpoint {
    let mut parts = Vec::new();
    for (i, piece) in path.split(['{', '}']).enumerate() {
        if piece.is_empty() {
            continue;
        }
        parts.push(if i % 2 == 1 { PathPart::Param(piece.to_owned()) } else { PathPart::Literal(piece.to_owned()) });
    }
    Endpoint { method, path: path.to_owned(), parts, query: None, source: src(file, 10), response: None }
}

fn perms(file: &str, work: &[&str]) -> PermissionTable {
    let names = |list: &[&str]| list.iter().map(|n| Sourced::new((*n).to_owned(), src(file, 5))).collect::<Vec<_>>();
    PermissionTable {
        scope: None,
        delegated_work: SchemePermissions::Permissions { least: names(&work[..1]), higher: names(&work[1..]) },
        delegated_personal: SchemePermissions::NotSupported { source: src(file, 6) },
        application: SchemePermissions::Unspecified { source: None, phrase: None },
        source: src(file, 4),
    }
}

fn page(file: &str, locale: &str, title: &str, key: &str, paths: &[&str], status: u16, work: &[&str]) -> Page {
    Page {
        version: Some(Sourced::new(ApiVersion::V1, src(file, 1))),
        title: Some(Sourced::new(title.to_owned(), src(file, 1))),
        key: Some(key.to_owned()),
        endpoints: paths.iter().map(|p| endpoint(file, crate::model::Method::Post, p)).collect(),
        permissions: Some(vec![perms(file, work)]),
        prose_status: Some(Status { code: status, source: src(file, 20) }),
        ..Page::sample(file, locale)
    }
}

const RECOVER: &[&str] = &[
    "/users/{usersId}/managedDevices/{managedDeviceId}/recoverPasscode",
    "/deviceManagement/managedDevices/{managedDeviceId}/recoverPasscode",
];
const TYPO: &str = "DeviceManagementManagedDevices.PriviligedOperation.All";
const RIGHT: &str = "DeviceManagementManagedDevices.PrivilegedOperations.All";

#[test]
fn localized_pages_of_one_operation_merge_and_the_first_locale_leads() {
    let pages = vec![
        page("zh.md", "zh-cn", "recoverPasscode action", "recoverpasscode-action", RECOVER, 204, &[TYPO]),
        page("pt.md", "pt-br", "Ação recoverPasscode", "recoverpasscode-action", RECOVER, 204, &[TYPO]),
        page("es.md", "es-es", "Acción recoverPasscode", "recoverpasscode-action", RECOVER, 204, &[TYPO]),
    ];
    let (model, diagnostics) = merge(&pages, &SourceMap::new());
    assert_eq!(model.operations.len(), 1);
    let op = &model.operations[0];
    assert_eq!((op.name.as_str(), op.resource.as_str()), ("recoverPasscode", "managedDevices"));
    assert_eq!(
        op.pages.iter().map(|p| (p.locale.as_str(), p.authoritative)).collect::<Vec<_>>(),
        vec![("es-es", true), ("pt-br", false), ("zh-cn", false)]
    );
    assert_eq!(op.success_status.as_ref().map(|s| s.code), Some(204));
    assert!(diagnostics.iter().all(|d| d.code != Code::LocaleDisagreement), "{diagnostics:#?}");
}

#[test]
fn english_wins_and_disagreements_are_reported() {
    let pages = vec![
        page(
            "pt.md",
            "pt-br",
            "Ação recoverPasscode",
            "recoverpasscode-action",
            &RECOVER[..1],
            200,
            &["Other.Permission"],
        ),
        page("en.md", "en-us", "recoverPasscode action", "recoverpasscode-action", RECOVER, 204, &[RIGHT]),
    ];
    let (model, diagnostics) = merge(&pages, &SourceMap::new());
    let op = &model.operations[0];
    assert_eq!(op.pages[0].file, "en.md");
    assert_eq!(op.endpoints.len(), 2);
    assert_eq!(op.permissions[0].delegated_work.least_names(), vec![RIGHT]);
    let disagreements: Vec<_> =
        diagnostics.iter().filter(|d| d.code == Code::LocaleDisagreement).map(|d| d.file.as_str()).collect();
    assert_eq!(disagreements, vec!["pt.md", "pt.md", "pt.md"], "endpoints, status, DelegatedWork: {diagnostics:#?}");
}

#[test]
fn same_title_with_disjoint_endpoints_gives_two_operations() {
    let pages = vec![
        page("a.md", "en-us", "List members", "list-members", &["/groups/{id}/members"], 200, &["Group.Read.All"]),
        page(
            "b.md",
            "en-us",
            "List members",
            "list-members",
            &["/directoryRoles/{id}/members"],
            200,
            &["Directory.Read.All"],
        ),
    ];
    let (model, _) = merge(&pages, &SourceMap::new());
    let keys: Vec<_> =
        model.operations.iter().map(|o| (o.key.as_str(), o.resource.as_str(), o.name.as_str())).collect();
    assert_eq!(
        keys,
        vec![("list-members-2", "directoryRoles", "listMembers"), ("list-members", "groups", "listMembers")]
    );
}

#[test]
fn near_misses_prefer_the_spelling_english_pages_use() {
    let pages = vec![
        page("pt.md", "pt-br", "x", "a", RECOVER, 204, &[TYPO]),
        page("es.md", "es-es", "x", "a", RECOVER, 204, &[TYPO]),
        page("en.md", "en-us", "y", "b", RECOVER, 204, &[RIGHT]),
    ];
    let (_, diagnostics) = merge(&pages, &SourceMap::new());
    let misses: Vec<_> = diagnostics.iter().filter(|d| d.code == Code::PermissionNearMiss).collect();
    assert_eq!(misses.iter().map(|d| d.file.as_str()).collect::<Vec<_>>(), vec!["es.md", "pt.md"]);
    assert!(
        misses[0].message.contains(&format!("`{TYPO}` looks like a misspelling of `{RIGHT}`")),
        "{}",
        misses[0].message
    );
}

#[test]
fn resource_is_the_last_keyed_entity_set() {
    let r = |path: &str| resource_name(&[endpoint("f", crate::model::Method::Get, path)]);
    assert_eq!(r("/me/managedDevices/{id}/recoverPasscode"), "managedDevices");
    assert_eq!(r("/users"), "users");
    assert_eq!(r("/me/messages"), "users");
    assert_eq!(r("/me"), "users");
    assert_eq!(r("/messages"), "messages");
    assert_eq!(r("/users/{id | userPrincipalName}/photo/$value"), "users");
    assert_eq!(r("/reports/getEmailActivityCounts(period='{period_value}')"), "reports");
    assert_eq!(r("/"), "root");
}

#[test]
fn operation_names_come_from_actions_or_english_titles() {
    let get = page("en.md", "en-us", "Get user", "get-user", &["/users/{id}"], 200, &["User.Read"]);
    assert_eq!(operation_name(&[&get]), "getUser");
    let colon = page("en.md", "en-us", "user: delta", "user-delta", &["/users/delta()"], 200, &["User.Read"]);
    assert_eq!(operation_name(&[&colon]), "delta");
    let action = "call: cancelMediaProcessing";
    let call =
        page("en.md", "en-us", action, "k", &["/communications/calls/{id}/cancelMediaProcessing"], 200, &["X.Y"]);
    assert_eq!(operation_name(&[&call]), "cancelMediaProcessing");
    let ratio = page("en.md", "en-us", "Get 1:1 chat with an app", "k", &["/chats/{id}"], 200, &["X.Y"]);
    assert_eq!(operation_name(&[&ratio]), "get11ChatWithAnApp", "a colon inside the title is not a type prefix");
    let action = page(
        "en.md",
        "en-us",
        "RecoverPasscode action",
        "k",
        &["/me/managedDevices/{id}/recoverPasscode"],
        204,
        &["X.Y"],
    );
    assert_eq!(operation_name(&[&action]), "recoverPasscode", "spelled as in the path");
    let list = page("en.md", "en-us", "List memberOf", "list-memberof", &["/me/memberOf"], 200, &["User.Read"]);
    assert_eq!(operation_name(&[&list]), "listMemberOf");
    let translated = page("pt.md", "pt-br", "Obter usuário", "get-user", &["/users/{id}"], 200, &["User.Read"]);
    assert_eq!(operation_name(&[&translated]), "getUser");
    let anchor = page(
        "pt.md",
        "pt-br",
        "Ação recoverPasscode",
        "recoverpasscode-action",
        &["/users/{id}/recoverPasscode"],
        204,
        &["X.Y"],
    );
    assert_eq!(operation_name(&[&anchor]), "recoverPasscode");
}

#[test]
fn two_pages_of_one_locale_stay_two_operations_and_translations_follow_the_best_overlap() {
    let event = &["/me/events/{id}", "/users/{id}/events/{id}", "/groups/{id}/events/{id}"];
    let group_event = &["/groups/{id}/events/{id}", "/groups/{id}/calendar/events/{id}"];
    let pages = vec![
        page("event-get.md", "en-us", "Get event", "get-event", event, 200, &["Calendars.Read"]),
        page("group-get-event.md", "en-us", "Get event", "get-event", group_event, 200, &["Group.Read.All"]),
        page("pt-group-get-event.md", "pt-br", "Obter evento", "get-event", group_event, 200, &["Group.Read.All"]),
    ];
    let (model, diagnostics) = merge(&pages, &SourceMap::new());
    let ops: Vec<_> = model
        .operations
        .iter()
        .map(|o| (o.key.as_str(), o.endpoints.len(), o.pages.iter().map(|p| p.file.as_str()).collect::<Vec<_>>()))
        .collect();
    assert!(ops.contains(&("get-event", 3, vec!["event-get.md"])), "{ops:?}");
    assert!(ops.contains(&("get-event-2", 2, vec!["group-get-event.md", "pt-group-get-event.md"])), "{ops:?}");
    let duplicates: Vec<_> =
        diagnostics.iter().filter(|d| d.code == Code::DuplicatePage).map(|d| d.file.as_str()).collect();
    assert_eq!(duplicates, vec!["group-get-event.md"]);
    assert!(diagnostics.iter().all(|d| d.code != Code::LocaleDisagreement), "{diagnostics:#?}");
}

#[test]
fn kind_suffixes_are_cut_only_on_character_boundaries() {
    assert_eq!(strip_kind_suffix("recoverPasscode action"), "recoverPasscode");
    assert_eq!(strip_kind_suffix("delta FUNCTION"), "delta");
    assert_eq!(strip_kind_suffix(" action"), " action", "nothing before the suffix: kept");
    // The cut 7 bytes from the end falls inside `é` (2 bytes each): this used to panic.
    for title in ["Get éééé", "éééééééé", "é action", "权限权限权限"] {
        let _ = strip_kind_suffix(title);
    }
    assert_eq!(strip_kind_suffix("é action"), "é");
    let page = page("en.md", "en-us", "Get éééé", "get", &["/users"], 200, &["User.Read"]);
    assert_eq!(operation_name(&[&page]), "getÉééé");
}

#[test]
fn a_merge_bug_costs_its_operation_not_the_run() {
    let a = page("a.md", "en-us", "Get a", "get-a", &["/a"], 200, &["User.Read"]);
    let b = page("b.md", "pt-br", "Obter a", "get-a", &["/a"], 200, &["User.Read"]);
    let sources = SourceMap::new();
    let (ops, diagnostics) = guarded(&[&a, &b], &sources, || panic!("a bug"));
    assert!(ops.is_empty());
    let files: Vec<_> = diagnostics.iter().map(|d| (d.code, d.file.as_str())).collect();
    assert_eq!(files, [(Code::InternalError, "a.md"), (Code::InternalError, "b.md")]);
    // Without a panic, the group's own result comes through untouched.
    let (ops, diagnostics) = guarded(&[&a], &sources, || merge_group(ApiVersion::V1, "get-a", &[&a], &sources));
    assert_eq!((ops.len(), diagnostics.len()), (1, 0));
}

fn with_parameters(mut page: Page, parameters: &[(&str, &str)]) -> Page {
    page.request_parameters = parameters
        .iter()
        .map(|(name, type_name)| crate::model::Property {
            name: (*name).into(),
            type_name: (*type_name).into(),
            collection: false,
            description: None,
            source: src(&page.file, 30),
            link: None,
        })
        .collect();
    page.body = Body::Expected;
    page
}

/// An action takes the parameters of its leading page (English over a translation that
/// translated the names); linked types resolve to the resource's type or the enum page's
/// enum, and a link to no such page is a note, its type left unresolved; a page creating
/// an item keeps no parameters (its type says the body).
#[test]
fn action_parameters_follow_the_leading_page_and_resolve_their_links() {
    let send = ["/me/sendMail"];
    let pages = vec![
        with_parameters(
            page("es.md", "es-es", "user: sendMail", "user-sendmail", &send, 202, &["Mail.Send"]),
            &[("mensaje", "resources/message")],
        ),
        with_parameters(
            page("en.md", "en-us", "user: sendMail", "user-sendmail", &send, 202, &["Mail.Send"]),
            &[
                ("message", "resources/message"),
                ("parts", "resources/clonableteamparts"),
                ("other", "resources/nowhere"),
                ("saveToSentItems", "Boolean"),
            ],
        ),
        with_parameters(
            page("c.md", "en-us", "Create user", "user-post-users", &["/users"], 201, &["U.RW"]),
            &[("displayName", "String")],
        ),
    ];
    let (mut model, _) = merge(&pages, &SourceMap::new());
    let type_def =
        |name: &str, file: &str| crate::model::TypeDef { source: src(file, 1), ..crate::model::TypeDef::sample(name) };
    let parts = crate::model::EnumDef {
        name: "clonableTeamParts".into(),
        namespace: "microsoft.graph".into(),
        version: Some(ApiVersion::V1),
        members: Vec::new(),
        source: src("v1.0/resources/clonableteamparts.md", 1),
        locale: "en-us".into(),
    };
    let (types, enums, index) = types::merge(vec![type_def("message", "v1.0/resources/message.md")], vec![parts]);
    (model.types, model.enums) = (types, enums);
    let diagnostics = types::link(&mut model, &index, &SourceMap::new());
    let by_name = |name: &str| model.operations.iter().find(|o| o.name == name).unwrap_or_else(|| panic!("{name}"));
    let parameters: Vec<(&str, &str)> =
        by_name("sendMail").request_parameters.iter().map(|p| (p.name.as_str(), p.type_name.as_str())).collect();
    assert_eq!(
        parameters,
        [
            ("message", "microsoft.graph.message"),
            ("parts", "microsoft.graph.clonableTeamParts"),
            ("other", "resources/nowhere"),
            ("saveToSentItems", "Boolean"),
        ]
    );
    let notes: Vec<&str> =
        diagnostics.iter().filter(|d| d.code == Code::TypeLinkUnresolved).map(|d| d.message.as_str()).collect();
    assert!(notes.len() == 1 && notes[0].contains("`other`"), "{notes:?}");
    assert!(by_name("createUser").request_parameters.is_empty());
}

#[test]
fn line_start_is_past_the_lines_before() {
    // As the lines' lengths add up, across blocks and past the end.
    let long = "ab\nc\n".repeat(200) + "权限\n\nlast";
    for text in ["", "\n", "one", "one\ntwo", "one\ntwo\n", long.as_str()] {
        for line in 0..450 {
            let expected: usize =
                text.split_inclusive('\n').take((line as usize).saturating_sub(1)).map(str::len).sum();
            assert_eq!(super::line_start(text, line), expected, "line {line} of {text:?}");
        }
    }
}
