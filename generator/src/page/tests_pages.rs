//! Small hand-written pages, one behaviour each.

use super::*;
use crate::doc::IncludeError;
use crate::model::{ApiVersion, Body, PageKind, Scheme, SchemePermissions};

fn run(text: &str, includes: &dyn Includes) -> PageResult {
    let input = PageInput {
        file: "en-us/api-reference/v1.0/api/x.md".into(),
        text: text.into(),
        locale: Some("en-us".into()),
        version: Some(ApiVersion::V1),
        folder_kind: None,
    };
    parse(&input, includes)
}

fn run_in(folder: PageKind, text: &str) -> PageResult {
    let input = PageInput {
        file: "x.md".into(),
        text: text.into(),
        locale: Some("en-us".into()),
        version: Some(ApiVersion::V1),
        folder_kind: Some(folder),
    };
    parse(&input, &NoIncludes)
}

fn codes(r: &PageResult) -> Vec<Code> {
    r.diagnostics.iter().map(|d| d.code).collect()
}

const HTTP: &str = "## HTTP request\n```http\nGET /me/x\nGET https://graph.microsoft.com/v1.0/me/x\nPOST\n```\n";

#[test]
fn empty_file() {
    let r = run(" \n\t\n", &NoIncludes);
    assert!(r.page.is_none());
    assert_eq!(codes(&r), [Code::EmptyFile]);
}

#[test]
fn resource_page_is_skipped() {
    let r = run("---\ndoc_type: resourcePageType\n---\n# user resource type\n", &NoIncludes);
    assert!(r.page.is_none());
    assert_eq!(codes(&r), [Code::NotAnApiPage]);
}

#[test]
fn pages_in_a_resources_folder_are_types_without_a_word() {
    let r = run_in(PageKind::Resource, "---\ndoc_type: resourcePageType\n---\n# user resource type\n");
    assert_eq!((r.kind, r.page.is_none(), codes(&r)), (PageKind::Resource, true, vec![]));
    // No doc_type at all (13 en-2021 overview pages): the folder decides.
    let r = run_in(PageKind::Resource, "# Intune overview\n");
    assert_eq!((r.kind, codes(&r)), (PageKind::Resource, vec![]));
}

#[test]
fn folder_and_front_matter_disagree_and_the_request_block_decides() {
    // A resource page that kept `apiPageType` from the page it was copied from.
    let copied = "---\ndoc_type: apiPageType\n---\n# fido2 resource type\n\n## Properties\n";
    let r = run_in(PageKind::Resource, copied);
    assert_eq!((r.kind, r.page.is_none(), codes(&r)), (PageKind::Resource, true, vec![Code::PageKindDisagreement]));
    assert!(
        r.diagnostics[0].message.contains("read as a resource page because it has no HTTP request"),
        "{:?}",
        r.diagnostics
    );
    assert_eq!(r.diagnostics[0].line, 2);
    // An API page that says `resourcePageType`: it is still an operation.
    let api = format!("---\ndoc_type: resourcePageType\n---\n# List legalHolds\n\n{HTTP}");
    let r = run_in(PageKind::Api, &api);
    assert_eq!(r.kind, PageKind::Api);
    assert!(r.page.as_ref().is_some_and(|p| !p.endpoints.is_empty()));
    assert!(codes(&r).contains(&Code::PageKindDisagreement));
}

#[test]
fn an_unknown_doc_type_in_a_flat_folder_is_judged_by_its_content() {
    let r = run(&format!("---\ndoc_type: somethingNew\n---\n# Get x\n\n{HTTP}"), &NoIncludes);
    assert_eq!(r.kind, PageKind::Api);
    let r = run("---\ndoc_type: somethingNew\n---\n# About x\n\nProse.\n", &NoIncludes);
    assert_eq!((r.kind, codes(&r)), (PageKind::Overview, vec![Code::NotAnApiPage]));
}

#[test]
fn no_http_request_section() {
    let r = run("# Get x\n\n## Permissions\n\nNone.\n", &NoIncludes);
    let p = r.page.as_ref().expect("page");
    assert!(p.endpoints.is_empty());
    assert!(codes(&r).contains(&Code::NoHttpRequest));
    assert_eq!(p.permissions, Some(vec![]));
}

