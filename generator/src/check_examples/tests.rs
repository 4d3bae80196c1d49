//! Each check on a small hand-written page and hand-written types.

use super::*;
use crate::model::{ApiVersion, EnumDef, Property, TypeDef, TypeLink};
use crate::page::{self, NoIncludes, PageInput};

fn prop(name: &str, type_name: &str, collection: bool) -> Property {
    Property {
        name: name.into(),
        type_name: type_name.into(),
        collection,
        description: None,
        source: Source { file: "r.md".into(), line: 1 },
        link: None,
    }
}

fn ty(name: &str, base: Option<&str>, open: bool, props: Vec<Property>) -> TypeDef {
    TypeDef { base_type: base.map(str::to_owned), open_type: open, properties: props, ..TypeDef::sample(name) }
}

fn types() -> (Vec<TypeDef>, Vec<EnumDef>) {
    let types = vec![
        ty("entity", None, false, vec![prop("id", "String", false)]),
        ty(
            "user",
            Some("microsoft.graph.entity"),
            false,
            vec![
                prop("displayName", "String", false),
                prop("accountEnabled", "Boolean", false),
                prop("age", "Int32", false),
                prop("businessPhones", "String", true),
                prop("address", "physicalAddress", false),
                prop("kind", "userKind", false),
                prop("extra", "Json", false),
                prop("createdDateTime", "DateTimeOffset", false),
                prop("groupIds", "Guid", true),
                // Spellings some pages use for Boolean and Int32.
                prop("isAdmin", "bool", false),
                prop("rank", "int", false),
            ],
        ),
        ty("physicalAddress", None, false, vec![prop("city", "String", false)]),
        ty("bag", None, true, vec![]),
        ty(
            "room",
            None,
            false,
            vec![Property {
                description: Some("Inherited from [place](place.md).".into()),
                ..prop("label", "String", false)
            }],
        ),
        ty("group", Some("microsoft.graph.entity"), false, vec![]),
        ty("admin", Some("microsoft.graph.user"), false, vec![prop("level", "Int32", false)]),
    ];
    let enums = vec![EnumDef {
        name: "userKind".into(),
        namespace: "microsoft.graph".into(),
        version: Some(ApiVersion::V1),
        members: Vec::new(),
        source: Source { file: "e.md".into(), line: 1 },
        locale: "en-us".into(),
    }];
    (types, enums)
}

/// A response example of `odata_type` with `body`, as an API page writes it.
fn page_text(annotation: &str, body: &str) -> String {
    format!(
        "---\ntitle: Get user\n---\n# Get user\n\n## HTTP request\n\n```http\nGET /users/{{id}}\n```\n\n## Permissions\n\n|Permission type|Permissions|\n|:--|:--|\n|Application|User.Read.All|\n\n## Response\n\nReturns `200 OK`.\n\n## Example\n\n<!-- {{ \"blockType\": \"response\"{annotation} }} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{body}\n```\n"
    )
}

/// Runs page → merge → check on one page and the hand-written types.
fn run(annotation: &str, body: &str) -> (Tally, Vec<Diagnostic>, String) {
    let text = page_text(annotation, body);
    let input = PageInput {
        file: "v1.0/api/user-get.md".into(),
        text: text.clone(),
        locale: Some("en-us".into()),
        version: Some(ApiVersion::V1),
        folder_kind: None,
    };
    let parsed = page::parse(&input, &NoIncludes);
    let mut sources = SourceMap::new();
    sources.add(&input.file, text.clone());
    let pages: Vec<_> = parsed.page.into_iter().collect();
    let (mut model, _) = crate::merge::merge(&pages, &sources);
    (model.types, model.enums) = types();
    let (tally, diagnostics) = check(&model, &sources);
    (tally, diagnostics, text)
}

/// (code, line text) of each diagnostic.
fn found(annotation: &str, body: &str) -> Vec<(Code, String)> {
    let (_, diagnostics, text) = run(annotation, body);
    diagnostics
        .iter()
        .map(|d| (d.code, text.lines().nth(d.line as usize - 1).unwrap_or("").trim().to_owned()))
        .collect()
}

const USER: &str = ", \"@odata.type\": \"microsoft.graph.user\"";

#[test]
fn a_matching_example_is_clean_and_counted() {
    let body = "{\n  \"@odata.context\": \"x\",\n  \"id\": \"1\",\n  \"displayName\": \"A\",\n  \"accountEnabled\": true,\n  \"age\": 3,\n  \"businessPhones\": [\"1\"],\n  \"address\": {\"city\": \"B\"},\n  \"kind\": \"member\",\n  \"extra\": \"any JSON\",\n  \"manager@odata.bind\": \"y\",\n  \"age@microsoft.graph.note\": 1,\n  \"displayName\": null\n}";
    let (tally, diagnostics, _) = run(USER, body);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert_eq!((tally.responses, tally.json_bodies, tally.checked, tally.clean), (1, 1, 1, 1));
}

