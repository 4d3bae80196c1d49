//! Every piece of language knowledge the parser has, one table per concept, so that
//! adding a language is one place.
//!
//! The parser reads pages by their structure first (section anchors, the order of the
//! scheme rows, the shape of permission names, phrases repeated across a run); these
//! tables only confirm what the structure says, or settle what it cannot. A page in a
//! language missing here is still read, with warnings where the structure is not enough.
//! Matching is on lower-cased text; side-by-side pages are matched on their English side.

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