#[test]
fn endpoints_dedupe_and_bad_line() {
    let r = run(&format!("# Get x\n{HTTP}"), &NoIncludes);
    let p = r.page.as_ref().expect("page");
    assert_eq!(p.endpoints.len(), 1);
    assert_eq!(p.endpoints[0].source.line, 4);
    assert_eq!(codes(&r), [Code::BadRequestLine, Code::NoPermissions]);
    assert_eq!(r.diagnostics[0].line, 6);
}

#[test]
fn malformed_annotation_on_a_page() {
    let r = run(&format!("# Get x\n<!-- {{ \"blockType\": \"request\" \"name\" }} -->\n{HTTP}"), &NoIncludes);
    assert!(codes(&r).contains(&Code::AnnotationInvalid));
    assert_eq!(r.page.as_ref().map(|p| p.endpoints.len()), Some(1));
}

#[test]
fn multi_table_permissions_are_scoped() {
    let text = "# Get x\n## Permissions\n### Permissions acting on self\n\n|Permission type|Permissions (from least to most privileged)|\n|:--|:--|\n|Delegated (work or school account)|A.Read, A.ReadWrite|\n|Delegated (personal Microsoft account)|Not supported.|\n|Application|Not supported.|\n\n### Permissions acting on other users\n\n|Permission type|Permissions (from least to most privileged)|\n|:--|:--|\n|Delegated (work or school account)|A.Read.All|\n|Delegated (personal Microsoft account)|Not supported.|\n|Application|A.Read.All|\n";
    let r = run(text, &NoIncludes);
    let tables = r.page.as_ref().and_then(|p| p.permissions.clone()).expect("permissions");
    assert_eq!(tables.len(), 2);
    assert_eq!(tables[0].scope.as_deref(), Some("Permissions acting on self"));
    assert_eq!(tables[1].scope.as_deref(), Some("Permissions acting on other users"));
    assert_eq!(tables[0].delegated_work.least_names(), ["A.Read"]);
    assert_eq!(tables[0].delegated_work.names(), ["A.Read", "A.ReadWrite"]);
    assert_eq!(tables[1].application.least_names(), ["A.Read.All"]);
}

#[test]
fn most_to_least_is_reversed_and_4_columns_scope_by_resource() {
    let text = "# Get x\n## Permissions\n|Permission type|Permissions (from most to least privileged)|\n|:--|:--|\n|Delegated (work or school account)|B.ReadWrite.All, B.Read.All|\n|Application|B.Read.All|\n\n| Supported resource | Delegated (work or school account) | Delegated (personal Microsoft account) | Application |\n|:--|:--|:--|:--|\n|[chat](x.md) | C.Read | Not supported | C.Read.All |\n";
    let r = run(text, &NoIncludes);
    let tables = r.page.as_ref().and_then(|p| p.permissions.clone()).expect("permissions");
    assert_eq!(tables.len(), 2, "{tables:?}");
    assert_eq!(tables[0].delegated_work.least_names(), ["B.Read.All"]);
    assert_eq!(tables[0].delegated_work.names(), ["B.Read.All", "B.ReadWrite.All"]);
    assert!(matches!(tables[0].delegated_personal, SchemePermissions::Unspecified { source: None, .. }));
    assert_eq!(tables[1].scope.as_deref(), Some("chat"));
    assert!(matches!(tables[1].scheme(Scheme::DelegatedPersonal), SchemePermissions::NotSupported { .. }));
}

struct OneInclude;

impl Includes for OneInclude {
    fn resolve(&self, page_file: &str, target: &str) -> Result<IncludedText, IncludeError> {
        assert_eq!(page_file, "en-us/api-reference/v1.0/api/x.md");
        match target {
            "../includes/permissions/x-permissions.md" => Ok(IncludedText {
                file: "en-us/api-reference/v1.0/includes/permissions/x-permissions.md".into(),
                text: "---\ndescription: DO NOT MODIFY\n---\n|Permission type|Least privileged permissions|Higher privileged permissions|\n|:---|:---|:---|\n|Delegated (work or school account)|User.Read|User.ReadWrite, Directory.Read.All|\n|Delegated (personal Microsoft account)|Not supported.|Not supported.|\n|Application|User.Read.All|Not available.|\n".into(),
            }),
            "../../../permissions-outside.md" => Err(IncludeError::OutsideRoot),
            _ => Err(IncludeError::Missing),
        }
    }
}

