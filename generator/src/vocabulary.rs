//! Every piece of language knowledge the parser has, one table per concept, so that
//! adding a language is one place.
//!
//! The parser reads pages by their structure first (section anchors, the order of the
//! scheme rows, the shape of permission names, phrases repeated across a run); these
//! tables only confirm what the structure says, or settle what it cannot. A page in a
//! language missing here is still read, with warnings where the structure is not enough.
//! Matching is on lower-cased text; side-by-side pages are matched on their English side.

/// Languages the Graph docs are published in: a path component starting with one of
/// these (`pt-BR-sxs`, `en-us`, `en-2021`) names the locale.
pub const PUBLISHED_LANGUAGES: &[&str] = &[
    "ar", "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "he", "hr", "hu", "id", "it", "ja", "ko", "lt",
    "lv", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sr", "sv", "th", "tr", "uk", "vi", "zh",
];

/// Section headings, lower-case, as English pages write them and as the `<a name>` anchors
/// of translations keep them (`-` stands for a space there). Whole-heading matches.
pub const HEADING_PERMISSIONS: &[&str] = &["permissions", "permission", "prerequisites"];
pub const HEADING_REQUEST_HEADERS: &[&str] = &["request headers", "request header"];
pub const HEADING_REQUEST_BODY: &[&str] = &["request body"];
pub const HEADING_RESPONSE: &[&str] = &["response", "responses"];
pub const HEADING_REQUEST: &[&str] = &["request"];
/// Resource page sections.
pub const HEADING_PROPERTIES: &[&str] = &["properties"];
pub const HEADING_RELATIONSHIPS: &[&str] = &["relationships"];
pub const HEADING_METHODS: &[&str] = &["methods"];
/// Heading prefixes: `HTTP request (to upload a new file)`, `Example 2: ...`.
pub const HEADING_HTTP_REQUEST_PREFIX: &str = "http request";
pub const HEADING_EXAMPLES_PREFIX: &str = "example";

/// The sentence before a permissions table that is not a scope ("One of the following
/// permissions is required ...:").
pub const PERMISSIONS_LEAD_IN: &[&str] = &["one of the following"];

/// Where a column header's order remark starts, to drop it from a scope.
pub const ORDER_REMARK: &[&str] = &["(from "];

/// The Request body section saying there is none (contained anywhere, lower-case).
pub const NO_REQUEST_BODY: &[&str] = &[
    "do not supply",
    "don't supply",
    "do not provide",
    "don't provide",
    "não forneça",
    "não fornecer",
    "no proporcione",
    "no especifique",
    "请勿提供",
    "不要提供",
    "не указывайте",
];

/// Words frequent in one language and rare in the others, for telling Portuguese, Spanish
/// and English prose apart when neither the path nor the front matter names the locale:
/// (word, votes for Portuguese, Spanish, English). Sorted by word for binary search.
pub const LANGUAGE_VOTES: &[(&str, [u8; 3])] = &[
    ("an", [0, 0, 1]),
    ("and", [0, 0, 1]),
    ("ao", [1, 0, 0]),
    ("are", [0, 0, 1]),
    ("da", [1, 0, 0]),
    ("das", [1, 0, 0]),
    ("del", [0, 1, 0]),
    ("do", [1, 0, 0]),
    ("dos", [1, 0, 0]),
    ("el", [0, 1, 0]),
    ("es", [0, 1, 0]),
    ("está", [1, 1, 0]),
    ("following", [0, 0, 1]),
    ("is", [0, 0, 1]),
    ("las", [0, 1, 0]),
    ("lo", [0, 1, 0]),
    ("los", [0, 1, 0]),
    ("não", [1, 0, 0]),
    ("of", [0, 0, 1]),
    ("pelo", [1, 0, 0]),
    ("puede", [0, 1, 0]),
    ("resposta", [1, 0, 0]),
    ("respuesta", [0, 1, 0]),
    ("returns", [0, 0, 1]),
    ("se", [0, 1, 0]),
    ("seguinte", [1, 0, 0]),
    ("siguiente", [0, 1, 0]),
    ("solicitação", [1, 0, 0]),
    ("solicitud", [0, 1, 0]),
    ("são", [1, 0, 0]),
    ("también", [1, 1, 0]),
    ("também", [1, 1, 0]),
    ("that", [0, 0, 1]),
    ("the", [0, 0, 1]),
    ("this", [0, 0, 1]),
    ("um", [1, 0, 0]),
    ("uma", [1, 0, 0]),
    ("un", [0, 1, 0]),
    ("una", [0, 1, 0]),
    ("você", [1, 0, 0]),
    ("with", [0, 0, 1]),
    ("you", [0, 0, 1]),
    ("é", [1, 0, 0]),
];

/// Leading words of a "Delegated (...)" row label.
pub const DELEGATED: &[&str] = &["deleg", "délég", "委派", "委托", "委任", "делегир", "위임"];

