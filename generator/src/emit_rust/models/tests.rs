use super::*;
use crate::model::Source;

fn def(name: &str, namespace: &str, version: ApiVersion) -> TypeDef {
    TypeDef { namespace: namespace.into(), version: Some(version), ..TypeDef::sample(name) }
}

fn with(mut t: TypeDef, properties: &[(&str, &str)]) -> TypeDef {
    t.properties = properties
        .iter()
        .map(|(name, type_name)| Property {
            name: (*name).into(),
            type_name: (*type_name).into(),
            collection: false,
            description: None,
            source: Source { file: "r.md".into(), line: 2 },
            link: None,
        })
        .collect();
    t
}

/// Beta re-exports what is the same Rust type in v1.0, and only that: a type whose
/// fields name a type that differs is not the same, however alike its own fields.
#[test]
fn identical_types_are_shared_across_versions() {
    let both = |name: &str, props: &[(&str, &str)]| {
        [
            with(def(name, "microsoft.graph", ApiVersion::V1), props),
            with(def(name, "microsoft.graph", ApiVersion::Beta), props),
        ]
    };
    let mut types: Vec<TypeDef> = Vec::new();
    types.extend(both("emailAddress", &[("address", "String")]));
    types.extend(both("recipient", &[("emailAddress", "emailAddress")]));
    types.extend(both("message", &[("from", "recipient"), ("sender", "user")]));
    types.push(with(def("user", "microsoft.graph", ApiVersion::V1), &[("id", "String")]));
    types.push(with(def("user", "microsoft.graph", ApiVersion::Beta), &[("id", "String"), ("mail", "String")]));
    let model = Model { types, ..Model::default() };
    let (v1, beta) = (build(&model, ApiVersion::V1), build(&model, ApiVersion::Beta));
    let shared: Vec<String> = beta.identical_in(&v1).into_iter().collect();
    assert_eq!(shared, ["microsoft.graph.emailaddress", "microsoft.graph.recipient"]);
}

/// A base whose derived types differ between the versions is not shared (v1.0's kind enum
/// would miss beta's `guest`), and neither is one whose derived type differs; a base whose
/// derived types are all shared is, with its kind enum.
#[test]
fn identical_types_need_the_same_derived_types() {
    let both = |name: &str, base: Option<&str>, props: &[(&str, &str)]| {
        [ApiVersion::V1, ApiVersion::Beta].map(|v| {
            let mut t = with(def(name, "microsoft.graph", v), props);
            t.base_type = base.map(|b| format!("microsoft.graph.{b}"));
            t
        })
    };
    let mut types: Vec<TypeDef> = Vec::new();
    types.extend(both("directoryObject", None, &[("id", "String")]));
    types.extend(both("user", Some("directoryObject"), &[("mail", "String")]));
    types.extend(both("attachment", None, &[("name", "String")]));
    types.extend(both("fileAttachment", Some("attachment"), &[("size", "Int32")]));
    types.extend(both("place", None, &[("name", "String")]));
    let mut guest = with(def("guest", "microsoft.graph", ApiVersion::Beta), &[("by", "String")]);
    guest.base_type = Some("microsoft.graph.user".into());
    types.push(guest);
    let mut room = with(def("room", "microsoft.graph", ApiVersion::V1), &[("capacity", "Int32")]);
    room.base_type = Some("microsoft.graph.place".into());
    types.push(room.clone());
    room.version = Some(ApiVersion::Beta);
    room.properties[0].type_name = "Int64".into();
    types.push(room);
    let model = Model { types, ..Model::default() };
    let (v1, beta) = (build(&model, ApiVersion::V1), build(&model, ApiVersion::Beta));
    let shared: Vec<String> = beta.identical_in(&v1).into_iter().collect();
    assert_eq!(shared, ["microsoft.graph.attachment", "microsoft.graph.fileattachment"]);
    let files: String = {
        let mut beta = beta;
        beta.reexport(ApiVersion::V1, beta.identical_in(&v1));
        beta.files().into_iter().map(|(_, t)| t.to_string()).collect()
    };
    assert!(files.contains("pub use crate :: v1_0 :: models :: AttachmentKind ;"), "{files}");
    assert!(files.contains("pub enum DirectoryObjectKind"), "beta's own enum: {files}");
}