#[test]
fn include_resolved_and_missing() {
    let text = "# Get x\n## Permissions\n<!-- { \"blockType\": \"permissions\", \"name\": \"x\" } -->\n[!INCLUDE [permissions-table](../includes/permissions/x-permissions.md)]\n\n<!-- [!INCLUDE [permissions-table](../includes/permissions/old.md)] -->\n\n### Other\n[!INCLUDE [permissions-table](../includes/permissions/missing.md)]\n## Response\nReturns `200 OK`.\n";
    let r = run(text, &OneInclude);
    let tables = r.page.as_ref().and_then(|p| p.permissions.clone()).expect("permissions");
    assert_eq!(tables.len(), 1);
    assert_eq!(tables[0].delegated_work.least_names(), ["User.Read"]);
    assert_eq!(tables[0].delegated_work.names(), ["User.Read", "User.ReadWrite", "Directory.Read.All"]);
    assert_eq!(tables[0].application.names(), ["User.Read.All"]);
    assert_eq!(&*tables[0].source.file, "en-us/api-reference/v1.0/includes/permissions/x-permissions.md");
    assert_eq!(tables[0].source.line, 4);
    assert_eq!(r.included.len(), 1);
    let c = codes(&r);
    assert!(c.contains(&Code::IncludeMissing), "{c:?}");
    assert_eq!(r.diagnostics.iter().find(|d| d.code == Code::IncludeMissing).map(|d| d.line), Some(9));
    let r = run("# x\n## Permissions\n[!INCLUDE [t](../../../permissions-outside.md)]\n", &OneInclude);
    assert!(codes(&r).contains(&Code::IncludeOutsideRoot));
}

#[test]
fn status_disagreement_and_body() {
    let text = "# Create x\n## Request body\nIn the request body, supply a JSON object.\n## Response\nIf successful, returns `201 Created`.\n## Example\n```http\nHTTP/1.1 200 OK\n```\n";
    let r = run(text, &NoIncludes);
    let p = r.page.as_ref().expect("page");
    assert_eq!(p.body, Body::Expected);
    assert_eq!(p.prose_status.as_ref().map(|s| s.code), Some(201));
    assert_eq!(p.example_status.as_ref().map(|s| (s.code, s.source.line)), Some((200, 8)));
    let d = r.diagnostics.iter().find(|d| d.code == Code::StatusDisagreement).expect("disagreement");
    assert_eq!(d.line, 8);
    let r = run("# x\n## Response\nSomething.\n", &NoIncludes);
    assert!(codes(&r).contains(&Code::NoStatus));
    assert_eq!(r.page.as_ref().map(|p| p.body), Some(Body::Unknown));
}

#[test]
fn unknown_version_and_locale() {
    let input =
        PageInput { file: "x.md".into(), text: "# 12345\n".into(), locale: None, version: None, folder_kind: None };
    let r = parse(&input, &NoIncludes);
    let c = codes(&r);
    assert!(c.contains(&Code::UnknownVersion) && c.contains(&Code::UnknownLocale), "{c:?}");
    assert_eq!(r.page.as_ref().map(|p| p.locale.as_str()), Some("und"));
}

#[test]
fn never_panics_on_odd_input() {
    for text in [
        "```http\nGET /x",
        "# é\n|a|\n|-|\n|é|",
        "---\n",
        "<!--",
        "<!-- {",
        "## HTTP request\n```\nGET {\n```",
        "\u{a0}# x",
    ] {
        let _ = run(text, &NoIncludes);
    }
}

#[test]
fn huge_permission_tables_are_bounded() {
    // 10,000 columns: not read at all.
    let wide = format!(
        "|Permission type|{}\n|-|{}\n|Application|{}\n",
        "x|".repeat(10_000),
        "-|".repeat(10_000),
        "A.B|".repeat(10_000)
    );
    let r = run(&format!("# Get x\n\n## Permissions\n\n{wide}\n{HTTP}"), &NoIncludes);
    assert!(codes(&r).contains(&Code::PermissionsTableTooLarge));
    assert_eq!(r.page.as_ref().and_then(|p| p.permissions.as_ref()).map(Vec::len), Some(0));
    // 1,000 Intune workflows: the scoped tables are capped.
    let mut rows = String::from("|Permission type|Permissions|\n|-|-|\n|Delegated (work or school account)||\n");
    for i in 0..1000 {
        rows.push_str(&format!("| &nbsp; &nbsp; **Workflow {i}** | A.B |\n"));
    }
    let r = run(&format!("# Get x\n\n## Permissions\n\n{rows}\n{HTTP}"), &NoIncludes);
    assert!(codes(&r).contains(&Code::PermissionsTableTooLarge));
    assert_eq!(r.page.as_ref().and_then(|p| p.permissions.as_ref()).map(Vec::len), Some(64));
}

