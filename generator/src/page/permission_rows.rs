//! Which scheme each row label (or column header) of a permissions table names.
//!
//! The structure decides first. The docs list the schemes in one order: Delegated (work
//! or school account), Delegated (personal Microsoft account), Application. The two
//! delegated labels share their leading words and differ in the parenthesis, and the
//! personal one names the Microsoft account (the brand kept or transliterated); the
//! remaining label is Application. Known labels ([`crate::vocabulary`]) confirm that
//! reading, and settle tables the structure cannot (two rows, one row). A label that
//! neither places is left unplaced: its permissions are attributed to no scheme, and the
//! caller says so. A wrong scheme is a security defect; a missing one is only incomplete.

use crate::model::Scheme;
use crate::vocabulary::{self as vocab, contains_any, starts_with_any};

/// What a label says on its own, from the vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Known {
    /// Delegated; `personal` when the parenthesis tells which of the two.
    Delegated {
        personal: Option<bool>,
    },
    Application,
    Unknown,
}

fn known(label: &str) -> Known {
    let l = label.trim().trim_start_matches(['*', '_']);
    if starts_with_any(l, vocab::DELEGATED) {
        let personal = if contains_any(l, vocab::MICROSOFT) || contains_any(l, vocab::PERSONAL) {
            Some(true)
        } else if contains_any(l, vocab::WORK_OR_SCHOOL) {
            Some(false)
        } else {
            None
        };
        Known::Delegated { personal }
    } else if starts_with_any(l, vocab::APPLICATION) {
        Known::Application
    } else {
        Known::Unknown
    }
}