#[test]
fn unknown_property_at_its_line_with_base_properties_known() {
    let body = "{\n  \"id\": \"1\",\n  \"dispayName\": \"A\"\n}";
    assert_eq!(found(USER, body), vec![(Code::ExampleUnknownProperty, "\"dispayName\": \"A\"".to_owned())]);
    let (tally, diagnostics, _) = run(USER, body);
    assert_eq!((tally.checked, tally.clean), (1, 0));
    assert!(diagnostics[0].message.starts_with("`dispayName` is not a property of `microsoft.graph.user`"));
    assert_eq!(diagnostics[0].column, 3, "the caret is on the key");
}

#[test]
fn open_types_take_any_property() {
    assert!(found(", \"@odata.type\": \"microsoft.graph.bag\"", "{ \"anything\": 1 }").is_empty());
}

#[test]
fn a_base_type_stated_in_prose_only_leaves_unlisted_properties_unreported() {
    let room = ", \"@odata.type\": \"microsoft.graph.room\"";
    assert!(found(room, "{ \"label\": \"A\", \"fromTheBase\": 1 }").is_empty());
    // Listed properties are still checked.
    assert_eq!(found(room, "{\n\"label\": 1\n}"), vec![(Code::ExampleWrongJsonType, "\"label\": 1".to_owned())]);
}

#[test]
fn wrong_json_types() {
    let cases = [
        ("{\n\"displayName\": 1\n}", "\"displayName\": 1"),
        ("{\n\"accountEnabled\": \"true\"\n}", "\"accountEnabled\": \"true\""),
        ("{\n\"age\": 1.5\n}", "\"age\": 1.5"),
        ("{\n\"businessPhones\": \"1\"\n}", "\"businessPhones\": \"1\""),
        ("{\n\"businessPhones\": [1, 2]\n}", "\"businessPhones\": [1, 2]"),
        ("{\n\"address\": \"Main St\"\n}", "\"address\": \"Main St\""),
        ("{\n\"displayName\": [\"A\"]\n}", "\"displayName\": [\"A\"]"),
        ("{\n\"kind\": 1\n}", "\"kind\": 1"),
        ("{\n\"isAdmin\": \"yes\"\n}", "\"isAdmin\": \"yes\""),
        ("{\n\"rank\": \"first\"\n}", "\"rank\": \"first\""),
    ];
    for (body, line) in cases {
        assert_eq!(found(USER, body), vec![(Code::ExampleWrongJsonType, line.to_owned())], "{body}");
    }
}

#[test]
fn values_whose_format_does_not_parse() {
    let valid = "{\n\"createdDateTime\": \"2021-03-01T08:00:00Z\",\n\"groupIds\": [\"6f1b7e3a-0c4f-4a39-9b1e-2f3c4d5e6f70\"],\n\"age\": 30\n}";
    assert!(found(USER, valid).is_empty());
    let cases = [
        ("{\n\"createdDateTime\": \"2021-03-01T08:00:00\"\n}", "\"createdDateTime\": \"2021-03-01T08:00:00\""),
        ("{\n\"groupIds\": [\"a\", \"b\"]\n}", "\"groupIds\": [\"a\", \"b\"]"),
        ("{\n\"age\": 3000000000\n}", "\"age\": 3000000000"),
    ];
    for (body, line) in cases {
        // One report per property, also for a collection with several bad items.
        assert_eq!(found(USER, body), vec![(Code::ExampleValueFormat, line.to_owned())], "{body}");
    }
    let (tally, diagnostics, _) = run(USER, cases[0].0);
    assert_eq!((tally.checked, tally.clean), (1, 0));
    assert!(diagnostics[0].message.contains("not a valid `DateTimeOffset`"), "{}", diagnostics[0].message);
}

#[test]
fn nested_objects_and_collection_items_are_checked() {
    let body = "{\n  \"value\": [\n    {\"id\": \"1\"},\n    {\"address\": {\n      \"town\": \"B\"\n    }}\n  ]\n}";
    let coll = ", \"@odata.type\": \"microsoft.graph.user\", \"isCollection\": true";
    assert_eq!(found(coll, body), vec![(Code::ExampleUnknownProperty, "\"town\": \"B\"".to_owned())]);
    // A top-level `value` array means a collection even without `isCollection`.
    assert_eq!(found(USER, body), vec![(Code::ExampleUnknownProperty, "\"town\": \"B\"".to_owned())]);
}

