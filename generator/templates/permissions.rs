pub use crate::runtime::permissions::{
    least_privileged_for_calls, EndpointPermissions, PermissionFacts, PermissionTable, Requirement, Scheme,
    UnknownScheme,
};

/// This client's facts, as the generator wrote them (the format: the file's header). Embedded
/// as text rather than as Rust constants, which would cost every build of the crate seconds.
pub static FACTS: PermissionFacts = PermissionFacts::new(include_str!("permissions.tsv"));

/// Finds the documented endpoint a request goes to: `lookup("GET", "/v1.0/users/abc")`.
///
/// `request_path` is what a caller sends, or a full URL; a query string, a fragment and a
/// trailing `/` are ignored; the first segment is the API version. See
/// [`PermissionFacts::lookup`] for how templates match.
pub fn lookup(method: &str, request_path: &str) -> Option<&'static EndpointPermissions> {
    FACTS.lookup(method, request_path)
}

/// Every documented endpoint, sorted by version (v1.0 first), path and method.
pub fn endpoints() -> &'static [EndpointPermissions] {
    FACTS.endpoints()
}

/// The permission tables of one documented operation: `version` is `v1.0` or `beta`, `key`
/// the operation's key in the generator's model (the request builders name it). Empty when
/// the operation is unknown or its pages have no permissions section.
pub fn operation(version: &str, key: &str) -> &'static [PermissionTable] {
    FACTS.operation(version, key)
}

/// The least privileged permission(s) for a request in one scheme: `None` when the endpoint
/// is not documented or no table lists permissions for the scheme (not supported or
/// unspecified). With several scoped tables, the first one that lists permissions answers;
/// see [`EndpointPermissions::tables`] for the others.
pub fn least_privileged(method: &str, request_path: &str, scheme: Scheme) -> Option<&'static [&'static str]> {
    FACTS.least_privileged(method, request_path, scheme)
}
