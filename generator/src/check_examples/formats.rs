//! Whether a JSON string or integer fits the format of its Edm type (G0707): a
//! `DateTimeOffset` that is not ISO 8601 with an offset, a `Guid` that is not a GUID, an
//! `Int32` past 2³¹ - 1. Such a value has the right JSON type but cannot be decoded into the
//! generated model's field.
//!
//! The check parses with the crates the generated client decodes with (chrono, uuid, base64's
//! standard alphabet; see the runtime's `model` module), so that the two cannot disagree on
//! what parses.

use base64::Engine as _;

use crate::model::Edm;

/// Why `literal` (a string's contents, or an integer's digits) does not fit `type_name`, or
/// `None` when it does or the type has no format to check.
pub fn contradiction(type_name: &str, literal: &str) -> Option<String> {
    let edm = Edm::parse(type_name)?;
    let fits = match edm {
        Edm::DateTimeOffset => literal.parse::<chrono::DateTime<chrono::FixedOffset>>().is_ok(),
        Edm::Date => literal.parse::<chrono::NaiveDate>().is_ok(),
        Edm::TimeOfDay => literal.parse::<chrono::NaiveTime>().is_ok(),
        Edm::Guid => literal.parse::<uuid::Uuid>().is_ok(),
        Edm::Binary => base64::engine::general_purpose::STANDARD.decode(literal).is_ok(),
        Edm::Byte => literal.parse::<u8>().is_ok(),
        Edm::SByte => literal.parse::<i8>().is_ok(),
        Edm::Int16 => literal.parse::<i16>().is_ok(),
        Edm::Int32 => literal.parse::<i32>().is_ok(),
        Edm::Int64 => literal.parse::<i64>().is_ok(),
        _ => return None,
    };
    let name = type_name.trim();
    let name = name.strip_prefix("Edm.").or_else(|| name.strip_prefix("edm.")).unwrap_or(name);
    (!fits).then(|| format!("`{literal}` is not a valid `{name}`{}", expected(edm)))
}

/// What a valid value looks like, for the message.
fn expected(edm: Edm) -> &'static str {
    match edm {
        Edm::DateTimeOffset => " (ISO 8601 with an offset, such as `2021-03-01T08:00:00Z`)",
        Edm::Date => " (such as `2021-03-01`)",
        Edm::TimeOfDay => " (such as `08:00:00`)",
        Edm::Guid => " (such as `6f1b7e3a-0c4f-4a39-9b1e-2f3c4d5e6f70`)",
        Edm::Binary => " (standard base64)",
        Edm::Byte => " (0 to 255)",
        Edm::SByte => " (-128 to 127)",
        Edm::Int16 => " (a 16-bit integer)",
        Edm::Int64 => " (a 64-bit integer)",
        _ => " (a 32-bit integer)",
    }
}

#[cfg(test)]
mod tests {
    use super::contradiction;

    #[test]
    fn valid_values_fit() {
        for (ty, value) in [
            ("DateTimeOffset", "2021-03-01T08:00:00Z"),
            ("Edm.DateTimeOffset", "2021-03-01T08:00:00.1234567+01:00"),
            ("Date", "2021-03-01"),
            ("TimeOfDay", "08:00:00.0000000"),
            ("Guid", "6f1b7e3a-0c4f-4a39-9b1e-2f3c4d5e6f70"),
            ("Binary", "aGVsbG8="),
            ("Int32", "-2147483648"),
            ("Int64", "9223372036854775807"),
            ("Byte", "255"),
            ("String", "anything"),
            ("microsoft.graph.user", "anything"),
        ] {
            assert_eq!(contradiction(ty, value), None, "{ty} {value}");
        }
    }

    #[test]
    fn values_that_do_not_parse_are_reported() {
        for (ty, value) in [
            ("DateTimeOffset", "2021-03-01T08:00:00"),
            ("DateTimeOffset", "datetime-value"),
            ("Date", "2021-13-01"),
            ("TimeOfDay", "8 o'clock"),
            ("Guid", "guid-value"),
            ("Binary", "not base64!"),
            ("Int32", "2147483648"),
            ("Int16", "40000"),
            ("Byte", "-1"),
        ] {
            let message = contradiction(ty, value).unwrap_or_else(|| panic!("{ty} {value} fits"));
            assert!(message.contains(value) && message.contains(ty), "{message}");
        }
    }
}
