//! The Request body's parameter table, in English, side by side, translated, and broken.

use super::*;
use crate::model::ApiVersion;

fn page(locale: &str, body: &str) -> PageResult {
    let text = format!(
        "# Send mail\n\n## HTTP request\n```http\nPOST /me/sendMail\n```\n\n\
         ## <a name=\"request-body\"></a>{body}\n## Response\n\nReturns `202 Accepted`.\n"
    );
    let input = PageInput {
        file: format!("{locale}/api-reference/v1.0/api/user-sendmail.md"),
        text,
        locale: Some(locale.into()),
        version: Some(ApiVersion::V1),
        folder_kind: Some(PageKind::Api),
    };
    parse(&input, &NoIncludes)
}

/// (name, type, collection, description, line) of each parameter.
fn parameters(r: &PageResult) -> Vec<(String, String, bool, Option<String>, u32)> {
    let page = r.page.as_ref().expect("an API page");
    page.request_parameters
        .iter()
        .map(|p| (p.name.clone(), p.type_name.clone(), p.collection, p.description.clone(), p.source.line))
        .collect()
}

fn warnings(r: &PageResult) -> Vec<&str> {
    r.diagnostics.iter().filter(|d| d.code == Code::ParameterTableUnreadable).map(|d| d.message.as_str()).collect()
}

fn p(
    name: &str,
    ty: &str,
    collection: bool,
    description: &str,
    line: u32,
) -> (String, String, bool, Option<String>, u32) {
    (name.into(), ty.into(), collection, Some(description.into()), line)
}

