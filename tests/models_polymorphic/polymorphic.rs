//! Inside a client crate generated from the pages beside this file (written there by
//! `tests/models.rs`): `user` and `group` derive from `directoryObject`, `guestUser` from
//! `user`. A member list decodes as `directoryObject`s; `into_kind` turns each into the type
//! its `@odata.type` names, and `From` turns it back, losing nothing.

use graph_client::runtime::Page;
use graph_client::v1_0::models::{DirectoryObject, DirectoryObjectKind, GuestUser, User, UserKind};
use serde_json::{json, Value};

fn members() -> Value {
    json!({
        "value": [
            {"@odata.type": "#microsoft.graph.user", "id": "u1", "mail": "a@contoso.com", "accountEnabled": true, "newer": 1},
            {"@odata.type": "#microsoft.graph.group", "id": "g1", "mailEnabled": false},
            {"@odata.type": "#microsoft.graph.servicePrincipal", "id": "s1", "appId": "x"},
            {"id": "plain"},
        ]
    })
}

fn kinds() -> Vec<DirectoryObjectKind> {
    let page: Page<DirectoryObject> = serde_json::from_value(members()).unwrap();
    page.value.into_iter().map(DirectoryObject::into_kind).collect()
}

#[test]
fn a_member_list_decodes_into_the_types_its_odata_types_name() {
    let kinds = kinds();
    let DirectoryObjectKind::User(user) = &kinds[0] else { panic!("not a user: {:?}", kinds[0]) };
    assert_eq!(user.mail.as_deref(), Some("a@contoso.com"), "the derived type's own property is typed");
    assert_eq!((user.id.as_deref(), user.account_enabled), (Some("u1"), Some(true)));
    assert_eq!(user.additional_data.get("newer"), Some(&json!(1)), "what the docs do not list is kept");
    let DirectoryObjectKind::Group(group) = &kinds[1] else { panic!("not a group: {:?}", kinds[1]) };
    assert_eq!(group.mail_enabled, Some(false));
    for (i, id) in [(2, "s1"), (3, "plain")] {
        let DirectoryObjectKind::Base(base) = &kinds[i] else { panic!("not the base: {:?}", kinds[i]) };
        assert_eq!(base.id.as_deref(), Some(id), "an unknown or absent @odata.type stays the base type");
    }
    let DirectoryObjectKind::Base(unknown) = &kinds[2] else { unreachable!() };
    assert_eq!(unknown.additional_data.get("appId"), Some(&json!("x")));
}

/// Decoding into the kind and back gives the JSON that came in, property for property.
#[test]
fn the_round_trip_keeps_every_property() {
    let members = members();
    for (kind, sent) in kinds().into_iter().zip(members["value"].as_array().unwrap()) {
        let base = DirectoryObject::from(kind);
        assert_eq!(&serde_json::to_value(&base).unwrap(), sent);
    }
}

/// A derived type of a derived type is a variant of both bases; the namespace alias and a
/// missing `#` are read as OData writes them.
#[test]
fn derived_types_are_found_transitively_and_by_any_spelling() {
    for spelling in ["#microsoft.graph.guestUser", "microsoft.graph.guestUser", "#graph.guestUser", "#Microsoft.Graph.GuestUser"] {
        let value = json!({"@odata.type": spelling, "invitedBy": "ann", "mail": "g@contoso.com"});
        let base: DirectoryObject = serde_json::from_value(value.clone()).unwrap();
        let DirectoryObjectKind::GuestUser(guest) = base.into_kind() else { panic!("{spelling}: not a guest") };
        assert_eq!((guest.invited_by.as_deref(), guest.mail.as_deref()), (Some("ann"), Some("g@contoso.com")));
        let user: User = serde_json::from_value(value).unwrap();
        assert!(matches!(user.into_kind(), UserKind::GuestUser(_)), "{spelling}");
    }
}

/// Sending a derived type where the API takes the base: the upcast writes its `@odata.type`
/// (when it has none) so the service knows what it gets, and keeps its own properties.
#[test]
fn the_upcast_writes_the_derived_type() {
    let guest = GuestUser { invited_by: Some("ann".into()), id: Some("1".into()), ..GuestUser::default() };
    let base = DirectoryObject::from(DirectoryObjectKind::GuestUser(Box::new(guest)));
    assert_eq!(base.id.as_deref(), Some("1"));
    let sent = serde_json::to_value(&base).unwrap();
    assert_eq!(sent, json!({"id": "1", "invitedBy": "ann", "@odata.type": "#microsoft.graph.guestUser"}));

    // An @odata.type already there is the service's word and stays.
    let mut user = User { mail: Some("m".into()), ..User::default() };
    // A model's `Debug` is its name and its JSON (`runtime::model::debug_model`).
    assert_eq!(format!("{user:?}"), r#"User {"mail":"m"}"#);
    assert_eq!(format!("{user:#?}"), "User {\n  \"mail\": \"m\"\n}");
    user.additional_data.insert("@odata.type".into(), json!("#microsoft.graph.user"));
    let base = DirectoryObject::from(DirectoryObjectKind::User(Box::new(user)));
    assert_eq!(serde_json::to_value(&base).unwrap(), json!({"mail": "m", "@odata.type": "#microsoft.graph.user"}));
}