#[test]
fn an_unknown_application_label_under_intune_sub_rows_is_never_a_workflow() {
    // The edition that put Application permissions under the personal scheme: its
    // Application label was unknown and was taken for a workflow of the personal row.
    let (dw, dp, app) = (
        "|Delegated (work or school account)||\n| &nbsp; &nbsp; **Device management** | D.W |\n",
        "|Delegated (personal Microsoft account)|Not supported.|\n",
        "|Programmanwendung-X||\n| &nbsp; &nbsp; **Device management** | A.P |\n",
    );
    let read = |rows: &str| {
        let page = format!("# Get x\n\n## Permissions\n\n|Permission type|Permissions|\n|-|-|\n{rows}\n{HTTP}");
        let r = run(&page, &NoIncludes);
        let tables = r.page.as_ref().and_then(|p| p.permissions.clone()).unwrap_or_default();
        assert_eq!(tables.len(), 1, "{tables:#?}");
        (tables.into_iter().next().expect("one table"), codes(&r))
    };
    // Three scheme rows: the two delegated ones share "Delegated", so the third is Application.
    let (table, _) = read(&format!("{dw}{dp}{app}"));
    assert_eq!(table.scheme(Scheme::DelegatedWork).least_names(), ["D.W"]);
    assert!(matches!(table.delegated_personal, SchemePermissions::NotSupported { .. }));
    assert_eq!(table.scheme(Scheme::Application).least_names(), ["A.P"]);
    // Without the personal row: the unknown label shares no leading word with the work row
    // and has no parenthesis, so it is no delegated sibling: the Application row. Never the
    // personal one.
    let (table, codes) = read(&format!("{dw}{app}"));
    assert_eq!(table.scheme(Scheme::DelegatedWork).least_names(), ["D.W"]);
    assert!(table.scheme(Scheme::DelegatedPersonal).names().is_empty());
    assert_eq!(table.scheme(Scheme::Application).least_names(), ["A.P"], "{table:#?}");
    assert!(!codes.contains(&Code::PermissionRowUnplaced));
    // A second row that may be the personal sibling (a parenthesis) stays unplaced.
    let sibling = "|Programmanwendung (X)||\n| &nbsp; &nbsp; **Device management** | A.P |\n";
    let (table, codes) = read(&format!("{dw}{sibling}"));
    assert!(table.scheme(Scheme::DelegatedPersonal).names().is_empty());
    assert!(table.scheme(Scheme::Application).names().is_empty(), "never guessed: {table:#?}");
    assert!(codes.contains(&Code::PermissionRowUnplaced));
}

#[test]
fn response_and_request_types_come_from_the_annotation_or_the_resource_link() {
    let page = format!(
        "# List users\n\n{HTTP}\n## Request body\nSupply a JSON representation of the [event](../resources/event.md) object.\n\n\
         ## Response\nReturns a collection of [user](../resources/user.md) objects.\n\n## Example\n\
         <!-- {{ \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.user\", \"isCollection\": true }} -->\n\
         ```http\nHTTP/1.1 200 OK\n```\n"
    );
    let p = run(&page, &NoIncludes).page.expect("page");
    let response = p.response_type.expect("response type");
    assert_eq!((response.type_name.as_str(), response.collection), ("microsoft.graph.user", Some(true)));
    let request = p.request_type.expect("request type");
    assert_eq!((request.type_name.as_str(), request.collection), ("resources/event", None));
    // Without the annotation, the Response section's link stands in (collection unknown);
    // a body section with a parameter table is an action's parameters, not a type.
    let page = format!(
        "# Get x\n\n{HTTP}\n## Request body\n| Parameter | Type |\n|:--|:--|\n| a | [event](../resources/event.md) |\n\n\
         ## Response\nReturns a [user](../resources/User.md) object.\n"
    );
    let p = run(&page, &NoIncludes).page.expect("page");
    assert_eq!(p.response_type.map(|t| (t.type_name, t.collection)), Some(("resources/user".to_owned(), None)));
    assert_eq!(p.request_type, None);
    // Prose linking two resources does not say which one is returned.
    let page = format!(
        "# Get x\n\n{HTTP}\n## Response\nReturns the [team](../resources/team.md) [drive](../resources/drive.md).\n"
    );
    assert_eq!(run(&page, &NoIncludes).page.expect("page").response_type, None);
}

