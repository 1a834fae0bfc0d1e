//! The `serde` feature: descriptors as their canonical string, read back strictly; service
//! ids and ratings as numbers; kinds as their tokens.
#![cfg(feature = "serde")]

use proptest::prelude::*;
use serde_json::{json, Value};
use wmp_bits::{Descriptor, Kind, Rating, ServiceId};

const TEXT: &str =
    "::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50";

fn error<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
    serde_json::from_str::<T>(json).unwrap_err().to_string()
}

#[test]
fn descriptor_is_its_canonical_string() {
    let d: Descriptor = TEXT.parse().unwrap();
    let json = serde_json::to_string(&d).unwrap();
    assert_eq!(json, format!("\"{TEXT}\""));
    assert_eq!(
        serde_json::to_value(&d).unwrap(),
        Value::String(TEXT.into())
    );
    let back: Descriptor = serde_json::from_str(&json).unwrap();
    assert_eq!(back, d);
    assert_eq!(back.title(), "Cold Cold Heart");
}

#[test]
fn descriptor_with_escaped_and_non_ascii_text_round_trips() {
    let text = "::WMP_STATUS:1:42:Fabrikam:Björk:\"Homogenic\" \\ 1997:2:Jóga 🎷:305:75";
    let d: Descriptor = text.parse().unwrap();
    let json = serde_json::to_string(&d).unwrap();
    assert!(json.contains(r#"\"Homogenic\" \\ 1997"#), "{json}");
    assert_eq!(serde_json::from_str::<Descriptor>(&json).unwrap(), d);
    // The same text with every non-ASCII character escaped, so that the deserializer
    // cannot lend the input.
    let escaped = "\"::WMP_STATUS:1:42:Fabrikam:Bj\\u00f6rk:\\\"Homogenic\\\" \\\\ 1997:2:J\\u00f3ga \\ud83c\\udfb7:305:75\"";
    assert_eq!(serde_json::from_str::<Descriptor>(escaped).unwrap(), d);
}

#[test]
fn an_owned_string_becomes_the_descriptor_without_a_copy() {
    let owned = String::from(TEXT);
    let at = owned.as_ptr();
    let d: Descriptor = serde_json::from_value(Value::String(owned)).unwrap();
    assert_eq!(d.as_str(), TEXT);
    assert_eq!(d.as_str().as_ptr(), at, "the String was copied");
}

#[test]
fn descriptor_errors_are_the_strict_parser_messages() {
    assert_eq!(
        error::<Descriptor>(r#""::WMP_JOB:1:1:Contoso:A:B:01:T:1:50""#),
        "invalid track number \"01\" at bytes 26..28: expected empty or a decimal \
         1..=4294967295 without leading zeros at line 1 column 37"
    );
    assert_eq!(
        error::<Descriptor>(r#""::wmp_job:1:1:Contoso::::::""#),
        "unknown kind \"wmp_job\" at bytes 2..9: expected WMP_JOB or WMP_STATUS \
         (case-sensitive) at line 1 column 29"
    );
    // Not lenient: a trailing newline is refused.
    assert!(serde_json::from_str::<Descriptor>(r#""::WMP_JOB:1:1:Contoso::::::\n""#).is_err());
    let owned = serde_json::from_value::<Descriptor>(json!("::WMP_JOB:1:0:Contoso::::::"));
    assert_eq!(
        owned.unwrap_err().to_string(),
        "zero service id at bytes 12..13: expected a nonzero decimal 1..=4294967295"
    );
    assert_eq!(
        error::<Descriptor>("5"),
        "invalid type: integer `5`, expected a Windows Media Player job description string \
         (\"::WMP_JOB:1:…\") at line 1 column 1"
    );
}

#[test]
fn service_id_is_a_number() {
    let id = ServiceId::new(987_654_321).unwrap();
    assert_eq!(serde_json::to_string(&id).unwrap(), "987654321");
    assert_eq!(serde_json::from_str::<ServiceId>("987654321").unwrap(), id);
    assert_eq!(
        serde_json::from_str::<ServiceId>("4294967295")
            .unwrap()
            .get(),
        u32::MAX
    );
    assert_eq!(serde_json::from_str::<ServiceId>("1").unwrap().get(), 1);
}

#[test]
fn service_id_refuses_zero_and_what_is_not_a_u32() {
    let expected = "expected a nonzero service id 1..=4294967295";
    assert_eq!(
        error::<ServiceId>("0"),
        format!("invalid value: integer `0`, {expected} at line 1 column 1")
    );
    assert_eq!(
        error::<ServiceId>("4294967296"),
        format!("invalid value: integer `4294967296`, {expected} at line 1 column 10")
    );
    assert_eq!(
        error::<ServiceId>("-1"),
        format!("invalid value: integer `-1`, {expected} at line 1 column 2")
    );
    assert_eq!(
        error::<ServiceId>("1.5"),
        format!("invalid type: floating point `1.5`, {expected} at line 1 column 3")
    );
    assert_eq!(
        error::<ServiceId>("\"42\""),
        format!("invalid type: string \"42\", {expected} at line 1 column 4")
    );
    // Beyond u64, serde_json reads a float (its exact rendering is serde_json's own).
    let beyond_u64 = error::<ServiceId>("18446744073709551616");
    assert!(
        beyond_u64.starts_with("invalid type: floating point `")
            && beyond_u64.ends_with(&format!("`, {expected} at line 1 column 20")),
        "{beyond_u64}"
    );
}

#[test]
fn rating_is_a_number() {
    let r = Rating::from_stars(3).unwrap();
    assert_eq!(serde_json::to_string(&r).unwrap(), "50");
    assert_eq!(serde_json::from_str::<Rating>("50").unwrap(), r);
    assert_eq!(
        serde_json::from_str::<Rating>("0").unwrap(),
        Rating::UNRATED
    );
    assert_eq!(serde_json::from_str::<Rating>("99").unwrap(), Rating::MAX);
}

#[test]
fn rating_refuses_100_and_what_is_not_a_u8() {
    let expected = "expected a rating 0..=99 (the Player's UserRating scale)";
    assert_eq!(
        error::<Rating>("100"),
        format!("invalid value: integer `100`, {expected} at line 1 column 3")
    );
    assert_eq!(
        error::<Rating>("256"),
        format!("invalid value: integer `256`, {expected} at line 1 column 3")
    );
    assert_eq!(
        error::<Rating>("-1"),
        format!("invalid value: integer `-1`, {expected} at line 1 column 2")
    );
    assert_eq!(
        error::<Rating>("50.0"),
        format!("invalid type: floating point `50.0`, {expected} at line 1 column 4")
    );
    assert_eq!(
        error::<Rating>("null"),
        format!("invalid type: null, {expected} at line 1 column 4")
    );
}

#[test]
fn kind_is_its_token() {
    assert_eq!(serde_json::to_string(&Kind::Job).unwrap(), "\"WMP_JOB\"");
    assert_eq!(
        serde_json::to_string(&Kind::Status).unwrap(),
        "\"WMP_STATUS\""
    );
    assert_eq!(
        serde_json::from_str::<Kind>("\"WMP_JOB\"").unwrap(),
        Kind::Job
    );
    assert_eq!(
        serde_json::from_str::<Kind>("\"WMP_STATUS\"").unwrap(),
        Kind::Status
    );
    let expected = "expected \"WMP_JOB\" or \"WMP_STATUS\" (case-sensitive)";
    assert_eq!(
        error::<Kind>("\"wmp_job\""),
        format!("invalid value: string \"wmp_job\", {expected} at line 1 column 9")
    );
    assert_eq!(
        error::<Kind>("0"),
        format!("invalid type: integer `0`, {expected} at line 1 column 1")
    );
}

#[test]
fn values_compose_inside_other_data() {
    let d: Descriptor = TEXT.parse().unwrap();
    let record = (d.kind(), d.service_id(), d.rating(), &d);
    let json = serde_json::to_string(&record).unwrap();
    assert_eq!(json, format!("[\"WMP_JOB\",987654321,50,\"{TEXT}\"]"));
    let back: (Kind, ServiceId, Option<Rating>, Descriptor) = serde_json::from_str(&json).unwrap();
    assert_eq!(back, (d.kind(), d.service_id(), d.rating(), d.clone()));
    let empty: Option<Rating> = serde_json::from_str("null").unwrap();
    assert_eq!(empty, None);
}

proptest! {
    #[test]
    fn numbers_round_trip(id in 1..=u32::MAX, rating in 0..=99u8) {
        let id = ServiceId::new(id).unwrap();
        let rating = Rating::new(rating).unwrap();
        let json = serde_json::to_string(&(id, rating)).unwrap();
        prop_assert_eq!(&json, &format!("[{},{}]", id.get(), rating.get()));
        prop_assert_eq!(serde_json::from_str::<(ServiceId, Rating)>(&json).unwrap(), (id, rating));
    }

    #[test]
    fn out_of_range_ratings_are_refused(v in 100..=u64::MAX) {
        prop_assert!(serde_json::from_str::<Rating>(&v.to_string()).is_err());
    }

    #[test]
    fn out_of_range_service_ids_are_refused(v in prop_oneof![Just(0u64), (1u64 << 32)..=u64::MAX]) {
        prop_assert!(serde_json::from_str::<ServiceId>(&v.to_string()).is_err());
    }

    #[test]
    fn descriptors_round_trip(
        id in 1..=u32::MAX,
        title in "[^:\\p{Cc}]{0,40}",
        duration in proptest::option::of(any::<u32>()),
    ) {
        let mut b = Descriptor::builder(Kind::Status, ServiceId::new(id).unwrap(), "Contoso")
            .title(&title);
        if let Some(secs) = duration {
            b = b.duration_secs(secs);
        }
        let d = b.build().unwrap();
        let json = serde_json::to_string(&d).unwrap();
        prop_assert_eq!(serde_json::from_str::<String>(&json).unwrap(), d.as_str());
        prop_assert_eq!(serde_json::from_str::<Descriptor>(&json).unwrap(), d.clone());
        prop_assert_eq!(serde_json::from_value::<Descriptor>(serde_json::to_value(&d).unwrap()).unwrap(), d);
    }
}