/// Kind enums follow the `baseType` links between types the docs define: a base no page
/// defines (`directoryObject` here) or that is an enum gets none, and a documented type
/// already called `userKind` keeps its name (the enum takes the next).
#[test]
fn kinds_exclude_types_the_docs_do_not_define() {
    let derived = |name: &str, base: &str| {
        let mut t = with(def(name, "microsoft.graph", ApiVersion::V1), &[("id", "String")]);
        t.base_type = Some(format!("microsoft.graph.{base}"));
        t
    };
    let types = vec![
        with(def("entity", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
        with(def("user", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
        with(def("userKind", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
        derived("group", "entity"),
        derived("contact", "directoryObject"),
        derived("guest", "user"),
        derived("odd", "status"),
    ];
    let status = EnumDef {
        name: "status".into(),
        namespace: "microsoft.graph".into(),
        version: Some(ApiVersion::V1),
        members: Vec::new(),
        source: Source { file: "e.md".into(), line: 1 },
        locale: "en-us".into(),
    };
    let model = Model { types, enums: vec![status], ..Model::default() };
    let files: String = build(&model, ApiVersion::V1).files().into_iter().map(|(_, t)| t.to_string()).collect();
    let enums: Vec<&str> = files.split("pub enum ").skip(1).filter_map(|rest| rest.split_whitespace().next()).collect();
    assert_eq!(enums, ["EntityKind", "Status", "UserKind2"], "{files}");
    assert!(files.contains("Group (Box < super :: Group >)"), "{files}");
    assert!(files.contains("pub struct UserKind {"), "{files}");
}

/// The paths name the structs the emitter writes, in both versions, a namespace's in its
/// module; enums get none, nor a type spelled like an earlier one but for case.
#[test]
fn model_paths_name_the_emitted_structs() {
    let model = Model {
        types: vec![
            def("Option", "microsoft.graph", ApiVersion::V1),
            def("user", "microsoft.graph", ApiVersion::V1),
            def("user", "microsoft.graph.other", ApiVersion::V1),
            def("User", "microsoft.graph", ApiVersion::V1),
            def("user", "microsoft.graph", ApiVersion::Beta),
        ],
        enums: vec![EnumDef {
            name: "userKind".into(),
            namespace: "microsoft.graph".into(),
            version: Some(ApiVersion::V1),
            members: Vec::new(),
            source: Source { file: "e.md".into(), line: 1 },
            locale: "en-us".into(),
        }],
        ..Model::default()
    };
    let paths = super::super::model_paths(&model);
    let expected: BTreeMap<(ApiVersion, String), String> = [
        ((ApiVersion::V1, "microsoft.graph.Option"), "v1_0::models::Option2"),
        ((ApiVersion::V1, "microsoft.graph.User"), "v1_0::models::User"),
        ((ApiVersion::V1, "microsoft.graph.other.user"), "v1_0::models::other::User"),
        ((ApiVersion::Beta, "microsoft.graph.user"), "beta::models::User"),
    ]
    .into_iter()
    .map(|((v, graph), rust)| ((v, graph.to_owned()), rust.to_owned()))
    .collect();
    assert_eq!(paths, expected);
    // Each path is a struct its version's models module declares.
    for ((version, _), rust) in &paths {
        let (module, below) = rust.split_once("::models::").unwrap();
        assert_eq!(module, super::super::builders::version_names(*version).0);
        let (file, name) = match below.rsplit_once("::") {
            Some((namespace, name)) => (format!("{namespace}/{}.rs", name.to_ascii_lowercase()), name),
            None => (format!("{}.rs", below.to_ascii_lowercase()), below),
        };
        let files: BTreeMap<String, String> =
            build(&model, *version).files().into_iter().map(|(p, t)| (p, t.to_string())).collect();
        let declared = files.get(&file).is_some_and(|tokens| tokens.contains(&format!("pub struct {name} {{")));
        assert!(declared, "no `pub struct {name}` in {file}: {files:#?}");
    }
}

/// A family file is compiled only with its own feature, which each of its models' features
/// enables: `mail*` models used by `v1-me` only (`mailFolder` through a field of `mailTips`),
/// `user*` models one of which every build compiles; other models are named through `super::`.
#[test]
fn family_files_are_gated_by_their_models_features() {
    let types = vec![
        with(def("mailFolder", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
        with(def("mailTips", "microsoft.graph", ApiVersion::V1), &[("folder", "mailFolder")]),
        with(def("user", "microsoft.graph", ApiVersion::V1), &[("settings", "userSettings")]),
        with(def("userSettings", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
    ];
    let model = Model { types, ..Model::default() };
    let mut set = build(&model, ApiVersion::V1);
    set.gate([("mailTips", Some("v1-me".to_owned())), ("user", None)]);
    let files: BTreeMap<String, String> = set.files().into_iter().map(|(p, t)| (p, t.to_string())).collect();
    let module = &files["mod.rs"];
    assert!(module.contains(r#"# [cfg (feature = "v1-models.mail")] mod mail ;"#), "{module}");
    let wiring: BTreeMap<String, Vec<String>> = set.wiring().into_iter().collect();
    assert_eq!(wiring["v1-me"], ["v1-model.MailTips"]);
    assert_eq!(wiring["v1-model.MailTips"], ["v1-model.MailFolder", "v1-models.mail"]);
    assert!(!wiring.contains_key("v1-model.User"), "always compiled: no feature");
    // No attribute between the previous item and `mod user`.
    assert!(module.contains("pub use mail :: * ; mod user ;"), "{module}");
    assert!(files["user.rs"].contains("Box < super :: UserSettings >"), "{}", files["user.rs"]);
    assert!(!files["user.rs"].contains("use super"), "{}", files["user.rs"]);
}

/// A relationship does not compile its target: `user.manager` (a `directoryObject`) only
/// exists with the features that compile `directoryObject` for calls of their own; a
/// property (`settings`) compiles its type with the model, and a relationship whose target
/// is compiled whenever its model is has no `cfg`.
#[test]
fn relationships_are_compiled_with_their_target() {
    let mut user = with(def("user", "microsoft.graph", ApiVersion::V1), &[("settings", "userSettings")]);
    user.relationships =
        with(def("x", "microsoft.graph", ApiVersion::V1), &[("manager", "directoryObject"), ("photo", "photo")])
            .properties;
    let types = vec![
        user,
        with(def("userSettings", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
        with(def("directoryObject", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
        with(def("photo", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
    ];
    let model = Model { types, ..Model::default() };
    let mut set = build(&model, ApiVersion::V1);
    let users = Some("v1-users".to_owned());
    set.gate([("user", users.clone()), ("photo", users), ("directoryObject", Some("v1-groups".to_owned()))]);
    let wiring: BTreeMap<String, Vec<String>> = set.wiring().into_iter().collect();
    assert!(wiring["v1-model.User"].contains(&"v1-model.UserSettings".to_owned()), "{wiring:?}");
    assert!(!wiring["v1-model.User"].contains(&"v1-model.DirectoryObject".to_owned()), "not pulled in by `manager`");
    assert_eq!(wiring["v1-users"], ["v1-model.Photo", "v1-model.User"]);
    assert_eq!(wiring["v1-groups"], ["v1-model.DirectoryObject"]);
    let files: BTreeMap<String, String> = set.files().into_iter().map(|(p, t)| (p, t.to_string())).collect();
    let user = &files["user.rs"];
    let manager_gate = r#"# [cfg (feature = "v1-model.DirectoryObject")] pub manager"#;
    assert!(user.contains(manager_gate), "{user}");
    assert!(
        user.contains(r#"# [cfg (feature = "v1-model.DirectoryObject")] ("manager" , & mut value . manager)"#),
        "{user}"
    );
    assert!(
        user.contains(r#"# [cfg (feature = "v1-model.DirectoryObject")] ("manager" , & self . manager)"#),
        "{user}"
    );
    assert!(user.contains(r#"# [cfg (feature = "v1-model.DirectoryObject")] manager : None"#), "{user}");
    assert!(user.contains(r#"# [cfg (feature = "v1-model.User")] pub struct User"#), "{user}");
    // Each relationship with its own target's feature, whoever else enables it.
    assert!(user.contains(r#"# [cfg (feature = "v1-model.Photo")] pub photo"#), "{user}");
}

/// `microsoft.graph.group` and `microsoft.graph.termStore.group` (beta, en-2021): two models,
/// the term store's in its namespace's module. A name a term store page writes unqualified is
/// the term store's where it has one (`set`), else Graph's (`keyValue`), never a third
/// namespace's; a qualified name is only itself.
#[test]
fn types_of_two_namespaces_are_two_models_linked_by_namespace() {
    const TERM_STORE: &str = "microsoft.graph.termStore";
    let mut term_group = with(def("group", TERM_STORE, ApiVersion::V1), &[("displayName", "String")]);
    term_group.base_type = Some("microsoft.graph.entity".into());
    term_group.relationships = with(def("x", TERM_STORE, ApiVersion::V1), &[("sets", "set")]).properties;
    let mut group = with(def("group", "microsoft.graph", ApiVersion::V1), &[("mail", "String")]);
    group.base_type = Some("entity".into());
    let types = vec![
        with(def("entity", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
        group,
        term_group,
        with(
            def("set", TERM_STORE, ApiVersion::V1),
            &[
                ("parentGroup", "microsoft.graph.termStore.group"),
                ("localizedNames", "localizedName"),
                ("properties", "keyValue"),
            ],
        ),
        with(def("localizedName", TERM_STORE, ApiVersion::V1), &[("name", "String")]),
        with(def("keyValue", "microsoft.graph", ApiVersion::V1), &[("key", "String")]),
        with(def("set", "microsoft.graph", ApiVersion::V1), &[("owner", "group"), ("names", "localizedName")]),
    ];
    let model = Model { types, ..Model::default() };
    let mut set = build(&model, ApiVersion::V1);
    let path = |name: &str| set.struct_path(name).map(|p| p.to_string());
    assert_eq!(path("microsoft.graph.group").as_deref(), Some("crate :: v1_0 :: models :: Group"));
    assert_eq!(
        path("microsoft.graph.termStore.group").as_deref(),
        Some("crate :: v1_0 :: models :: termstore :: Group")
    );
    assert_eq!(path("group").as_deref(), Some("crate :: v1_0 :: models :: Group"), "an operation's page: Graph's");
    assert_eq!(set.struct_def("microsoft.graph.termStore.group").map(|d| d.namespace.as_str()), Some(TERM_STORE));
    assert_eq!(path("microsoft.graph.callRecords.group"), None, "a qualified name is only itself");

    set.gate([("microsoft.graph.termStore.set", Some("beta-term-store".to_owned()))]);
    let wiring: BTreeMap<String, Vec<String>> = set.wiring().into_iter().collect();
    assert_eq!(wiring["beta-term-store"], ["v1-model.termstore.Set"]);
    let term_set = &wiring["v1-model.termstore.Set"];
    assert!(term_set.contains(&"v1-model.termstore.LocalizedName".to_owned()), "{term_set:?}");
    assert!(term_set.contains(&"v1-model.termstore.Group".to_owned()), "{term_set:?}");
    assert!(term_set.contains(&"v1-models.termstore".to_owned()), "its namespace's module: {term_set:?}");
    assert!(!term_set.contains(&"v1-model.Group".to_owned()), "the term store's group does not compile Graph's");
    let files: BTreeMap<String, String> = set.files().into_iter().map(|(p, t)| (p, t.to_string())).collect();
    assert!(
        files["mod.rs"].contains(r#"# [cfg (feature = "v1-models.termstore")] pub mod termstore ;"#),
        "{}",
        files["mod.rs"]
    );
    assert!(files["termstore/mod.rs"].contains("mod group ;"), "{}", files["termstore/mod.rs"]);
    assert!(files["group.rs"].contains("pub struct Group {"), "{}", files["group.rs"]);
    let term_group = &files["termstore/group.rs"];
    assert!(term_group.contains("pub struct Group {"), "{term_group}");
    assert!(term_group.contains("pub sets : Option < Box < super :: Set > >"), "{term_group}");
    let term_set = &files["termstore/set.rs"];
    for field in [
        "pub parent_group : Option < Box < super :: Group > >",
        "pub localized_names : Option < Box < super :: LocalizedName > >",
        "pub properties : Option < Box < super :: super :: KeyValue > >",
    ] {
        assert!(term_set.contains(field), "{field}: {term_set}");
    }
    // Graph's own `set`: its `group` is Graph's, and the term store's `localizedName` is not a
    // type a page of Graph's namespace can mean unqualified.
    let graph_set = &files["set.rs"];
    assert!(graph_set.contains("pub owner : Option < Box < super :: Group > >"), "{graph_set}");
    assert!(graph_set.contains("pub names : Option < serde_json :: Value >"), "{graph_set}");
    // Both derive from `entity`: two variants of its kind enum, the base read in each page's namespace.
    let entity = &files["entity.rs"];
    assert!(entity.contains("Group (Box < super :: Group >)"), "{entity}");
    assert!(entity.contains("TermstoreGroup (Box < super :: termstore :: Group >)"), "{entity}");
}

/// A type's Rust name depends on its own qualified name only: a type of another namespace, or
/// of Graph's, with the same name renames neither, in either order.
#[test]
fn a_colliding_type_renames_nothing() {
    let paths = |types: Vec<TypeDef>| -> BTreeMap<String, String> {
        let model = Model { types, ..Model::default() };
        build(&model, ApiVersion::V1).struct_paths().collect()
    };
    let graph = || with(def("mediaStream", "microsoft.graph", ApiVersion::V1), &[("id", "String")]);
    let records = || with(def("mediaStream", "microsoft.graph.callRecords", ApiVersion::V1), &[("id", "String")]);
    let alone_graph = paths(vec![graph()]);
    let alone_records = paths(vec![records()]);
    let both = paths(vec![records(), graph()]);
    assert_eq!(alone_graph["microsoft.graph.mediaStream"], "v1_0::models::MediaStream");
    assert_eq!(alone_records["microsoft.graph.callRecords.mediaStream"], "v1_0::models::callrecords::MediaStream");
    assert_eq!(both["microsoft.graph.mediaStream"], alone_graph["microsoft.graph.mediaStream"]);
    assert_eq!(
        both["microsoft.graph.callRecords.mediaStream"],
        alone_records["microsoft.graph.callRecords.mediaStream"]
    );
    // Two names of one namespace that are one Rust name: neither takes it, a field naming one
    // stays JSON, and the other types keep theirs.
    let clash = paths(vec![
        with(def("userX", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
        with(def("user_x", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
        graph(),
    ]);
    assert_eq!(clash.keys().collect::<Vec<_>>(), ["microsoft.graph.mediaStream"]);
}

/// Beta shares v1.0's model of a namespace's type when they are the same, and not a type of
/// Graph's namespace of the same name that v1.0 lacks.
#[test]
fn namespaced_types_are_shared_across_versions_by_qualified_name() {
    let records = |v| with(def("mediaStream", "microsoft.graph.callRecords", v), &[("id", "String")]);
    let mut types = vec![records(ApiVersion::V1), records(ApiVersion::Beta)];
    types.push(with(def("mediaStream", "microsoft.graph", ApiVersion::Beta), &[("id", "String")]));
    let model = Model { types, ..Model::default() };
    let (v1, beta) = (build(&model, ApiVersion::V1), build(&model, ApiVersion::Beta));
    let shared: Vec<String> = beta.identical_in(&v1).into_iter().collect();
    assert_eq!(shared, ["microsoft.graph.callrecords.mediastream"]);
    let mut beta = beta;
    beta.reexport(ApiVersion::V1, beta.identical_in(&v1));
    let files: BTreeMap<String, String> = beta.files().into_iter().map(|(p, t)| (p, t.to_string())).collect();
    let reexport = "pub use crate :: v1_0 :: models :: callrecords :: MediaStream ;";
    assert!(files["callrecords/media.rs"].contains(reexport), "{files:#?}");
    assert!(files["media.rs"].contains("pub struct MediaStream {"), "{files:#?}");
}

/// A model named like a primitive (`microsoft.graph.Json`, a workbook type) is gated by its key,
/// as beta's re-export of it asks v1.0 to compile it; a field of that type stays the primitive.
#[test]
fn a_model_named_like_a_primitive_is_gated_by_its_key() {
    let types = vec![
        with(def("Json", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
        with(def("range", "microsoft.graph", ApiVersion::V1), &[("values", "Json")]),
    ];
    let model = Model { types, ..Model::default() };
    let mut set = build(&model, ApiVersion::V1);
    set.gate([("microsoft.graph.json", Some("beta-all-models".to_owned()))]);
    let wiring: BTreeMap<String, Vec<String>> = set.wiring().into_iter().collect();
    assert_eq!(wiring["beta-all-models"], ["v1-model.Json"]);
    let files: BTreeMap<String, String> = set.files().into_iter().map(|(p, t)| (p, t.to_string())).collect();
    assert!(files["range.rs"].contains("pub values : Option < serde_json :: Value >"), "{}", files["range.rs"]);
}
