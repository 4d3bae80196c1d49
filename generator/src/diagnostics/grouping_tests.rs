use super::*;

fn at(code: Code, file: &str, line: u32, message: &str) -> Diagnostic {
    let mut d = Diagnostic::new(code, file, "", 0..0, message);
    // No text: the line stands for the position, as for diagnostics whose file is gone.
    d.line = line;
    d.span = line as usize..line as usize;
    d
}

#[test]
fn shapes_ignore_names_numbers_paths_lists_and_details() {
    let same = [
        ("`a` is not a property of `T`", "`bb` is not a property of `U` (it lists `b`)"),
        (
            "the example responds 204 but the Response section says 200 (line 48)",
            "the example responds 201 but the Response section says 202 (line 9)",
        ),
        (
            "this page documents endpoints that api-reference/beta/api/x.md documents too; both are kept",
            "this page documents endpoints that api-reference/v1.0/api/y.md documents too; both are kept",
        ),
        ("example ID `a` in the request path", "example ID `a`, `b`, `c` in the request path"),
        ("annotation repaired: raw newlines in strings", "annotation repaired: `truncated` given as a string"),
        ("`doc_type: x` is not an API page; skipped", "`doc_type: y` is not an API page; skipped"),
        ("say \"not supported\" here", "say \"no\"  here"),
    ];
    for (a, b) in same {
        assert_eq!(message_shape(a), message_shape(b), "{a:?} / {b:?}");
    }
    let different = [
        (
            "the folder says an API page; read as an API page because it has an HTTP request section",
            "the folder says an API page; read as a resource page because it has no HTTP request section",
        ),
        ("`x` is of type `T`, but the example gives a string", "`x` is of type `T`, but the example gives an object"),
        ("`a` is not a property name", "`a` is not a parameter name"),
    ];
    for (a, b) in different {
        assert_ne!(message_shape(a), message_shape(b), "{a:?} / {b:?}");
    }
    // What stays is the fixed text: a colon inside quotes is not the detail's colon.
    assert_eq!(message_shape("`doc_type: x` is not an API page; skipped"), "… is not an API page; skipped");
    // Unclosed quotes and parentheses run to the end, without a panic.
    assert_eq!(message_shape("bad `quote and (aside"), "bad …");
    assert_eq!(message_shape("an (aside `with) quote` stays out) end"), "an end");
}

#[test]
fn groups_are_ordered_by_severity_code_and_first_location_whatever_the_input_order() {
    let diagnostics = vec![
        at(Code::AnnotationRepaired, "b.md", 3, "annotation repaired: raw newlines"),
        at(Code::NotAnApiPage, "a.md", 1, "`x` is not an API page"),
        at(Code::AnnotationInvalid, "c.md", 9, "annotation is not JSON: eof"),
        at(Code::BadRequestLine, "a.md", 5, "`GET` is not `METHOD /path`"),
        at(Code::AnnotationRepaired, "a.md", 4, "annotation repaired: `truncated` given as a string"),
        // G0020 is declared after G0604 but is printed before G0102: the order is the code's.
        at(Code::PageTooLarge, "z.md", 1, "the file is larger than 4 MiB: not read"),
        at(Code::BadRequestLine, "a.md", 2, "the HTTP request has `GET` twice"),
        at(Code::AnnotationRepaired, "b.md", 1, "annotation repaired: raw newlines"),
    ];
    let order = |groups: &[Group]| -> Vec<(String, String, u32, usize)> {
        groups
            .iter()
            .map(|g| (g.first.code.as_str().to_owned(), g.first.file.clone(), g.first.line, g.others.len()))
            .collect()
    };
    let groups = group(&diagnostics);
    let expected = [
        ("G0020", "z.md", 1, 0),
        ("G0102", "c.md", 9, 0),
        ("G0101", "a.md", 4, 2),
        ("G0202", "a.md", 2, 0),
        ("G0202", "a.md", 5, 0),
        ("G0006", "a.md", 1, 0),
    ];
    let expected: Vec<_> = expected.iter().map(|(c, f, l, n)| (c.to_string(), f.to_string(), *l, *n)).collect();
    assert_eq!(order(&groups), expected);
    // The others of a group, by location.
    let others: Vec<_> = groups[2].others.iter().map(|d| (d.file.as_str(), d.line)).collect();
    assert_eq!(others, [("b.md", 1), ("b.md", 3)]);

    let mut reversed = diagnostics.clone();
    reversed.reverse();
    assert_eq!(order(&group(&reversed)), expected);
}

