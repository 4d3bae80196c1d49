//! The request builders generated from real pages of `../shared/corpus/en-2021` (list users,
//! get a message, send mail, a report function with an argument, get a drive item): the
//! chain a user writes exists in the generated code, checked by parsing it with syn.

use std::collections::BTreeSet;
use std::fs;

use acceptance::corpus;
use generator::pipeline;

const PAGES: &[&str] = &[
    "user-list.md",
    "message-get.md",
    "user-sendmail.md",
    "reportroot-getoffice365activeusercounts.md",
    "driveitem-get.md",
];

/// `Type::method(args)` for every method in the generated v1.0 builders, from a docs root
/// holding only `PAGES`.
fn generated_methods() -> BTreeSet<String> {
    let docs = tempfile::tempdir().unwrap();
    let api = docs.path().join("en-us/api-reference/v1.0/api");
    fs::create_dir_all(&api).unwrap();
    for page in PAGES {
        fs::copy(corpus("en-2021").join("api-reference/v1.0/api").join(page), api.join(page)).unwrap();
    }
    let run = pipeline::run(docs.path(), 1).unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut methods = BTreeSet::new();
    for file in pipeline::emit(&run.model).expect("rustfmt formats the crate") {
        let path = out.path().join(&file.path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &file.contents).unwrap();
        if !file.path.starts_with("src/v1_0/") {
            continue;
        }
        let parsed = syn::parse_file(&fs::read_to_string(&path).unwrap()).unwrap();
        for item in parsed.items {
            let syn::Item::Impl(block) = item else { continue };
            let syn::Type::Path(ty) = &*block.self_ty else { continue };
            let ty = ty.path.segments.last().unwrap().ident.to_string();
            for item in block.items {
                let syn::ImplItem::Fn(f) = item else { continue };
                let args: Vec<String> = f
                    .sig
                    .inputs
                    .iter()
                    .filter_map(|arg| match arg {
                        syn::FnArg::Typed(pat) => match &*pat.pat {
                            syn::Pat::Ident(name) => Some(name.ident.to_string()),
                            _ => None,
                        },
                        syn::FnArg::Receiver(_) => None,
                    })
                    .collect();
                methods.insert(format!("{ty}::{}({})", f.sig.ident, args.join(", ")));
            }
        }
    }
    methods
}

/// Whether some type has `method` (name and argument names).
fn has(methods: &BTreeSet<String>, method: &str) -> bool {
    methods.iter().any(|m| m.split_once("::").is_some_and(|(_, rest)| rest == method))
}

#[test]
fn the_builder_chains_of_real_pages_exist() {
    let methods = generated_methods();
    let expected = [
        // client.v1().users().list()
        "users()",
        "list()",
        // client.v1().users().by_id(&id).messages().by_id(&id).get(), and from /me
        "me()",
        "by_id(id)",
        "messages()",
        "get()",
        // client.v1().me().send_mail(&body)
        "send_mail(body)",
        // client.v1().reports().get_office365_active_user_counts(period)
        "reports()",
        // client.v1().drives().by_id(&id).items().by_id(&id).get()
        "drives()",
        "items()",
        // client.v1().me().drive().root().by_item_path(&path).get(): `root:/{item-path}`
        "drive()",
        "root()",
        "by_item_path(item_path)",
    ];
    for method in expected {
        assert!(has(&methods, method), "no `{method}` in {methods:#?}");
    }
    let report = methods.iter().find(|m| m.contains("::get_office365_active_user_counts"));
    let report = report.unwrap_or_else(|| panic!("no report function in {methods:#?}"));
    assert!(report.ends_with("::get_office365_active_user_counts(period_value)"), "{report}");
    // The root reaches every area, and `/me` and `/users/{id}` lead to the same message type.
    assert!(methods.contains("Root::users()") && methods.contains("Root::me()"), "{methods:#?}");
}