#[test]
fn odata_type_inside_the_json() {
    // A derived type brings its own properties.
    assert!(found(USER, "{\"@odata.type\": \"#microsoft.graph.admin\", \"level\": 2}").is_empty());
    let unrelated = "{\n\"@odata.type\": \"#microsoft.graph.group\"\n}";
    assert_eq!(
        found(USER, unrelated),
        vec![(Code::ExampleTypeNotDerived, "\"@odata.type\": \"#microsoft.graph.group\"".to_owned())]
    );
    // A type whose page names no base type may derive from anything: not reported.
    assert!(found(USER, "{\"@odata.type\": \"#microsoft.graph.physicalAddress\"}").is_empty());
    // A type no page describes: one diagnostic, not one per property.
    let missing = "{\n\"@odata.type\": \"#microsoft.graph.robot\",\n\"a\": 1,\n\"b\": 2\n}";
    assert_eq!(
        found(USER, missing),
        vec![(Code::ExampleUnknownType, "\"@odata.type\": \"#microsoft.graph.robot\",".to_owned())]
    );
}

#[test]
fn a_documented_type_the_model_lacks_is_one_diagnostic() {
    let body = "{\n\"a\": 1,\n\"b\": 2\n}";
    let (tally, diagnostics, _) = run(", \"@odata.type\": \"microsoft.graph.foo\"", body);
    let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, vec![Code::ExampleUnknownType]);
    assert_eq!(tally.checked, 0);
}

#[test]
fn invalid_json_is_a_warning_at_its_line_and_truncated_json_a_note() {
    let body = "{\n  \"id\": \"1\",\n  \"displayName\" \"A\"\n}";
    assert_eq!(found(USER, body), vec![(Code::ExampleInvalidJson, "\"displayName\" \"A\"".to_owned())]);
    // Truncated: one note, and what reads is still checked (`...` and comments skipped).
    let truncated = ", \"truncated\": true, \"@odata.type\": \"microsoft.graph.user\"";
    let body = "{\n  \"id\": \"1\",\n  ...\n  // more\n  \"dispayName\": \"A\"\n}";
    let got = found(truncated, body);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].0, Code::ExampleTruncatedNotJson);
    assert_eq!(got[1], (Code::ExampleUnknownProperty, "\"dispayName\": \"A\"".to_owned()));
}

#[test]
fn the_operation_link_stands_in_for_a_missing_annotation_type() {
    let text = page_text("", "{\n\"bogus\": 1\n}");
    let (_, diagnostics, _) = run("", "{\n\"bogus\": 1\n}");
    assert!(diagnostics.is_empty(), "no annotation type and no link: nothing to check");
    let input = PageInput {
        file: "v1.0/api/user-get.md".into(),
        text: text.clone(),
        locale: Some("en-us".into()),
        version: Some(ApiVersion::V1),
        folder_kind: None,
    };
    let pages: Vec<_> = page::parse(&input, &NoIncludes).page.into_iter().collect();
    let mut sources = SourceMap::new();
    sources.add(&input.file, text);
    let (mut model, _) = crate::merge::merge(&pages, &sources);
    (model.types, model.enums) = types();
    model.operations[0].response_type = Some(TypeLink {
        type_name: "microsoft.graph.user".into(),
        collection: Some(false),
        source: Source { file: "x".into(), line: 1 },
        prose: None,
    });
    let (_, diagnostics) = check(&model, &sources);
    let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, vec![Code::ExampleUnknownProperty]);
}

#[test]
fn ellipses_are_blanked_outside_strings_only() {
    assert_eq!(blank_ellipses("[1, ..., \"a...\"]"), "[1,    , \"a...\"]");
    assert_eq!(blank_ellipses("{…}").len(), "{…}".len());
}

/// A type name on a page of another namespace is read there first: `group` on a term store
/// page is `microsoft.graph.termStore.group`, on Graph's own pages Graph's `group`; a base
/// type is read in the namespace of the page naming it.
#[test]
fn type_names_are_read_in_the_namespace_of_their_page() {
    const TERM_STORE: &str = "microsoft.graph.termStore";
    let in_term_store = |t: TypeDef| TypeDef { namespace: TERM_STORE.into(), ..t };
    let model = Model {
        types: vec![
            ty("group", None, false, vec![prop("mail", "String", false)]),
            in_term_store(ty("group", None, false, vec![prop("displayName", "String", false)])),
            in_term_store(ty("set", Some("group"), false, vec![prop("parentGroup", "group", false)])),
        ],
        ..Model::default()
    };
    let index = types::TypeIndex::new(&model);
    let version = model.types[0].version;
    let namespace_of = |t: Option<&TypeDef>| t.map(|t| t.namespace.clone());
    assert_eq!(namespace_of(index.get_in(version, "group", TERM_STORE)).as_deref(), Some(TERM_STORE));
    assert_eq!(namespace_of(index.get(version, "group")).as_deref(), Some("microsoft.graph"));
    let set = &model.types[2];
    let members = index.members(set).expect("the set's members");
    assert!(members.by_name.contains_key("displayName"), "the base read in the term store");
    assert!(!members.by_name.contains_key("mail"), "not Graph's group");
    let (parent, namespace) = members.by_name["parentGroup"];
    match index.expect(version, &parent.type_name, namespace) {
        types::Expect::Object(t) => assert_eq!(t.namespace, TERM_STORE),
        other => panic!("{other:?}"),
    }
}