/// Leading words of the "Application" row label. Intune sub-rows such as `Aplicativos`
/// (apps) are told apart by their indentation, never by these words.
pub const APPLICATION: &[&str] =
    &["applica", "aplica", "anwendung", "应用", "應用", "прилож", "アプリケーション", "응용"];

/// Words of the personal-account row's parenthesis, besides the brand.
pub const PERSONAL: &[&str] = &["personal", "pessoal", "persönlich", "personnel", "个人", "個人", "личн", "개인"];

/// Words of the work-or-school row's parenthesis.
pub const WORK_OR_SCHOOL: &[&str] = &[
    "work or school",
    "corporativ",
    "profesional",
    "educativ",
    "trabajo",
    "trabalho",
    "professionnel",
    "geschäfts",
    "工作",
    "職場",
    "рабоч",
    "회사",
];

/// The brand as translations write it: kept (`Microsoft`) or transliterated.
pub const MICROSOFT: &[&str] = &["microsoft", "マイクロソフト", "마이크로소프트", "майкрософт", "微软", "微軟"];

/// A cell saying the scheme is not supported (prefixes). Editions missing here are
/// recognised by the run-wide phrase rule (see `merge::phrases`).
pub const NOT_SUPPORTED: &[&str] = &[
    "not supported",
    "not available",
    "sem suporte",
    "não suportad",
    "não há suporte",
    "no admitid",
    "no compatible",
    "no se admite",
    "no soportad",
    "no disponible",
    "不支持",
    "不受支持",
    "не поддерживается",
    "サポートされていません",
    "지원되지 않음",
    "non supporté",
    "nicht unterstützt",
];

/// A cell giving no answer (whole cell, trailing punctuation removed).
pub const NO_ANSWER: &[&str] =
    &["none", "not applicable", "n/a", "na", "nenhum", "nenhuma", "ninguno", "ninguna", "无", "不适用", "нет", "-"];

/// A cell still to be written (anywhere in the cell).
pub const PLACEHOLDER: &[&str] = &["todo", "tbd"];

/// Words joining permission names in a cell (`A.B and C.D`).
pub const CONJUNCTIONS: &[&str] = &["and", "or", "e", "ou", "y", "o", "和", "或"];

/// A permissions column whose list runs from most to least privileged.
pub const MOST_TO_LEAST: &[&str] = &[
    "most to least",
    "más a menos",
    "mas a menos",
    "máximos a mínimos",
    "maior para o menor",
    "mais para o menos",
    "从最高特权到最低特权",
    "从最高到最低",
    "убывания",
    "最も高い",
];

/// A permissions column whose list runs from least to most privileged (the default).
pub const LEAST_TO_MOST: &[&str] = &[
    "least to most",
    "menos a más",
    "menos a mas",
    "menos para a com mais",
    "mínimos a máximos",
    "menor para o maior",
    "从最低特权到最高特权",
    "从最低",
    "从最少",
    "возрастания",
];

/// The "Least privileged permissions" column of the current format.
pub const LEAST_PRIVILEGED_COLUMN: &[&str] = &["least privileged"];

/// The language votes of one lower-case word.
pub fn language_votes(word: &str) -> [u8; 3] {
    LANGUAGE_VOTES.binary_search_by(|(w, _)| (*w).cmp(word)).map_or([0; 3], |i| LANGUAGE_VOTES[i].1)
}

/// Whether `text` (any case) starts with one of `prefixes`.
pub fn starts_with_any(text: &str, prefixes: &[&str]) -> bool {
    let lower = text.trim_start().to_lowercase();
    prefixes.iter().any(|p| lower.starts_with(p))
}

/// Whether `text` (any case) contains one of `words`.
pub fn contains_any(text: &str, words: &[&str]) -> bool {
    let lower = text.to_lowercase();
    words.iter().any(|w| lower.contains(w))
}

/// A resource property's description saying it comes from a base type ("Inherited from
/// [identitySet](identityset.md)"), lower-case: the page states its base type in prose only
/// (no `baseType` in its annotation), so the check of examples does not know every member.
pub const INHERITED_FROM: &[&str] = &["inherited from"];

/// How a property's type cell says "a collection of" (`String collection`, `Collection of
/// String`); Graph's own notation, in English in every edition.
pub const TYPE_COLLECTION_SUFFIX: &str = " collection";
pub const TYPE_COLLECTION_PREFIX: &str = "collection of ";

/// How a resource page's intro states its base type in prose ("This type inherits from
/// [entity](entity.md)"), lower-case; read only when the annotation has no `baseType`.
pub const INHERITS_FROM: &[&str] = &["inherits from"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_votes_are_sorted_for_binary_search() {
        assert!(LANGUAGE_VOTES.windows(2).all(|w| w[0].0 < w[1].0), "LANGUAGE_VOTES must stay sorted");
        assert_eq!(language_votes("the"), [0, 0, 1]);
        assert_eq!(language_votes("também"), [1, 1, 0]);
        assert_eq!(language_votes("zzz"), [0, 0, 0]);
    }
}
