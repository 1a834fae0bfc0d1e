//! Every line of the shared test vectors (copied under `tests/vectors/`) as a case.

use serde_json::Value;
use wmp_bits::{validate, Descriptor, Kind};

fn cases(text: &str) -> Vec<Value> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad vector {l}: {e}")))
        .collect()
}

fn opt_u64(v: &Value) -> Option<u64> {
    if v.is_null() {
        None
    } else {
        Some(v.as_u64().expect("a number or null"))
    }
}

#[test]
fn descriptor_vectors() {
    let cases = cases(include_str!("vectors/descriptors.jsonl"));
    assert!(cases.len() >= 35, "the vector file lost cases");
    for case in &cases {
        let input = case["input"].as_str().unwrap();
        let result = input.parse::<Descriptor>();
        if case["ok"].as_bool().unwrap() {
            let d = result.unwrap_or_else(|e| panic!("{input:?} should parse: {e}"));
            let kind = match case["kind"].as_str().unwrap() {
                "job" => Kind::Job,
                "status" => Kind::Status,
                k => panic!("unknown kind {k}"),
            };
            assert_eq!(d.kind(), kind, "{input}");
            assert_eq!(
                u64::from(d.service_id().get()),
                case["service_id"].as_u64().unwrap()
            );
            assert_eq!(d.provider(), case["provider"].as_str().unwrap());
            assert_eq!(d.album_artist(), case["album_artist"].as_str().unwrap());
            assert_eq!(d.album_title(), case["album_title"].as_str().unwrap());
            assert_eq!(d.title(), case["title"].as_str().unwrap());
            assert_eq!(
                d.track_number().map(u64::from),
                opt_u64(&case["track_number"])
            );
            assert_eq!(
                d.duration_secs().map(u64::from),
                opt_u64(&case["duration_secs"])
            );
            assert_eq!(
                d.rating().map(|r| u64::from(r.get())),
                opt_u64(&case["rating"])
            );
            assert_eq!(d.to_string(), input, "must render back byte for byte");
        } else {
            let want = case["error"].as_str().unwrap();
            let err = result.expect_err(input);
            assert_eq!(err.code(), want, "{input:?}: {err}");
            assert!(err.span().end <= input.len() && input.is_char_boundary(err.span().start));
        }
    }
}

#[test]
fn local_name_vectors() {
    let cases = cases(include_str!("vectors/local_names.jsonl"));
    assert!(cases.len() >= 17, "the vector file lost cases");
    for case in &cases {
        let input = case["input"].as_str().unwrap();
        let result = validate::local_name(input);
        if case["ok"].as_bool().unwrap() {
            assert_eq!(result, Ok(()), "{input:?}");
        } else {
            let err = result.expect_err(input);
            assert_eq!(
                err.code(),
                case["error"].as_str().unwrap(),
                "{input:?}: {err}"
            );
        }
    }
}

/// The copies under `tests/vectors/` must not drift from the shared originals when those
/// are present beside the repository (they are not needed to build or test).
#[test]
fn vector_copies_match_the_shared_originals_when_present() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors");
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
        if let Ok(original) = std::fs::read_to_string(shared.join(name)) {
            assert_eq!(
                original, copy,
                "tests/vectors/{name} differs from the shared copy"
            );
        }
    }
}