#[test]
fn english_table_with_a_resource_link_and_a_primitive() {
    let r = page(
        "en-us",
        "Request body\n\nProvide a JSON object with the following parameters.\n\n\
         | Parameter    | Type   |Description|\n|:---|:---|:---|\n\
         |message|[Message](../resources/message.md)|The message to send. Required.|\n\
         |saveToSentItems|Boolean|Whether to save the message in Sent Items. Optional.|\n",
    );
    assert_eq!(
        parameters(&r),
        [
            p("message", "resources/message", false, "The message to send. Required.", 14),
            p("saveToSentItems", "Boolean", false, "Whether to save the message in Sent Items. Optional.", 15),
        ]
    );
    assert!(warnings(&r).is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn columns_are_found_by_what_they_hold_not_by_header_words() {
    // Header words of another language, and the type in the third column (after a "required" column).
    let body = "Cuerpo de la solicitud\n\n| Parámetro | Obligatorio | Tipo | Descripción |\n|:-|:-|:-|:-|\n\
         |toRecipients|Sí|[recipient](../resources/recipient.md) collection|Los destinatarios.|\n\
         |comment|No|String|Un comentario.|\n\
         |tags|No|Collection(Edm.String)|Etiquetas.|\n\
         |site@odata.bind|No|String|El sitio.|\n";
    // Read in translation, with no example request to confirm the names: not trusted.
    let translated = page("es-es", body);
    assert!(parameters(&translated).is_empty());
    assert_eq!(warnings(&translated).len(), 1, "{:?}", translated.diagnostics);
    // An example request, even unannotated, confirms the names read in translation.
    let example = "\n## Ejemplo\n\n```http\nPOST https://graph.microsoft.com/v1.0/me/sendMail\n\
                   Content-type: application/json\n\n\
                   {\"toRecipients\": [], \"comment\": \"x\", \"tags\": [], \"site@odata.bind\": \"y\", ...\n```\n";
    let confirmed = page("es-es", &format!("{body}{example}"));
    assert_eq!(parameters(&confirmed).len(), 4, "{:?}", confirmed.diagnostics);
    let r = page("en-us", body);
    assert_eq!(
        parameters(&r),
        [
            p("toRecipients", "resources/recipient", true, "Los destinatarios.", 12),
            p("comment", "String", false, "Un comentario.", 13),
            p("tags", "String", true, "Etiquetas.", 14),
            p("site@odata.bind", "String", false, "El sitio.", 15),
        ]
    );
}

#[test]
fn side_by_side_cells_are_read_on_their_english_side() {
    let span = |id: &str, local: &str, english: &str| {
        format!(
            "<span data-ttu-id=\"{id}\">{local}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{english}</span></span>"
        )
    };
    let body = format!(
        "{}\n\n| {} | {} | {} |\n|:-|:-|:-|\n|{}|[{}](../resources/message.md)|{}|\n|{}|{}|{}|\n",
        span("1", "Corpo da solicitação", "Request body"),
        span("2", "Parâmetro", "Parameter"),
        span("3", "Tipo", "Type"),
        span("4", "Descrição", "Description"),
        span("5", "Mensagem", "message"),
        span("6", "Mensagem", "Message"),
        span("7", "A mensagem a enviar.", "The message to send."),
        span("8", "SalvarItens", "saveToSentItems"),
        span("9", "Booliano", "Boolean"),
        span("10", "Opcional.", "Optional."),
    );
    let r = page("pt-br", &body);
    assert_eq!(
        parameters(&r),
        [
            p("message", "resources/message", false, "The message to send.", 12),
            p("saveToSentItems", "Boolean", false, "Optional.", 13),
        ]
    );
}

#[test]
fn a_table_without_a_type_column_gives_no_parameters_and_a_warning() {
    let r = page(
        "en-us",
        "Request body\n\n| Parameter | Description |\n|:-|:-|\n|message|The message.|\n|comment|A comment.|\n",
    );
    assert!(parameters(&r).is_empty());
    assert_eq!(warnings(&r).len(), 1, "{:?}", r.diagnostics);
    assert!(warnings(&r)[0].contains("no column"), "{:?}", warnings(&r));
}

#[test]
fn a_row_without_a_parameter_name_spoils_the_table() {
    // A machine translation turned a name into prose: no guessing which rows are right.
    let r = page(
        "zh-cn",
        "请求正文\n\n| 参数 | 类型 | 说明 |\n|:-|:-|:-|\n|邮件|[Message](../resources/message.md)|要发送的邮件。|\n\
         |saveToSentItems|Boolean|可选。|\n",
    );
    assert!(parameters(&r).is_empty());
    let found = warnings(&r);
    assert_eq!(found.len(), 1, "{:?}", r.diagnostics);
    assert!(found[0].contains("`邮件`"), "{found:?}");
    assert_eq!(r.diagnostics.iter().find(|d| d.code == Code::ParameterTableUnreadable).map(|d| d.line), Some(12));
}

#[test]
fn only_post_pages_have_parameters() {
    // An update page's table lists the resource's properties, which the resource type says.
    let text = "# Update user\n\n## HTTP request\n```http\nPATCH /users/{id}\n```\n\n## Request body\n\n\
                | Property | Type | Description |\n|:-|:-|:-|\n|aboutMe|String|About.|\n";
    let input = PageInput {
        file: "en-us/api-reference/v1.0/api/user-update.md".into(),
        text: text.into(),
        locale: Some("en-us".into()),
        version: Some(ApiVersion::V1),
        folder_kind: Some(PageKind::Api),
    };
    let r = parse(&input, &NoIncludes);
    assert!(r.page.as_ref().is_some_and(|p| p.request_parameters.is_empty()));
}

/// A page with an example request sending `{"message": ..., "saveToSentItems": false}`.
fn with_example(locale: &str, rows: &str) -> PageResult {
    let body = format!(
        "Cuerpo\n\n| Parámetro | Tipo | Descripción |\n|:-|:-|:-|\n{rows}\n## Example\n\n\
         <!-- {{ \"blockType\": \"request\", \"name\": \"user_sendmail\" }} -->\n```http\nPOST /me/sendMail\n\
         Content-type: application/json\n\n{{\"message\": {{\"subject\": \"Hi\"}}, \"saveToSentItems\": false}}\n```\n"
    );
    page(locale, &body)
}

/// The examples are code: a name they spell otherwise but for case takes their spelling, in
/// any language; on a translated page a name they never send is not trusted.
#[test]
fn names_are_checked_against_the_example_requests() {
    let rows = "|Message|[Message](../resources/message.md)|El mensaje.|\n|SaveToSentItems|Boolean|Guardar.|\n";
    let spelled: Vec<String> = parameters(&with_example("es-es", rows)).into_iter().map(|p| p.0).collect();
    assert_eq!(spelled, ["message", "saveToSentItems"]);
    // `comment` is optional and absent from the example: fine in English.
    let english = "|message|[Message](../resources/message.md)|The message.|\n|comment|String|A comment.|\n";
    assert_eq!(parameters(&with_example("en-us", english)).len(), 2);
    let translated = "|mensaje|[Message](../resources/message.md)|El mensaje.|\n|saveToSentItems|Boolean|Guardar.|\n";
    let r = with_example("es-es", translated);
    assert!(parameters(&r).is_empty());
    assert!(
        warnings(&r).first().is_some_and(|w| w.contains("`mensaje` is sent by no example request")),
        "{:?}",
        r.diagnostics
    );
}
