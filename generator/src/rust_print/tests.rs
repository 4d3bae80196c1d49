//! The direct printer on the shapes the emitters write: each printed as expected, and parsing
//! back to its tokens.

use super::{check_same_tokens, skipped_file};
use quote::quote;

fn printed(tokens: proc_macro2::TokenStream) -> String {
    let text = skipped_file("", tokens.clone());
    check_same_tokens(&tokens, &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    text
}

#[test]
fn items_docs_and_attributes_are_lines_with_a_blank_line_between_items() {
    let text = printed(quote! {
        #![doc = " The module."]
        #[doc = " A \"quoted\" model."]
        #[cfg(feature = "v1-model.User")]
        pub struct User { pub id: Option<String>, #[doc = " Name."] pub display_name: Option<String> }
        pub type UserAlias<'c> = crate::RequestBuilder<'c, users_paths::Users>;
    });
    assert_eq!(
        text,
        "//! The module.\n\n/// A \"quoted\" model.\n#[cfg(feature = \"v1-model.User\")]\npub struct User {\n    pub id: Option<String>,\n    /// Name.\n    pub display_name: Option<String>,\n}\n\npub type UserAlias<'c> = crate::RequestBuilder<'c, users_paths::Users>;\n"
    );
}

#[test]
fn a_long_call_breaks_its_chain_then_its_arguments() {
    let text = printed(quote! {
        impl<'c> crate::RequestBuilder<'c, users_paths::UsersItemContactFoldersItemChildFoldersItemContacts> {
            #[inline]
            pub fn list(&self) -> crate::runtime::Call<'c, crate::runtime::Page<crate::v1_0::models::Contact>> {
                self.path.endpoint(self.client, crate::runtime::Method::GET, "v1.0", "list-contacts-2").returning()
            }
            pub fn get(&self) -> crate::runtime::Call<'c, crate::v1_0::models::Contact> {
                self.path.endpoint(self.client, crate::runtime::Method::GET, "v1.0", "get-contact-with-a-much-longer-key-than-usual").returning()
            }
        }
    });
    assert_eq!(
        text,
        r#"impl<'c> crate::RequestBuilder<
    'c,
    users_paths::UsersItemContactFoldersItemChildFoldersItemContacts,
> {
    #[inline]
    pub fn list(
        &self,
    ) -> crate::runtime::Call<'c, crate::runtime::Page<crate::v1_0::models::Contact>> {
        self.path
            .endpoint(self.client, crate::runtime::Method::GET, "v1.0", "list-contacts-2")
            .returning()
    }

    pub fn get(&self) -> crate::runtime::Call<'c, crate::v1_0::models::Contact> {
        self.path
            .endpoint(
                self.client,
                crate::runtime::Method::GET,
                "v1.0",
                "get-contact-with-a-much-longer-key-than-usual",
            )
            .returning()
    }
}
"#
    );
}

#[test]
fn matches_struct_literals_and_blocks_in_a_const_block() {
    let text = printed(quote! {
        #[cfg(any(feature = "beta-me", feature = "beta-users", feature = "v1-me", feature = "v1-users", feature = "v1-groups"))]
        const _: () = {
            impl From<String> for DayOfWeek {
                fn from(value: String) -> Self {
                    match value.as_str() { "sunday" => DayOfWeek::Sunday, _ => DayOfWeek::Other(value), }
                }
            }
            impl Default for Contact {
                #[inline]
                fn default() -> Self {
                    Contact { id: None, #[cfg(feature = "v1-model.Extension")] extensions: None, additional_data: serde_json::Map::new() }
                }
            }
            impl Kind {
                fn upcast(&self) -> serde_json::Value {
                    match self {
                        #[cfg(feature = "v1-model.A")]
                        Kind::A(model) => { crate::runtime::model::upcast(&*model, "#microsoft.graph.a") }
                    }
                }
            }
        };
    });
    assert_eq!(
        text,
        r##"#[cfg(any(
    feature = "beta-me",
    feature = "beta-users",
    feature = "v1-me",
    feature = "v1-users",
    feature = "v1-groups",
))]
const _: () = {
    impl From<String> for DayOfWeek {
        fn from(value: String) -> Self {
            match value.as_str() {
                "sunday" => DayOfWeek::Sunday,
                _ => DayOfWeek::Other(value),
            }
        }
    }
    impl Default for Contact {
        #[inline]
        fn default() -> Self {
            Contact {
                id: None,
                #[cfg(feature = "v1-model.Extension")]
                extensions: None,
                additional_data: serde_json::Map::new(),
            }
        }
    }
    impl Kind {
        fn upcast(&self) -> serde_json::Value {
            match self {
                #[cfg(feature = "v1-model.A")]
                Kind::A(model) => {
                    crate::runtime::model::upcast(&*model, "#microsoft.graph.a")
                }
            }
        }
    }
};
"##
    );
}

#[test]
fn references_lifetimes_and_question_marks_are_spaced_as_rustfmt_spaces_them() {
    let text = printed(quote! {
        fn f<'de, D: serde::Deserializer<'de> + ?Sized>(deserializer: D, f: &mut std::fmt::Formatter<'_>) -> Result<Self, D::Error> {
            let mut value = Contact::default();
            value.additional_data = crate::runtime::model::read_model(deserializer, "x", &mut [("id", &mut value.id)])?;
            <String as serde::Deserialize>::deserialize(deserializer).map(DayOfWeek::from)
        }
        pub use teams::*;
        pub use a::{b, c};
        pub enum Empty {}
    });
    assert_eq!(
        text,
        r#"fn f<'de, D: serde::Deserializer<'de> + ?Sized>(
    deserializer: D,
    f: &mut std::fmt::Formatter<'_>,
) -> Result<Self, D::Error> {
    let mut value = Contact::default();
    value.additional_data = crate::runtime::model::read_model(
        deserializer,
        "x",
        &mut [("id", &mut value.id)],
    )?;
    <String as serde::Deserialize>::deserialize(deserializer).map(DayOfWeek::from)
}

pub use teams::*;

pub use a::{b, c};

pub enum Empty {}
"#
    );
}

#[test]
fn a_doc_line_a_line_comment_cannot_hold_stays_an_attribute() {
    // As the emitters make them: literals of `String`s.
    let docs = ["/ starts with a slash", "two\nlines", " tab\there, \\ and \u{e9}"].map(String::from);
    let text = printed(quote! {
        #(#[doc = #docs])*
        pub struct A;
    });
    assert_eq!(
        text,
        "#[doc = \"/ starts with a slash\"]\n#[doc = \"two\\nlines\"]\n/// tab\there, \\ and \u{e9}\npub struct A;\n"
    );
}

#[test]
fn the_check_sees_a_printed_file_that_lost_a_token() {
    let tokens = quote! { pub struct A { pub b: Option<String> } };
    assert!(check_same_tokens(&tokens, "pub struct A { pub b: Option<String> }").is_ok());
    assert!(check_same_tokens(&tokens, "pub struct A { pub b: Option<String,> }").is_ok());
    let err = check_same_tokens(&tokens, "pub struct A { b: Option<String> }").unwrap_err();
    assert!(err.contains("differ at token"), "{err}");
}
