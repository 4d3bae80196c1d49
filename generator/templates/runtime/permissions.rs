//! Permission facts: the types, the endpoint matching and the reader of the facts file a
//! generated client embeds (`permissions.tsv`). The client's own `permissions` module holds
//! its facts ([`PermissionFacts`]) and re-exports these types.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::OnceLock;

use percent_encoding::percent_decode_str;

/// A permission scheme: who the token stands for. Three, as Microsoft's permissions.json has
/// them: [`Scheme::DelegatedWork`], [`Scheme::DelegatedPersonal`] and
/// [`Scheme::Application`]. There is no plain `Delegated`: a delegated token is for a work or
/// school account or for a personal one, and the docs give each its own permissions.
/// `"DelegatedWork".parse::<Scheme>()` reads the names; an unknown one is an error listing
/// them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scheme {
    /// Delegated, work or school account (a signed-in Microsoft Entra user).
    DelegatedWork,
    /// Delegated, personal Microsoft account.
    DelegatedPersonal,
    /// Application (app-only, no signed-in user).
    Application,
}

impl Scheme {
    /// Every scheme, in the order Microsoft's permissions.json uses.
    pub const ALL: [Scheme; 3] = [Scheme::DelegatedWork, Scheme::DelegatedPersonal, Scheme::Application];

    /// The scheme's name in Microsoft's permissions.json (`DelegatedWork`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::DelegatedWork => "DelegatedWork",
            Scheme::DelegatedPersonal => "DelegatedPersonal",
            Scheme::Application => "Application",
        }
    }
}

impl std::str::FromStr for Scheme {
    type Err = UnknownScheme;

    /// A scheme by its name, in any case (`DelegatedWork`, `delegatedpersonal`, ...).
    fn from_str(name: &str) -> Result<Self, UnknownScheme> {
        Scheme::ALL
            .into_iter()
            .find(|scheme| scheme.as_str().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| UnknownScheme(name.to_owned()))
    }
}

/// A name that is not a [`Scheme`]'s; its message lists the schemes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownScheme(pub String);

impl std::fmt::Display for UnknownScheme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} is not a permission scheme: DelegatedWork, DelegatedPersonal or Application", self.0)
    }
}

impl std::error::Error for UnknownScheme {}

/// What a permissions table says about one scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Requirement {
    /// One of these permissions is required.
    Permissions {
        /// The least privileged permission(s): ask for one of these.
        least: &'static [&'static str],
        /// Higher privileged permissions that also grant access.
        higher: &'static [&'static str],
    },
    /// The page says the scheme is not supported.
    NotSupported,
    /// The page gives no usable answer (a placeholder, an empty cell, a missing row).
    Unspecified,
}

/// One permissions table of a reference page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PermissionTable {
    /// What the table is limited to, as the page words it ("Permissions acting on other
    /// users", ...); `None` for a page's only, unqualified table.
    pub scope: Option<&'static str>,
    /// Delegated (work or school account).
    pub delegated_work: Requirement,
    /// Delegated (personal Microsoft account).
    pub delegated_personal: Requirement,
    /// Application.
    pub application: Requirement,
}

impl PermissionTable {
    /// The requirement for one scheme.
    pub fn requirement(&self, scheme: Scheme) -> &Requirement {
        match scheme {
            Scheme::DelegatedWork => &self.delegated_work,
            Scheme::DelegatedPersonal => &self.delegated_personal,
            Scheme::Application => &self.application,
        }
    }
}

/// The permissions of one documented endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EndpointPermissions {
    /// API version: `v1.0` or `beta`.
    pub version: &'static str,
    /// HTTP method, upper case.
    pub method: &'static str,
    /// Path template relative to the version root, with `{param}` placeholders.
    pub path: &'static str,
    /// The page's permission tables; usually one, with no scope. Empty when the endpoint is
    /// [`documented_differently`](EndpointPermissions::documented_differently).
    pub tables: &'static [PermissionTable],
    /// Several pages document the endpoint, name different least privileged permissions for
    /// it, and nothing on them tells which owns it: its permissions are unknown (not none),
    /// and [`PermissionFacts::least_privileged`] answers `None`.
    pub documented_differently: bool,
}

/// One client's permission facts: the text of its `permissions.tsv`, parsed when first asked
/// for. A generated client holds one in a `static` (its `permissions` module).
pub struct PermissionFacts {
    data: &'static str,
    parsed: OnceLock<Facts>,
}

impl PermissionFacts {
    /// The facts of a generated client's data file (its text, as the generator wrote it).
    pub const fn new(data: &'static str) -> Self {
        PermissionFacts { data, parsed: OnceLock::new() }
    }

