//! The generated client's GET return types measured against Microsoft's own metadata of the
//! same week (`../shared/reference/msgraph-metadata-2021-07-13`, CSDL; test data, never the
//! generator's input). Each documented path of a GET method that the client decodes into a model
//! is walked through the metadata (`acceptance::csdl`); a method is comparable when at least one
//! of its paths walks, and agrees when every path that walks reaches the client's type (case
//! aside) and the same one-or-many.
//!
//! Each disagreement is printed with what the pages say where `EXPLAINED` knows (the client
//! follows a page that says otherwise), else as UNEXPLAINED: a generator defect until shown
//! otherwise.
//!
//! Issue 16's targets: at least 99 % of the comparable methods agree in v1.0 and 98 % in beta,
//! with no fewer comparable methods than 1,157 (v1.0) and 2,246 (beta). The `MIN_*` constants
//! below are a ratchet at what the client measures today, not the targets: raise them as the
//! generator gets fixed, up to 0.99 and 0.98, and never lower them.

use acceptance::csdl::{Metadata, Reached, Stop};
use acceptance::{corpus, workspace};
use generator::emit_rust::TypedResponse;
use generator::model::{ApiVersion, Method};
use std::collections::BTreeMap;
use std::fmt::Write;

// Measured on en-2021 when this test was written: v1.0 807 of 903 comparable methods agree
// (89.37 %; 1,159 of the 1,310 paths that walk), beta 1,526 of 1,816 (84.03 %; 2,135 of
// 2,541 paths). Issue 16 counted 1,157 and 2,246 comparable with 77 and 250 wrong: more than
// the client has GET methods that decode a model (935 and 1,874), so it counted another unit;
// its beta figure (88.9 % right) is today's if related types counted as agreeing.
// With each endpoint bound to the page that owns it and the path deciding one-or-many and
// base types: v1.0 886 of 909 (97.47 %), beta 1,738 of 1,827 (95.13 %). With segments that
// differ only in case as one node (their duplicate methods are one: fewer methods, the same
// paths reached): v1.0 885 of 905 (97.79 %), beta 1,736 of 1,822 (95.28 %). With the
// endpoints pages call only in their examples: v1.0 918 of 940 (97.66 %), beta 1,773 of 1,862
// (95.22 %). A call documented only with a query of values is untyped (its page says what the
// query returns): v1.0 917 of 937 (97.87 %), beta 1,764 of 1,848 (95.45 %). A GET whose page
// names no type returns what its path addresses: v1.0 929 of 949 (97.89 %), beta 1,778 of
// 1,863 (95.44 %).
// With types by namespace and name (`termStore.group` is not `group`): v1.0 929 of 949
// (97.89 %), beta 1,790 of 1,863 (96.08 %). A cast after a step the pages do not define keeps
// the page's collection reading, and a page's "collection" of the path's own type outweighs a
// relationship row that does not say it: v1.0 936 of 952 (98.32 %), beta 1,798 of 1,863 (96.51 %).
// A path the resource pages leave undefined part-way (`/education`, `/compliance`) is typed
// there by its own GET pages, a base type's page owns an endpoint its derived types' pages
// document too, examples of several kinds defer to the prose's type, and a literal key below a
// collection (`.../authenticationMethodConfigurations/fido2`) addresses one item of the
// collection's type: v1.0 942 of 954 (98.74 %), beta 1,818 of 1,868 (97.32 %). Where no
// relationship reaches a path, the Methods table of its parent's type says what the operation
// returns (`/me/joinedTeams`): v1.0 943 of 954 (98.85 %), beta 1,819 of 1,868 (97.38 %).
// A derived type's GET page counts for its base type's where they type a path: v1.0 943 of 954
// (98.85 %), beta 1,819 of 1,865 (97.53 %); three beta methods merged into their siblings once
// their paths agreed on a type (the same 2,553 paths walk: none left untyped), so the beta
// comparable ratchet is 1,865, still above the 1,863 of when this ratchet began.
// Where a page's example annotation and its Response prose's only link name different types of
// the run, the one the example response's keys fit better, and mostly, stands (G0605; a prose
// link whose text names another type than its page says nothing): v1.0 943 of 954 (98.85 %),
// beta 1,823 of 1,865 (97.75 %). Where the keys tie, the example object's own `@odata.type`
// tells (the prose's type when the object is its kind and not the annotation's): v1.0 943 of
// 954 (98.85 %), beta 1,826 of 1,865 (97.91 %). A relationship row's `collection` yields where
// the call's page and the Methods table of the row's type both say one item (`Get settings` of
// an eDiscovery case): v1.0 943 of 954 (98.85 %), beta 1,827 of 1,865 (97.96 %).
// A type cell's link whose text names a type unrelated to its page's (`[photo](profilephoto.md)`
// on the contact page) says neither, unless the JSON representation shows a kind of one (G0606);
// a text naming no type means the page's, and of a kind and its base the base holds: v1.0 943
// of 954 (98.85 %), beta 1,827 of 1,864 (98.02 %), issue 16's beta target reached. The contact
// photo's four paths now agree with `/me/photo`'s and merged into its method (the same 2,553
// paths walk, 2,500 of them agree, from 2,496: none left untyped that walks), so the beta
// comparable ratchet is 1,864, as in the precedent above; had they not merged, 1,828 of 1,865.
// One GET no path of which walks the metadata is left untyped: accessPackage's
// `incompatibleAccessPackages` row links accessPackageCatalog's page, and its page says no
// collection. Where the keys tie and the example object says nothing, other types' Methods
// tables naming the prose's type alone tell (G0605; `/directory/deleteditems/{id}`): v1.0 943 of
// 954 (98.85 %), beta 1,828 of 1,864 (98.07 %).