/// The leading words before the parenthesis, when there is one.
fn head(label: &str) -> Option<String> {
    let i = label.find(['(', '（'])?;
    let words: Vec<String> = label[..i]
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The scheme the structure gives each label, where it gives one.
fn by_structure(labels: &[&str]) -> Vec<Option<Scheme>> {
    let mut placed = vec![None; labels.len()];
    let heads: Vec<Option<String>> = labels.iter().map(|l| head(l)).collect();
    // The delegated pair: the only two labels sharing leading words before a parenthesis.
    let mut pairs = Vec::new();
    for i in 0..labels.len() {
        for j in i + 1..labels.len() {
            if heads[i].is_some() && heads[i] == heads[j] {
                pairs.push((i, j));
            }
        }
    }
    let [(work, personal)] = pairs[..] else { return placed };
    if heads.iter().filter(|h| h.is_some() && **h == heads[work]).count() != 2 {
        return placed;
    }
    let brand = |i: usize| contains_any(labels[i], vocab::MICROSOFT);
    let (work, personal) = match (brand(work), brand(personal)) {
        (false, true) | (false, false) => (work, personal),
        (true, false) => (personal, work),
        (true, true) => return placed,
    };
    placed[work] = Some(Scheme::DelegatedWork);
    placed[personal] = Some(Scheme::DelegatedPersonal);
    if labels.len() == 3 {
        if let Some(rest) = (0..3).find(|i| *i != work && *i != personal) {
            placed[rest] = Some(Scheme::Application);
        }
    }
    placed
}

/// Whether `label` is no delegated sibling of the work account's label `work`: it is unknown to
/// the vocabulary, has no parenthesis, does not name the Microsoft account, and shares no
/// leading word with `work`.
fn is_not_a_sibling(label: &str, work: &str) -> bool {
    let words = |l: &str| -> Vec<String> {
        let before = l.split(['(', '（']).next().unwrap_or(l);
        before
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
            .filter(|w| !w.is_empty())
            .collect()
    };
    let (mine, theirs) = (words(label), words(work));
    known(label) == Known::Unknown
        && !label.contains(['(', '（'])
        && !contains_any(label, vocab::MICROSOFT)
        && !mine.is_empty()
        && !mine.iter().any(|w| theirs.contains(w))
}

fn fits(known: Known, scheme: Scheme) -> bool {
    match known {
        Known::Unknown => true,
        Known::Application => scheme == Scheme::Application,
        Known::Delegated { personal: None } => scheme != Scheme::Application,
        Known::Delegated { personal: Some(true) } => scheme == Scheme::DelegatedPersonal,
        Known::Delegated { personal: Some(false) } => scheme == Scheme::DelegatedWork,
    }
}

/// For each label, its scheme, or why it could not be placed.
pub fn place(labels: &[&str]) -> Vec<Result<Scheme, String>> {
    let structural = by_structure(labels);
    let mut placed: Vec<Result<Scheme, String>> = labels
        .iter()
        .zip(&structural)
        .map(|(label, structural)| {
            let known = known(label);
            match (*structural, known) {
                (Some(s), k) if fits(k, s) => Ok(s),
                (Some(s), _) => Err(format!(
                    "the label `{}` names another scheme than its place in the table ({}) implies",
                    label.trim(),
                    s.label()
                )),
                (None, Known::Application) => Ok(Scheme::Application),
                (None, Known::Delegated { personal: Some(true) }) => Ok(Scheme::DelegatedPersonal),
                (None, Known::Delegated { personal: Some(false) }) => Ok(Scheme::DelegatedWork),
                (None, Known::Delegated { personal: None }) => {
                    Err(format!("cannot tell which delegated scheme the label `{}` names", label.trim()))
                }
                (None, Known::Unknown) => Err(format!(
                    "the label `{}` is not a known scheme label and the table's structure does not place it",
                    label.trim()
                )),
            }
        })
        .collect();
    // Two rows, one the work account's: the other is its delegated sibling only if it shares
    // the work label's leading words (or has a parenthesis, or names the Microsoft account);
    // a row that shares none is the Application row, whatever its language.
    if let ([a, b], [pa, pb]) = (labels, placed.as_slice()) {
        let other = match (pa, pb) {
            (Ok(Scheme::DelegatedWork), Err(_)) => Some((1, *a)),
            (Err(_), Ok(Scheme::DelegatedWork)) => Some((0, *b)),
            _ => None,
        };
        if let Some((i, work)) = other {
            if is_not_a_sibling(labels[i], work) {
                placed[i] = Ok(Scheme::Application);
            }
        }
    }
    // Two labels on one scheme: neither can be trusted.
    for scheme in Scheme::ALL {
        let on_it: Vec<usize> = (0..placed.len()).filter(|i| placed[*i] == Ok(scheme)).collect();
        if on_it.len() > 1 {
            for i in on_it {
                placed[i] = Err(format!("several rows name {}; none of them is used", scheme.label()));
            }
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use Scheme::*;

    fn ok(labels: &[&str]) -> Vec<Option<Scheme>> {
        place(labels).into_iter().map(Result::ok).collect()
    }

    #[test]
    fn english_and_known_translations() {
        let en = ["Delegated (work or school account)", "Delegated (personal Microsoft account)", "Application"];
        assert_eq!(ok(&en), [Some(DelegatedWork), Some(DelegatedPersonal), Some(Application)]);
        let pt =
            ["Delegado (conta corporativa ou de estudante)", "Delegado (conta pessoal da Microsoft)", "Aplicativo"];
        assert_eq!(ok(&pt), [Some(DelegatedWork), Some(DelegatedPersonal), Some(Application)]);
        let zh = ["委派（工作或学校帐户）", "委派（个人 Microsoft 帐户）", "应用程序"];
        assert_eq!(ok(&zh), [Some(DelegatedWork), Some(DelegatedPersonal), Some(Application)]);
    }

    #[test]
    fn unknown_languages_are_placed_by_structure() {
        // Dutch, Turkish, Polish: none of these words is in the vocabulary.
        let nl = ["Gedelegeerd (werk- of schoolaccount)", "Gedelegeerd (persoonlijk Microsoft-account)", "Toepassing"];
        assert_eq!(ok(&nl), [Some(DelegatedWork), Some(DelegatedPersonal), Some(Application)]);
        let tr = ["Temsilci (iş veya okul hesabı)", "Temsilci (kişisel Microsoft hesabı)", "Uygulama"];
        assert_eq!(ok(&tr), [Some(DelegatedWork), Some(DelegatedPersonal), Some(Application)]);
        // The brand names the personal row even when the order is unusual.
        let swapped = ["Uygulama", "Temsilci (kişisel Microsoft hesabı)", "Temsilci (iş veya okul hesabı)"];
        assert_eq!(ok(&swapped), [Some(Application), Some(DelegatedPersonal), Some(DelegatedWork)]);
    }

    /// Two rows, the work account's and one that shares none of its leading words: the
    /// Application row, in any language.
    #[test]
    fn a_second_row_that_is_no_sibling_of_the_work_row_is_application() {
        // The work row known (Portuguese), the other in words the vocabulary does not know.
        let pt = ["Delegado (conta corporativa ou de estudante)", "Toepassing"];
        assert_eq!(ok(&pt), [Some(DelegatedWork), Some(Application)]);
        let en = ["Uygulama", "Delegated (work or school account)"];
        assert_eq!(ok(&en), [Some(Application), Some(DelegatedWork)]);
        // Naming the Microsoft account, it could be the personal row: unplaced.
        let brand = ["Delegado (conta corporativa ou de estudante)", "Persoonlijk Microsoft-account"];
        assert_eq!(ok(&brand), [Some(DelegatedWork), None]);
    }

    #[test]
    fn what_neither_places_stays_unplaced() {
        // The edition that put Application permissions under the personal scheme: an
        // unknown label is never taken for the personal row. Sharing the work row's leading
        // word, or with a parenthesis, it may be the personal sibling: unplaced.
        let sibling = ["Delegado (conta corporativa ou de estudante)", "Delegado pessoa física"];
        assert_eq!(ok(&sibling), [Some(DelegatedWork), None]);
        let parenthesis = ["Delegated (work or school account)", "Toepassing (x)"];
        assert_eq!(ok(&parenthesis), [Some(DelegatedWork), None]);
        // No parentheses, no known words: nothing is guessed from the position alone.
        assert_eq!(ok(&["Eins", "Zwei", "Drei"]), [None, None, None]);
        // Known labels that contradict the structure.
        let odd = ["Application (x)", "Application (y)", "Delegated (work or school account)"];
        assert_eq!(ok(&odd), [None, None, None]);
        // A bare "Delegated" outside the pair: which one is unknown.
        let bare = ["Delegated", "Application"];
        assert_eq!(ok(&bare), [None, Some(Application)]);
        // Two rows naming the same scheme.
        assert_eq!(ok(&["Application", "Application"]), [None, None]);
    }
}
