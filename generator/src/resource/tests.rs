use super::*;
use crate::model::ApiVersion;

fn read(text: &str, kind: PageKind, locale: &str) -> ResourceResult {
    read_file("x/resources/user.md", text, kind, locale)
}

fn read_file(file: &str, text: &str, kind: PageKind, locale: &str) -> ResourceResult {
    let input = PageInput {
        file: file.into(),
        text: text.into(),
        locale: Some(locale.into()),
        version: Some(ApiVersion::V1),
        folder_kind: Some(kind),
    };
    super::read(crate::doc::open_as(&input, kind))
}

const USER: &str = r#"---
doc_type: resourcePageType
---
# user resource type

Namespace: microsoft.graph

## Properties

| Property | Type | Description |
|:---|:---|:---|
| aboutMe | String | A freeform text entry. |
| assignedLicenses | [assignedLicense](assignedlicense.md) collection | The licenses. |
| businessPhones | String collection | Phone numbers. |
| ageGroup | see below | Not a type. |

### Legal age group values

| Member | Description |
|:---|:---|
| null | Default. |

## Relationships

| Relationship | Type | Description |
|:---|:---|:---|
| manager | [directoryObject](directoryobject.md) | The manager. |

## JSON representation

<!--{
  "blockType": "resource",
  "baseType": "microsoft.graph.directoryObject",
  "openType": true,
  "@odata.type": "microsoft.graph.user",
}-->
"#;

#[test]
fn a_resource_page_becomes_a_type() {
    let r = read(USER, PageKind::Resource, "en-us");
    let [user] = &r.types[..] else { panic!("{r:#?}") };
    assert_eq!((user.namespace.as_str(), user.name.as_str()), ("microsoft.graph", "user"));
    assert_eq!(user.base_type.as_deref(), Some("microsoft.graph.directoryObject"));
    assert!(user.open_type);
    let props: Vec<(&str, &str, bool)> =
        user.properties.iter().map(|p| (p.name.as_str(), p.type_name.as_str(), p.collection)).collect();
    assert_eq!(
        props,
        [
            ("aboutMe", "String", false),
            ("assignedLicenses", "assignedLicense", true),
            ("businessPhones", "String", true)
        ]
    );
    assert_eq!(user.properties[0].source.line, 12);
    assert_eq!(user.relationships[0].type_name, "directoryObject");
    // The unreadable type is reported, the sub-section's table is not a property table.
    let codes: Vec<Code> = r.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::ResourceRowUnreadable]);
}

#[test]
fn a_translation_is_read_by_anchor_and_position() {
    let zh = USER
        .replace("## Properties", "## <a name=\"properties\"></a>属性")
        .replace("| Property | Type | Description |", "| 属性 | 类型 | 说明 |")
        .replace("## Relationships", "## <a name=\"relationships\"></a>关系")
        .replace("A freeform text entry.", "自由格式文本。");
    let r = read(&zh, PageKind::Resource, "zh-cn");
    let [user] = &r.types[..] else { panic!("{r:#?}") };
    assert_eq!(user.properties.len(), 3);
    assert_eq!(user.properties[0].description.as_deref(), Some("自由格式文本。"));
    assert_eq!(user.relationships.len(), 1);
}

#[test]
fn an_overview_under_resources_is_no_type() {
    let r = read("# Intune overview\n\nProse.\n", PageKind::Resource, "en-us");
    assert!(r.types.is_empty() && r.diagnostics.is_empty(), "{r:#?}");
}

#[test]
fn enum_pages_list_their_members() {
    let text = "# Enum values\n\n### callState values\n\n|Member|Value|\n|:--|:--|\n|incoming|0|\n|established|1|\n\n### changeType values\n\n|Member|\n|:--|\n|created|\n";
    let r = read(text, PageKind::Enum, "en-us");
    let names: Vec<(&str, usize)> = r.enums.iter().map(|e| (e.name.as_str(), e.members.len())).collect();
    assert_eq!(names, [("callState", 2), ("changeType", 1)]);
    assert_eq!(r.enums[0].members[1].value, Some(1));
}