/// Where the prose's only link names another page than the annotation's type, the link keeps
/// it for the merge to weigh; a link whose text names another type than its page says nothing.
#[test]
fn a_response_prose_naming_another_type_is_kept_beside_the_annotation() {
    let page = |prose: &str| {
        format!(
            "# Get x\n\n{HTTP}\n## Response\nReturns a {prose} object.\n\n## Example\n\
             <!-- {{ \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.team\" }} -->\n\
             ```http\nHTTP/1.1 200 OK\n```\n"
        )
    };
    let prose = |prose: &str| {
        let p = run(&page(prose), &NoIncludes).page.expect("page");
        let link = p.response_type.expect("response type");
        assert_eq!(link.type_name, "microsoft.graph.team");
        link.prose.map(|p| p.type_name)
    };
    assert_eq!(prose("[channel](../resources/channel.md)").as_deref(), Some("resources/channel"));
    assert_eq!(prose("[team](../resources/team.md)"), None, "the same type");
    assert_eq!(prose("[team](../resources/channel.md)"), None, "the link's text and page disagree");
    assert_eq!(prose("[channel](../resources/channel.md) or [chat](../resources/chat.md)"), None);
}

/// A heading copied from another page loses to the front matter title that names the page's
/// own action: the operation key follows the action, not the copied heading.
#[test]
fn a_copied_heading_loses_to_the_title_naming_the_action() {
    let page = |title: &str, heading: &str| {
        format!(
            "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n\n# {heading}\n\nAdds a certificate.\n\n## HTTP request\n\n```http\nPOST /servicePrincipals/{{id}}/addTokenSigningCertificate\n```\n"
        )
    };
    let copied = run(&page("servicePrincipal: addTokenSigningCertificate", "servicePrincipal: addKey"), &NoIncludes);
    let copied = copied.page.expect("an API page");
    assert_eq!(copied.key.as_deref(), Some("serviceprincipal-addtokensigningcertificate"));
    assert_eq!(copied.title.expect("a title").value, "servicePrincipal: addTokenSigningCertificate");
    // A heading that names the action keeps its key, whatever the title says.
    let kept = run(&page("Add a signing certificate", "servicePrincipal: addTokenSigningCertificate"), &NoIncludes);
    assert_eq!(kept.page.expect("an API page").key.as_deref(), Some("serviceprincipal-addtokensigningcertificate"));
    let plain = run(&page("Add a token signing certificate", "servicePrincipal: addKey"), &NoIncludes);
    assert_eq!(
        plain.page.expect("an API page").key.as_deref(),
        Some("serviceprincipal-addkey"),
        "no title names the action"
    );
}

/// A name damaged beyond repair at the least privileged end of a cell is left out, and the
/// next name is not promoted to least privileged: least is left unknown, with a note.
#[test]
fn a_dropped_first_name_leaves_least_privileged_unknown() {
    let text = "# Get printer\n\n## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:--|:--|\n\
                |Delegated (work or school account)|打印机。阅读.All，Printer.ReadWrite.All|\n\
                |Delegated (personal Microsoft account)|Not supported.|\n\
                |Application|Printer.Read.All, Printer.ReadWrite.All|\n\n## HTTP request\n\n```http\nGET /print/printers/{id}\n```\n";
    let result = run(text, &NoIncludes);
    let page = result.page.expect("an API page");
    let table = &page.permissions.expect("a permissions section")[0];
    let SchemePermissions::Permissions { least, higher } = &table.delegated_work else { panic!("{table:?}") };
    assert!(least.is_empty(), "{least:?}");
    assert_eq!(higher.iter().map(|p| p.value.as_str()).collect::<Vec<_>>(), ["Printer.ReadWrite.All"]);
    // The other rows are read as before.
    assert_eq!(table.application.least_names(), ["Printer.Read.All"]);
    let invalid = result.diagnostics.iter().find(|d| d.code == Code::PermissionInvalid).expect("G0305");
    assert!(invalid.notes.iter().any(|n| n.contains("least privileged one is left unknown")), "{invalid:?}");
}