/// Today's agreement rounded down to 0.1 % (issue 16's target: 0.99).
const MIN_AGREEMENT_V1: f64 = 0.988;
/// Today's agreement rounded down to 0.1 % (issue 16's target: 0.98).
const MIN_AGREEMENT_BETA: f64 = 0.980;
/// Today's comparable methods (issue 16 counted 1,157).
const MIN_COMPARABLE_V1: usize = 954;
/// Today's comparable methods (issue 16 counted 2,246; see the history above for why 1,864).
const MIN_COMPARABLE_BETA: usize = 1864;

/// The disagreements left that the pages explain: per version, the first disagreeing path the
/// test prints, and what the pages say. The client follows its pages (a page that types a
/// collection as one, a relationship row the service contradicts); where two of a page's own
/// statements disagree the rule that chose is named. The report marks every other disagreement
/// unexplained: a generator defect until shown otherwise.
const EXPLAINED: &[(&str, &str, &str)] = &[
    // v1.0
    ("v1.0", "/education/classes/{educationClassId}/members/{educationUserId}/schools/{educationSchoolId}/administrativeUnit",
     "the page and its example say a collection; educationSchool's row says one, without `collection` (a page's collection outweighs a row's silence)"),
    ("v1.0", "/me/insights/shared/{id}/resource", "sharedInsight's relationship row says `entity collection`"),
    ("v1.0", "/me/insights/used/{id}/resource", "usedInsight's relationship row says `entity collection`"),
    ("v1.0", "/organization/{organization-id}/branding/localizations", "the pages name organizationalBrandingProperties, the 2021 docs' type"),
    ("v1.0", "/organization/{organization-id}/branding",
     "the pages name organizationalBrandingProperties; `/branding/{property name}` is documented as a key below it, so a collection"),
    ("v1.0", "/organization/{tenant id}/branding/localizations/{locale}", "the page names organizationalBrandingProperties"),
    ("v1.0", "/places/{room-list-emailaddress}/microsoft.graph.roomlist/rooms", "roomList's relationship row says `place collection`"),
    ("v1.0", "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/fido2",
     "no v1.0 page types `/policies` or authenticationMethodsPolicy: the page's derived type stands"),
    ("v1.0", "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/microsoftAuthenticator",
     "no v1.0 page types `/policies` or authenticationMethodsPolicy: the page's derived type stands"),
    ("v1.0", "/users/{user-id | user-principal-name}/teamwork/installedApps/{app-installation-id}",
     "the page and userTeamwork's row say teamsAppInstallation, the base of the service's type (less specific, not wrong)"),
    ("v1.0", "/users/{user-id | user-principal-name}/teamwork/installedApps",
     "the page and userTeamwork's row say teamsAppInstallation, the base of the service's type (less specific, not wrong)"),
    // beta
    ("beta", "/compliance/ediscovery/cases/{caseId}/noncustodialDataSources/{noncustodialDataSourceId}/dataSource",
     "the page's annotation says `Collection(...)`; the row says one, without `collection`"),
    ("beta", "/compliance/ediscovery/cases/{caseId}/sourceCollections/{sourceCollectionId}/addToReviewSetOperation",
     "the page says a collection; the row says one, without `collection`"),
    ("beta", "/compliance/ediscovery/cases/{caseId}/sourceCollections/{sourceCollectionId}/lastEstimateStatisticsOperation",
     "the page says a collection; the row says one, without `collection`"),
    ("beta", "/me/insights/shared/{id}/resource", "sharedInsight's relationship row says `entity collection`"),
    ("beta", "/me/insights/used/{id}/resource", "usedInsight's relationship row says `entity collection`"),
    ("beta", "/privilegedApproval/myRequests", "a function whose page says one object"),
    ("beta", "/reports/getAzureADApplicationSignInSummary(period='{period}')", "a function whose page says one object"),
    ("beta", "/reports/getM365AppPlatformUserCounts(period='{period_value}')", "a function whose page's example is a collection"),
    ("beta", "/reports/getM365AppUserCounts(period='{period_value}')", "a function whose page's example is a collection"),
    ("beta", "/reports/getM365AppUserDetail(date={date_value})", "a function whose page's example is a collection"),
    ("beta", "/reports/getM365AppUserDetail(period='{period_value}')", "a function whose page's example is a collection"),
    ("beta", "/reports/getRelyingPartyDetailedSummary", "a function whose page says one object"),
    ("beta", "/accessReviews/{reviewId}/reviewers", "the page and accessReview's row name userIdentity"),
    ("beta", "/deviceManagement/getEffectivePermissions", "a function whose page names rolePermission"),
    ("beta", "/deviceManagement/groupPolicyCategories",
     "the only list page is of the derived groupPolicyUploadedCategory, and no deviceManagement page has the relationship"),
    ("beta", "/deviceManagement/groupPolicyDefinitions",
     "the only list page is of the derived groupPolicyUploadedDefinition, and no deviceManagement page has the relationship"),
    ("beta", "/drives/{drive-id}/activities", "drive's relationship row and the page name itemActivity (the service: itemActivityOLD)"),
    ("beta", "/education/synchronizationProfiles/{id}/uploadUrl", "a function whose page links educationSynchronizationProfile"),
    ("beta", "/identity/userFlows/{id}", "the page's annotation says `UserFlow`; no page types `/identity`"),
    ("beta", "/identity/userFlows", "the page's annotation says `UserFlow`; no page types `/identity`"),
    ("beta", "/me/drive/items/{id}/workbook/names/{name}/range/format/protection", "workbookRangeFormat's row names formatProtection"),
    ("beta", "/me/onenote/notebooks/getRecentNotebooks(includePersonalNotebooks=includePersonalNotebooks-value)",
     "a function whose annotation says notebook"),
    ("beta", "/me/photos/{size}", "user's relationship row says `photo collection`"),
    ("beta", "/me/profile/anniversaries", "profile's row and the pages name personAnniversary"),
    ("beta", "/me/profile/anniversaries/{id}", "profile's row and the pages name personAnniversary"),
    ("beta", "/me/responsibilities/{id}", "the page names personResponsibility; user's `responsibilities` is a String collection"),
    ("beta", "/users/{id | userPrincipalName}/authentication/operations/{id}", "the page names operation"),
    ("beta", "/deviceManagement/comanagedDevices", "the only list page is of the derived windowsManagedDevice"),
    ("beta", "/identity/identityProviders/{id}", "no page types `/identity`; the owning page's annotation names socialIdentityProvider"),
    ("beta", "/me/planner/all/delta", "the page's annotation says `Collection(microsoft.graph.entity)`"),
    ("beta", "/organization/{organization-id}/branding/localizations", "the pages name organizationalBrandingProperties, the 2021 docs' type"),
    ("beta", "/organization/{tenant id}/branding/localizations/{locale}", "the page names organizationalBrandingProperties"),
    ("beta", "/organization/{tenant id}/branding", "the page names organizationalBrandingProperties"),
    ("beta", "/places/{room-list-emailaddress}/microsoft.graph.roomlist/rooms", "roomList's relationship row says `place collection`"),
    ("beta", "/users/{user-id | user-principal-name}/teamwork/installedApps/{app-installation-id}",
     "the page and userTeamwork's row say teamsAppInstallation, the base of the service's type (less specific, not wrong)"),
    ("beta", "/users/{user-id | user-principal-name}/teamwork/installedApps",
     "the page and userTeamwork's row say teamsAppInstallation, the base of the service's type (less specific, not wrong)"),
];