/// en-2021's `clonableteamparts.md`: the title names the one enum, its file name confirms the
/// title, and the `## Members` section is not a name (read as a list, the enum was `Members`).
const CLONABLE_TEAM_PARTS: &str = "---\ntitle: \"clonableTeamParts enum type\"\ndoc_type: enumPageType\n---\n\n\
# clonableTeamParts enum type\n\nNamespace: microsoft.graph\n\nDescribes which part of a team should be cloned.\n\n\
## Members\n\n| Member | Value| Description |\n|:---|:---|:---|\n|apps|1|Copy the apps.|\n|tabs|2|Copy the tabs.|\n";

#[test]
fn a_one_enum_page_is_named_by_its_title() {
    let names = |r: &ResourceResult| r.enums.iter().map(|e| (e.name.clone(), e.members.len())).collect::<Vec<_>>();
    for file in ["v1.0/resources/clonableteamparts.md", "beta/resources/intune-teams-clonableteamparts.md"] {
        let r = read_file(file, CLONABLE_TEAM_PARTS, PageKind::Enum, "en-us");
        assert_eq!(names(&r), [("clonableTeamParts".to_owned(), 2)], "{file}");
        assert_eq!(r.enums[0].source.line, 6, "the title's line");
    }
    // A translated title keeps the identifier.
    let zh = CLONABLE_TEAM_PARTS.replace("enum type\n\nNamespace", "枚举类型\n\nNamespace");
    assert_eq!(names(&read_file("zh/clonableteamparts.md", &zh, PageKind::Enum, "zh-cn"))[0].0, "clonableTeamParts");
    // The file name does not confirm the title (or only starts with it): neither the title nor
    // the section names the enum.
    for file in ["beta/resources/teamparts.md", "beta/resources/clonableteampartsenumtype.md"] {
        let r = read_file(file, CLONABLE_TEAM_PARTS, PageKind::Enum, "en-us");
        assert!(r.enums.is_empty(), "{file}: {:#?}", r.enums);
        let codes: Vec<Code> = r.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::ResourceWithoutName], "{file}");
    }
    // A list of one enum: its heading below the page's sections names it.
    let one = "# Enum values\n\n### callState values\n\n|Member|\n|:--|\n|incoming|\n";
    assert_eq!(names(&read_file("v1.0/resources/enums.md", one, PageKind::Enum, "en-us"))[0].0, "callState");
}

/// A list page's namespace line applies to its enums (`enums-callrecords.md`); a title that
/// happens to start like the file name (`Enum values` in `enums.md`) does not make it a page
/// about one enum when it lists several.
#[test]
fn a_list_page_names_each_enum_by_its_heading_in_its_namespace() {
    let text = "# Call records enum values\n\nNamespace: microsoft.graph.callRecords\n\n### callType values\n\n\
|Member|\n|:--|\n|groupCall|\n\n### modality values\n\n|Member|\n|:--|\n|audio|\n";
    let r = read_file("v1.0/resources/enums-callrecords.md", text, PageKind::Enum, "en-us");
    let names: Vec<(&str, &str)> = r.enums.iter().map(|e| (e.namespace.as_str(), e.name.as_str())).collect();
    assert_eq!(names, [("microsoft.graph.callRecords", "callType"), ("microsoft.graph.callRecords", "modality")]);
    let text = "# Enum values\n\n### callState values\n\n|Member|\n|:--|\n|incoming|\n\n### changeType values\n\n\
|Member|\n|:--|\n|created|\n";
    let r = read_file("v1.0/resources/enums.md", text, PageKind::Enum, "en-us");
    let names: Vec<(&str, &str)> = r.enums.iter().map(|e| (e.namespace.as_str(), e.name.as_str())).collect();
    assert_eq!(names, [("microsoft.graph", "callState"), ("microsoft.graph", "changeType")]);
}

/// `controlScore` (en-2021): the properties table right under the title, cells padded with
/// tabs, no Properties heading; a Methods table beside it is not read as properties.
const CONTROL_SCORE: &str = "# controlScore resource type\n\nNamespace: microsoft.graph\n\n\
|Name |Type |Description |\n|:--|:--|:--|\n|\tcontrolName\t|\tString\t|\tControl unique name\t|\n\
|\tscore\t|\tDouble\t|  Tenant achieved score. |\n|\tretired\t|\tBoolean\t| Not in the representation. |\n\n\
## Methods\n\n| Method | Return type | Description |\n|:--|:--|:--|\n| [Get](../api/x-get.md) | [controlScore](controlscore.md) | Read it. |\n\n\
## JSON representation\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.controlScore\"\n}-->\n\n\
```json\n{\n  \"controlName\": \"String\",\n  \"score\": \"Double\"\n}\n```\n";

