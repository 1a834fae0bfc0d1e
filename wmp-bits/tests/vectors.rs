//! Every line of the shared test vectors (copied under `tests/vectors/`) as a case.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::ops::Range;

use serde_json::{Map, Value};
use wmp_bits::{validate, Descriptor, Field, Kind};

/// The keys of a descriptor case that parses: the input, `ok`, and every field.
const DESCRIPTOR_KEYS: [&str; 11] = [
    "input",
    "ok",
    "kind",
    "service_id",
    "provider",
    "album_artist",
    "album_title",
    "track_number",
    "title",
    "duration_secs",
    "rating",
];
/// The keys of a case that is refused, descriptor or local name.
const ERROR_KEYS: [&str; 3] = ["input", "ok", "error"];
/// The keys of a local-name case that is accepted.
const LOCAL_NAME_KEYS: [&str; 2] = ["input", "ok"];

fn cases(text: &str) -> Vec<Map<String, Value>> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match serde_json::from_str(l) {
            Ok(Value::Object(case)) => case,
            Ok(other) => panic!("a vector must be a JSON object: {other}"),
            Err(e) => panic!("bad vector {l}: {e}"),
        })
        .collect()
}

/// Every key the format defines for this case is present (a missing key is not `null`),
/// and no other.
fn has_exactly(case: &Map<String, Value>, keys: &[&str]) {
    let given: BTreeSet<&str> = case.keys().map(String::as_str).collect();
    let defined: BTreeSet<&str> = keys.iter().copied().collect();
    let missing: Vec<_> = defined.difference(&given).collect();
    let unknown: Vec<_> = given.difference(&defined).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "vector {case:?}: missing keys {missing:?}, unknown keys {unknown:?}"
    );
}

fn string<'a>(case: &'a Map<String, Value>, key: &str) -> &'a str {
    case[key]
        .as_str()
        .unwrap_or_else(|| panic!("vector {case:?}: {key} must be a string"))
}

fn boolean(case: &Map<String, Value>, key: &str) -> bool {
    case[key]
        .as_bool()
        .unwrap_or_else(|| panic!("vector {case:?}: {key} must be true or false"))
}

/// A number, or an explicit `null` for an empty optional field.
fn optional_number(case: &Map<String, Value>, key: &str) -> Option<u64> {
    match &case[key] {
        Value::Null => None,
        v => Some(
            v.as_u64()
                .unwrap_or_else(|| panic!("vector {case:?}: {key} must be a number or null")),
        ),
    }
}

/// The byte range of each `:`-separated token after the `::` of `input`.
fn tokens(input: &str) -> Vec<Range<usize>> {
    let fields = input.strip_prefix("::").unwrap_or_default();
    let mut at = 2;
    fields
        .split(':')
        .map(|t| {
            let range = at..at + t.len();
            at = range.end + 1;
            range
        })
        .collect()
}

/// The field an error code concerns, as the contract defines it. A control character can
/// be in any text field: the one whose text in `input` holds the error's span.
fn expected_field(code: &str, input: &str, span: &Range<usize>) -> Option<Field> {
    match code {
        "too_long" | "missing_prefix" | "field_count" => None,
        "unknown_kind" => Some(Field::Kind),
        "unsupported_version" => Some(Field::Version),
        "invalid_service_id" | "zero_service_id" => Some(Field::ServiceId),
        "invalid_provider" => Some(Field::Provider),
        "invalid_track_number" => Some(Field::TrackNumber),
        "invalid_duration" => Some(Field::Duration),
        "invalid_rating" => Some(Field::Rating),
        "control_character" => {
            let tokens = tokens(input);
            assert_eq!(
                tokens.len(),
                10,
                "{input:?}: a control character in a descriptor of ten fields"
            );
            let i = tokens
                .iter()
                .position(|t| t.start <= span.start && span.end <= t.end)
                .unwrap_or_else(|| panic!("{input:?}: span {span:?} is not inside one field"));
            let field = Field::ALL[i];
            assert!(
                matches!(
                    field,
                    Field::Provider | Field::AlbumArtist | Field::AlbumTitle | Field::Title
                ),
                "{input:?}: a control character in {field}, which is not a text field"
            );
            Some(field)
        }
        other => panic!("{input:?}: unknown error code {other:?}"),
    }
}