/// What the pages say where `line` (a disagreement as the report prints it) is explained.
fn explained(version: &str, line: &str) -> Option<&'static str> {
    EXPLAINED.iter().find_map(|(v, path, why)| {
        let rest = line.strip_prefix(path)?;
        (*v == version && (rest.starts_with(':') || rest.starts_with(" (+"))).then_some(*why)
    })
}

/// How a client method disagrees with the metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Disagreement {
    /// The same type, but a page of items against one, or one against a page.
    ListVsOne,
    /// A type that is neither the metadata's nor related to it.
    OtherType,
    /// A type derived from the metadata's, or one of its bases.
    RelatedType,
}

impl Disagreement {
    fn label(self) -> &'static str {
        match self {
            Disagreement::ListVsOne => "list vs one",
            Disagreement::OtherType => "other type",
            Disagreement::RelatedType => "related type",
        }
    }
}

/// What measuring one version found.
#[derive(Default)]
struct Measure {
    get_methods: usize,
    comparable: usize,
    agreeing: usize,
    comparable_paths: usize,
    agreeing_paths: usize,
    /// One line per disagreeing method (its first disagreeing path), by kind.
    disagreements: BTreeMap<Disagreement, Vec<String>>,
    /// Methods none of whose paths walk, by why the first one stops.
    not_comparable: BTreeMap<String, Vec<String>>,
}