#[test]
fn without_a_properties_heading_the_table_the_representation_confirms_is_read() {
    let r = read(CONTROL_SCORE, PageKind::Resource, "en-us");
    let [score] = &r.types[..] else { panic!("{r:#?}") };
    let props: Vec<(&str, &str)> = score.properties.iter().map(|p| (p.name.as_str(), p.type_name.as_str())).collect();
    assert_eq!(props, [("controlName", "String"), ("score", "Double")]);
    assert_eq!(score.properties[1].description.as_deref(), Some("Tenant achieved score."));
    assert_eq!(score.properties[0].source.line, 7);
    // The row the representation does not have is reported; the Methods table is silent.
    let [d] = &r.diagnostics[..] else { panic!("{:#?}", r.diagnostics) };
    assert_eq!(d.code, Code::ResourceRowUnreadable);
    assert!(d.message.contains("`retired`"), "{}", d.message);
}

#[test]
fn without_a_properties_heading_a_table_the_representation_does_not_confirm_is_not_read() {
    // Most rows are not keys of the representation: not its properties table.
    let other = CONTROL_SCORE.replace("\"score\": \"Double\"", "\"other\": \"Double\"");
    let r = read(&other, PageKind::Resource, "en-us");
    assert!(r.types[0].properties.is_empty(), "{:#?}", r.types[0].properties);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    // No representation after the annotation: nothing confirms any table.
    let cut = CONTROL_SCORE.split("```json").next().unwrap();
    let r = read(cut, PageKind::Resource, "en-us");
    assert!(r.types[0].properties.is_empty() && r.diagnostics.is_empty(), "{r:#?}");
}

#[test]
fn a_methods_table_says_what_its_linked_operations_return() {
    let page = r#"# user resource type

Namespace: microsoft.graph

## Methods

| Method | Return type | Description |
|:---|:---|:---|
| [List joinedTeams](../api/user-list-joinedteams.md) | [team](team.md) collection | The teams. |
| [Get user](../api/User-Get.md) | [user](user.md) | One user. |
| [Delete user](../api/user-delete.md) | None | Deletes. |
| [Overview](/graph/teams-concept-overview) | [team](team.md) | Not an operation page. |

## Properties

| Property | Type | Description |
|:---|:---|:---|
| aboutMe | String | A freeform text entry. |
"#;
    let r = read(page, PageKind::Resource, "en-us");
    let [user] = &r.types[..] else { panic!("{r:#?}") };
    let methods: Vec<(&str, &str, bool)> =
        user.methods.iter().map(|m| (m.name.as_str(), m.type_name.as_str(), m.collection)).collect();
    // `None` reads as a name here; the merge knows no such type.
    assert_eq!(
        methods,
        [("user-list-joinedteams", "team", true), ("user-get", "user", false), ("user-delete", "None", false)]
    );
}

#[test]
fn a_type_cell_linking_a_page_not_named_after_its_text_keeps_the_link_for_the_merge() {
    let page = r##"# contact resource type

Namespace: microsoft.graph

## Relationships

| Relationship | Type | Description |
|:---|:---|:---|
| photo | [photo](profilephoto.md) | Optional contact picture. |
| manager | [user](user.md) | Named after its page. |
| targets | [invitationParticipantInfo](participantinfo.md) collection | Shown in the representation. |
| kind | [chatType](chat.md#chattype-values) | An anchor: a section of the page. |

## JSON representation

<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.contact" } -->
```json
{
  "targets": [{"@odata.type": "#microsoft.graph.invitationParticipantInfo"}],
  "photo": "String"
}
```
"##;
    let r = read(page, PageKind::Resource, "en-us");
    let [contact] = &r.types[..] else { panic!("{r:#?}") };
    let links: Vec<(&str, Option<&str>, Option<&str>)> = contact
        .relationships
        .iter()
        .map(|p| {
            let link = p.link.as_ref();
            (p.type_name.as_str(), link.map(|l| l.page.as_str()), link.and_then(|l| l.representation.as_deref()))
        })
        .collect();
    assert_eq!(
        links,
        [
            ("photo", Some("resources/profilephoto"), None),
            ("user", None, None),
            (
                "invitationParticipantInfo",
                Some("resources/participantinfo"),
                Some("microsoft.graph.invitationParticipantInfo")
            ),
            ("chatType", None, None),
        ]
    );
}