#[test]
fn descriptor_vectors() {
    let cases = cases(include_str!("vectors/descriptors.jsonl"));
    assert!(cases.len() >= 35, "the vector file lost cases");
    for case in &cases {
        let input = string(case, "input");
        let result = input.parse::<Descriptor>();
        if boolean(case, "ok") {
            has_exactly(case, &DESCRIPTOR_KEYS);
            let d = result.unwrap_or_else(|e| panic!("{input:?} should parse: {e}"));
            let kind = match string(case, "kind") {
                "job" => Kind::Job,
                "status" => Kind::Status,
                k => panic!("unknown kind {k}"),
            };
            assert_eq!(d.kind(), kind, "{input}");
            let service_id = case["service_id"]
                .as_u64()
                .unwrap_or_else(|| panic!("{input:?}: service_id must be a number"));
            assert_eq!(u64::from(d.service_id().get()), service_id, "{input}");
            assert_eq!(d.provider(), string(case, "provider"), "{input}");
            assert_eq!(d.album_artist(), string(case, "album_artist"), "{input}");
            assert_eq!(d.album_title(), string(case, "album_title"), "{input}");
            assert_eq!(d.title(), string(case, "title"), "{input}");
            assert_eq!(
                d.track_number().map(u64::from),
                optional_number(case, "track_number"),
                "{input}"
            );
            assert_eq!(
                d.duration_secs().map(u64::from),
                optional_number(case, "duration_secs"),
                "{input}"
            );
            assert_eq!(
                d.rating().map(|r| u64::from(r.get())),
                optional_number(case, "rating"),
                "{input}"
            );
            assert_eq!(d.to_string(), input, "must render back byte for byte");
        } else {
            has_exactly(case, &ERROR_KEYS);
            let want = string(case, "error");
            let err = result.expect_err(input);
            assert_eq!(err.code(), want, "{input:?}: {err}");
            let span = err.span();
            assert!(
                input.get(span.clone()).is_some(),
                "{input:?}: span {span:?} is not on character boundaries of the input"
            );
            let field = expected_field(want, input, &span);
            assert_eq!(err.field(), field, "{input:?}: {err}");
            match field {
                // A field's error points into that field's text.
                Some(f) => {
                    let token = tokens(input)[f.index()].clone();
                    assert!(
                        token.start <= span.start && span.end <= token.end,
                        "{input:?}: span {span:?} is outside the {f} at {token:?}"
                    );
                }
                None if want == "too_long" => assert_eq!(span, 0..input.len(), "{input:?}"),
                None if want == "missing_prefix" => assert_eq!(span.start, 0, "{input:?}"),
                None => {}
            }
            if want == "control_character" {
                assert!(
                    input[span].chars().all(char::is_control),
                    "{input:?}: the span of a control character holds other text"
                );
            }
        }
    }
}

#[test]
fn local_name_vectors() {
    let cases = cases(include_str!("vectors/local_names.jsonl"));
    assert!(cases.len() >= 17, "the vector file lost cases");
    for case in &cases {
        let input = string(case, "input");
        let result = validate::local_name(input);
        if boolean(case, "ok") {
            has_exactly(case, &LOCAL_NAME_KEYS);
            assert_eq!(result, Ok(()), "{input:?}");
        } else {
            has_exactly(case, &ERROR_KEYS);
            let err = result.expect_err(input);
            assert_eq!(err.code(), string(case, "error"), "{input:?}: {err}");
            assert!(
                input.get(err.span()).is_some(),
                "{input:?}: span {:?} is not on character boundaries of the input",
                err.span()
            );
        }
    }
}

// Guards of the guard: the strictness above must not quietly lapse.

#[test]
#[should_panic(expected = "missing keys [\"rating\"], unknown keys []")]
fn a_missing_key_is_not_taken_for_null() {
    let case = r#"{"input": "::WMP_JOB:1:1:C::::::", "ok": true, "kind": "job", "service_id": 1, "provider": "C", "album_artist": "", "album_title": "", "track_number": null, "title": "", "duration_secs": null}"#;
    has_exactly(&cases(case)[0], &DESCRIPTOR_KEYS);
}

#[test]
#[should_panic(expected = "missing keys [], unknown keys [\"field\"]")]
fn an_unknown_key_is_refused() {
    let case = r#"{"input": "::WMP_JOB:1:1:C:\u0007::::::", "ok": false, "error": "control_character", "field": "album_artist"}"#;
    has_exactly(&cases(case)[0], &ERROR_KEYS);
}

#[test]
fn a_control_character_is_blamed_on_the_field_that_holds_it() {
    for (input, field) in [
        ("::WMP_JOB:1:1:C\u{7}::::::", Field::Provider),
        ("::WMP_JOB:1:1:C:\u{7}:::::", Field::AlbumArtist),
        ("::WMP_JOB:1:1:C::a\u{85}::::", Field::AlbumTitle),
        ("::WMP_JOB:1:1:C::::\u{0}::", Field::Title),
    ] {
        let err = input.parse::<Descriptor>().unwrap_err();
        assert_eq!(
            expected_field("control_character", input, &err.span()),
            Some(field),
            "{input:?}"
        );
        assert_eq!(err.field(), Some(field), "{input:?}");
    }
}

/// The copies under `tests/vectors/` keep every shared case, as written, when the shared
/// originals are present beside the repository (they are not needed to build or test); the
/// copies may add cases of their own after the shared ones.
#[test]
fn vector_copies_keep_every_shared_case_when_present() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors");
    for (name, copy) in [
        (
            "descriptors.jsonl",
            include_str!("vectors/descriptors.jsonl"),
        ),
        (
            "local_names.jsonl",
            include_str!("vectors/local_names.jsonl"),
        ),
    ] {
        let Ok(original) = std::fs::read_to_string(shared.join(name)) else {
            // Straight to the standard error, which the test harness does not capture: a
            // skipped comparison is said even when the test passes.
            let _ = writeln!(
                std::io::stderr(),
                "vector_copies_keep_every_shared_case_when_present: skipped for {name}: \
                 no {} to compare the copy with",
                shared.join(name).display()
            );
            continue;
        };
        let kept: BTreeSet<&str> = copy.lines().collect();
        for line in original.lines() {
            assert!(
                kept.contains(line),
                "tests/vectors/{name} lacks the shared case {line}"
            );
        }
    }
}