impl Measure {
    fn agreement(&self) -> f64 {
        if self.comparable == 0 {
            0.0
        } else {
            self.agreeing as f64 / self.comparable as f64
        }
    }
}

fn described(reached: &Reached) -> String {
    format!("{} ({})", reached.type_name, if reached.many { "many" } else { "one" })
}

fn measure(metadata: &Metadata, responses: &[&TypedResponse]) -> Measure {
    let mut measure = Measure { get_methods: responses.len(), ..Measure::default() };
    for response in responses {
        let client = Reached { type_name: response.type_name.clone(), many: response.many };
        let agrees = |reached: &Reached| {
            reached.many == client.many && reached.type_name.eq_ignore_ascii_case(&client.type_name)
        };
        let mut walked: Vec<(&String, Reached)> = Vec::new();
        let mut first_stop: Option<(&String, Stop)> = None;
        for path in &response.paths {
            match metadata.walk(path) {
                Ok(reached) => walked.push((path, reached)),
                Err(stop) => {
                    first_stop.get_or_insert((path, stop));
                }
            }
        }
        if walked.is_empty() {
            let (why, at) = match first_stop {
                Some((path, Stop::System(segment))) => (format!("ends in {segment}"), path.clone()),
                Some((path, Stop::Unfollowed { segment, why })) => (why.to_string(), format!("{path} at `{segment}`")),
                None => ("no path".to_string(), format!("{:?}", response.method)),
            };
            measure.not_comparable.entry(why).or_default().push(at);
            continue;
        }
        measure.comparable += 1;
        measure.comparable_paths += walked.len();
        measure.agreeing_paths += walked.iter().filter(|(_, reached)| agrees(reached)).count();
        let Some((path, reached)) = walked.iter().find(|(_, reached)| !agrees(reached)) else {
            measure.agreeing += 1;
            continue;
        };
        let kind = if reached.type_name.eq_ignore_ascii_case(&client.type_name) {
            Disagreement::ListVsOne
        } else if metadata.related(&reached.type_name, &client.type_name) {
            Disagreement::RelatedType
        } else {
            Disagreement::OtherType
        };
        let more = match response.paths.len() {
            1 => String::new(),
            n => format!(" (+{} other paths)", n - 1),
        };
        let line = format!("{path}{more}: client {}, metadata {}", described(&client), described(reached));
        measure.disagreements.entry(kind).or_default().push(line);
    }
    for lines in measure.disagreements.values_mut().chain(measure.not_comparable.values_mut()) {
        lines.sort();
    }
    measure
}