#[test]
fn the_note_counts_the_others_and_names_a_few() {
    let diagnostics: Vec<Diagnostic> = [("a.md", 1), ("a.md", 8), ("b.md", 2), ("c.md", 3), ("c.md", 4), ("d.md", 5)]
        .iter()
        .map(|(file, line)| at(Code::ExampleUnknownProperty, file, *line, &format!("`p{line}` is not a property")))
        .collect();
    let groups = group(&diagnostics);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].pages_of_others(), 4);
    assert_eq!(groups[0].others_note().unwrap(), "and 5 more on 4 pages: a.md:8, b.md:2, c.md:3, ...");
    let few = group(&diagnostics[..3]);
    assert_eq!(few[0].others_note().unwrap(), "and 2 more on 2 pages: a.md:8, b.md:2");
    let one_page = group(&diagnostics[..2]);
    assert_eq!(one_page[0].others_note().unwrap(), "and 1 more on 1 page: a.md:8");
    assert_eq!(group(&diagnostics[..1])[0].others_note(), None);
}

#[test]
fn counts_per_code_are_diagnostics_and_distinct_pages() {
    let diagnostics = vec![
        at(Code::ExampleUnknownProperty, "a.md", 1, "`x` is not a property"),
        at(Code::ExampleUnknownProperty, "a.md", 2, "`y` is not a property (it lists `z`)"),
        at(Code::ExampleUnknownProperty, "b.md", 1, "`x` is not a property"),
        at(Code::NoTitle, "c.md", 1, "no title"),
    ];
    let counts = count_by_code(&diagnostics);
    let rows: Vec<_> = counts.iter().map(|c| (c.code.as_str(), c.severity, c.diagnostics, c.pages)).collect();
    assert_eq!(rows, [("G0007", Severity::Error, 1, 1), ("G0703", Severity::Warning, 3, 2)]);
}

#[test]
fn grouped_rendering_shows_each_group_once_then_the_table() {
    let mut map = SourceMap::new();
    let text = "line one\nline two\nline three\n";
    map.add("a.md", text.to_owned());
    map.add("b.md", text.to_owned());
    let diagnostics = vec![
        Diagnostic::new(Code::ExampleUnknownProperty, "b.md", text, 9..13, "`q` is not a property of `T`"),
        Diagnostic::new(Code::ExampleUnknownProperty, "a.md", text, 18..22, "`p` is not a property of `T`"),
        Diagnostic::new(Code::ExampleUnknownProperty, "a.md", text, 0..4, "`o` is not a property of `U`"),
        Diagnostic::new(Code::NoTitle, "b.md", text, 0..4, "the page has no title"),
    ];
    let out = map.render_grouped_to_string(&diagnostics);
    let headers: Vec<&str> = out.lines().filter(|l| l.contains("]: ")).collect();
    assert_eq!(headers, ["error[G0007]: the page has no title", "warning[G0703]: `o` is not a property of `U`"]);
    assert!(out.contains("a.md:1:1"), "{out}");
    assert!(out.contains("= and 2 more on 2 pages: a.md:3, b.md:2\n"), "{out}");
    let table = &out[out.find("code ").expect("a table")..];
    let rows: Vec<Vec<&str>> = table.lines().skip(1).take(2).map(|l| l.split_whitespace().take(4).collect()).collect();
    assert_eq!(rows, [["G0007", "error", "1", "1"], ["G0703", "warning", "3", "2"]], "{out}");
    assert!(table.contains("The page has no title to identify the operation by"), "{out}");
    assert!(out.contains("4 diagnostics shown as 2 groups"), "{out}");

    // Every one, as before.
    let every = map.render_to_string(&diagnostics);
    assert_eq!(every.lines().filter(|l| l.contains("]: ")).count(), diagnostics.len(), "{every}");
    assert!(map.render_grouped_to_string(&[]).is_empty());
}