    /// Finds the documented endpoint a request goes to.
    ///
    /// `request_path` is what a caller sends: `/beta/deviceManagement/managedDevices/abc/recoverPasscode`,
    /// or a full URL (`https://graph.microsoft.com/v1.0/...`); a query string or fragment is
    /// ignored, and so is a trailing `/`. The first segment must be the API version. `method` is
    /// matched case-insensitively, and so are literal path characters, as Graph does.
    ///
    /// A `{param}` in a template matches any non-empty text within one segment, also inside a
    /// segment (`getX(period='{period}')`). Percent-encoded characters are compared as sent.
    /// When several templates match, the most specific one (most literal characters) wins; on a
    /// tie, the first in [`endpoints`](PermissionFacts::endpoints) order.
    pub fn lookup(&'static self, method: &str, request_path: &str) -> Option<&'static EndpointPermissions> {
        let (version, path) = split_version(request_path)?;
        let mut best: Option<(&'static EndpointPermissions, usize)> = None;
        for endpoint in self.endpoints() {
            if endpoint.version != version
                || !endpoint.method.eq_ignore_ascii_case(method)
                || !template_matches(endpoint.path, path)
            {
                continue;
            }
            let score = literal_len(endpoint.path);
            // Strictly greater, so that ties keep the earlier entry.
            match best {
                Some((_, best_score)) if best_score >= score => {}
                _ => best = Some((endpoint, score)),
            }
        }
        best.map(|(endpoint, _)| endpoint)
    }

    /// Every documented endpoint, sorted by version (v1.0 first), path and method.
    pub fn endpoints(&'static self) -> &'static [EndpointPermissions] {
        self.facts().endpoints
    }

    /// The permission tables of one documented operation: `version` is `v1.0` or `beta`,
    /// `key` the operation's key in the generator's model (the request builders name it).
    /// Empty when the operation is unknown or its pages have no permissions section.
    pub fn operation(&'static self, version: &str, key: &str) -> &'static [PermissionTable] {
        self.facts().tables(version, key)
    }

    /// The least privileged permission(s) for a request in one scheme: `None` when the endpoint
    /// is not documented or no table lists permissions for the scheme (not supported or
    /// unspecified). With several scoped tables, the first one that lists permissions answers;
    /// see [`EndpointPermissions::tables`] for the others.
    pub fn least_privileged(
        &'static self,
        method: &str,
        request_path: &str,
        scheme: Scheme,
    ) -> Option<&'static [&'static str]> {
        self.lookup(method, request_path)?.tables.iter().find_map(|table| match table.requirement(scheme) {
            Requirement::Permissions { least, .. } => Some(*least),
            Requirement::NotSupported | Requirement::Unspecified => None,
        })
    }

    /// The facts, parsed when first asked for.
    fn facts(&'static self) -> &'static Facts {
        self.parsed.get_or_init(|| parse(self.data))
    }
}

/// The least privileged permissions a set of calls needs in one scheme: what an app should
/// ask consent for. `calls` holds each call's tables ([`crate::Call::permissions`]).
///
/// Per call, the first table that lists permissions for `scheme` answers (as in
/// [`PermissionFacts::least_privileged`]) with the first least privileged permission it names: the docs list
/// alternatives there, any one of which grants access. Calls whose docs name none for the
/// scheme (not supported, unspecified, no table) add nothing; check them with
/// [`PermissionTable::requirement`].
pub fn least_privileged_for_calls(scheme: Scheme, calls: &[&'static [PermissionTable]]) -> BTreeSet<&'static str> {
    calls
        .iter()
        .filter_map(|tables| {
            tables.iter().find_map(|table| match table.requirement(scheme) {
                Requirement::Permissions { least, .. } => least.first().copied(),
                Requirement::NotSupported | Requirement::Unspecified => None,
            })
        })
        .collect()
}

/// Splits `/v1.0/me/x?y` or `https://host/v1.0/me/x` into (`v1.0`, `/me/x`).
fn split_version(request: &str) -> Option<(&str, &str)> {
    let mut rest = request;
    if !rest.starts_with('/') {
        let after_scheme = &rest[rest.find("://")? + 3..];
        rest = &after_scheme[after_scheme.find('/')?..];
    }
    rest = &rest[..rest.find(['?', '#']).unwrap_or(rest.len())];
    let rest = rest.strip_prefix('/')?;
    let (version, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, ""),
    };
    let path = match path.strip_suffix('/') {
        Some(trimmed) if !trimmed.is_empty() => trimmed,
        _ => path,
    };
    Some((version, path))
}

/// Whether a request path matches a template, segment by segment.
fn template_matches(template: &str, path: &str) -> bool {
    template.split('/').count() == path.split('/').count()
        && template.split('/').zip(path.split('/')).all(|(t, p)| segment_matches(t, p))
}

/// Matches one segment; each `{param}` takes one or more characters. Backtracks, which is
/// cheap: templates have at most a few parameters per segment.
fn segment_matches(template: &str, actual: &str) -> bool {
    let Some(open) = template.find('{') else {
        return template.eq_ignore_ascii_case(actual);
    };
    let Some(close) = template[open..].find('}').map(|i| open + i) else {
        return template.eq_ignore_ascii_case(actual);
    };
    let (literal, tail) = (&template[..open], &template[close + 1..]);
    let rest = match actual.get(..literal.len()) {
        Some(head) if head.eq_ignore_ascii_case(literal) => &actual[literal.len()..],
        _ => return false,
    };
    (1..=rest.len()).any(|end| rest.is_char_boundary(end) && segment_matches(tail, &rest[end..]))
}

/// How specific a template is: its characters outside `{...}`.
fn literal_len(template: &str) -> usize {
    let mut depth = 0usize;
    let mut count = 0;
    for c in template.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => count += 1,
            _ => {}
        }
    }
    count
}

/// The facts parsed, with what is leaked once so that they can be handed out as `'static`.
struct Facts {
    endpoints: &'static [EndpointPermissions],
    /// (version, operation key, tables), sorted by version and key.
    operations: Vec<(&'static str, &'static str, &'static [PermissionTable])>,
}

/// Reads the data file. A line that does not read (the data is generated, so this is a bug)
/// is skipped: the lookups then know less, and the client does not fail.
fn parse(data: &'static str) -> Facts {
    let mut tables: Vec<(&'static str, &'static str, PermissionTable)> = Vec::new();
    let mut endpoints: Vec<([&'static str; 4], bool)> = Vec::new();
    for line in data.lines() {
        let fields: Vec<&'static str> = line.split('\t').collect();
        match fields[..] {
            ["T", version, key, scope, work, personal, application] => {
                let table = || {
                    let scope = match scope {
                        "-" => None,
                        scope => Some(text(scope)?),
                    };
                    let (work, personal, application) =
                        (requirement(work)?, requirement(personal)?, requirement(application)?);
                    let table =
                        PermissionTable { scope, delegated_work: work, delegated_personal: personal, application };
                    Some((text(version)?, text(key)?, table))
                };
                tables.extend(table());
            }
            ["E", version, method, path, key] => {
                let endpoint = || Some([text(version)?, text(method)?, text(path)?, text(key)?]);
                endpoints.extend(endpoint().map(|e| (e, false)));
            }
            ["E", version, method, path, key, "?"] => {
                let endpoint = || Some([text(version)?, text(method)?, text(path)?, text(key)?]);
                endpoints.extend(endpoint().map(|e| (e, true)));
            }
            // Comments, blank lines and malformed lines.
            _ => {}
        }
    }
    // Stable: an operation's tables keep their order.
    tables.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let operations: Vec<_> = tables
        .chunk_by(|a, b| (a.0, a.1) == (b.0, b.1))
        .map(|group| {
            let list: Vec<PermissionTable> = group.iter().map(|(_, _, table)| *table).collect();
            (group[0].0, group[0].1, &*list.leak())
        })
        .collect();
    let mut facts = Facts { endpoints: &[], operations };
    let endpoints: Vec<EndpointPermissions> = endpoints
        .into_iter()
        .map(|([version, method, path, key], documented_differently)| EndpointPermissions {
            version,
            method,
            path,
            tables: if documented_differently { &[] } else { facts.tables(version, key) },
            documented_differently,
        })
        .collect();
    facts.endpoints = endpoints.leak();
    facts
}

impl Facts {
    fn tables(&self, version: &str, key: &str) -> &'static [PermissionTable] {
        match self.operations.binary_search_by(|(v, k, _)| (*v, *k).cmp(&(version, key))) {
            Ok(i) => self.operations[i].2,
            Err(_) => &[],
        }
    }
}

/// A field's text, percent-decoded; `None` when that is not UTF-8.
fn text(field: &'static str) -> Option<&'static str> {
    match percent_decode_str(field).decode_utf8().ok()? {
        Cow::Borrowed(text) => Some(text),
        Cow::Owned(text) => Some(text.leak()),
    }
}

/// A scheme's column: `!`, `?`, or `least,...[;higher,...]`.
fn requirement(field: &'static str) -> Option<Requirement> {
    match field {
        "!" => Some(Requirement::NotSupported),
        "?" => Some(Requirement::Unspecified),
        _ => {
            let (least, higher) = field.split_once(';').unwrap_or((field, ""));
            Some(Requirement::Permissions { least: names(least)?, higher: names(higher)? })
        }
    }
}

/// A `,`-separated list of permission names.
fn names(list: &'static str) -> Option<&'static [&'static str]> {
    if list.is_empty() {
        return Some(&[]);
    }
    // A second `;` in the column would be one here: permission names have theirs encoded.
    if list.contains(';') {
        return None;
    }
    let names: Option<Vec<&'static str>> = list.split(',').map(text).collect();
    Some(names?.leak())
}