fn report(version: &str, measure: &Measure) -> String {
    let mut out = String::new();
    let percent = |part: usize, whole: usize| 100.0 * part as f64 / whole.max(1) as f64;
    let not_comparable: usize = measure.not_comparable.values().map(Vec::len).sum();
    let _ = writeln!(
        out,
        "{version}: {} GET methods decode a model; {} comparable, {} agree ({:.2} %), {not_comparable} not comparable; \
         paths: {} walk, {} agree ({:.2} %)",
        measure.get_methods,
        measure.comparable,
        measure.agreeing,
        100.0 * measure.agreement(),
        measure.comparable_paths,
        measure.agreeing_paths,
        percent(measure.agreeing_paths, measure.comparable_paths),
    );
    let mut unexplained = 0;
    for (kind, lines) in &measure.disagreements {
        let _ = writeln!(out, "  {} ({}):", kind.label(), lines.len());
        for line in lines {
            let why = explained(version, line).unwrap_or_else(|| {
                unexplained += 1;
                "UNEXPLAINED"
            });
            let _ = writeln!(out, "    {line}\n      pages: {why}");
        }
    }
    let _ = writeln!(out, "  {unexplained} disagreements unexplained");
    for (why, paths) in &measure.not_comparable {
        let _ = writeln!(out, "  not comparable, {why} ({}):", paths.len());
        for path in paths {
            let _ = writeln!(out, "    {path}");
        }
    }
    out
}

#[test]
fn client_get_types_agree_with_the_metadata() {
    let root = corpus("en-2021");
    assert!(root.is_dir(), "the corpus is missing: {}", root.display());
    let run = generator::pipeline::run(&root, 0).expect("en-2021");
    let responses = generator::emit_rust::typed_responses(&run.model);
    let reference = workspace().join("../shared/reference/msgraph-metadata-2021-07-13");
    let versions = [
        (ApiVersion::V1, "v1.0", MIN_AGREEMENT_V1, MIN_COMPARABLE_V1),
        (ApiVersion::Beta, "beta", MIN_AGREEMENT_BETA, MIN_COMPARABLE_BETA),
    ];
    let mut failures = Vec::new();
    for (version, name, min_agreement, min_comparable) in versions {
        let metadata = Metadata::read(&reference.join(format!("{name}_metadata.xml"))).expect("the metadata");
        let gets: Vec<&TypedResponse> =
            responses.iter().filter(|r| r.version == version && r.method == Method::Get).collect();
        let measure = measure(&metadata, &gets);
        println!("{}", report(name, &measure));
        if measure.comparable < min_comparable {
            failures.push(format!("{name}: {} comparable methods, fewer than {min_comparable}", measure.comparable));
        }
        if measure.agreement() < min_agreement {
            failures.push(format!("{name}: agreement {:.4} below {min_agreement}", measure.agreement()));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
