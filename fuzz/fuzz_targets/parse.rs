//! Arbitrary bytes as a description: parsing never panics, agrees with the reference model
//! of the grammar (`tests/model`), and is canonical: whatever it accepts renders back byte
//! for byte and parses again to an equal value; whatever it refuses gets a span inside the
//! input on character boundaries and a message that can be written.
//!
//! Bytes that are not UTF-8 are decoded lossily (each invalid sequence becomes U+FFFD)
//! rather than skipped, so that every input the fuzzer makes is used; valid UTF-8 is taken
//! exactly as it is.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wmp_bits::{validate, Descriptor, Field, Kind, Rating, ServiceId};

#[path = "../../wmp-bits/tests/model/mod.rs"]
mod model;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let s: &str = &text;

    let parsed = s.parse::<Descriptor>();
    assert_eq!(parsed, Descriptor::try_from(s.to_string()));
    match (&parsed, model::descriptor(s)) {
        (Ok(d), Ok(want)) => {
            let rendered = d.to_string();
            assert_eq!(rendered, s);
            assert_eq!(d.as_str(), s);
            let again: Descriptor = rendered.parse().expect("a rendered descriptor parses");
            assert_eq!(&again, d);
            assert_eq!(d.kind().as_str(), want.kind);
            assert_eq!(d.service_id().get(), want.service_id);
            assert_eq!(d.provider(), want.provider);
            assert_eq!(d.album_artist(), want.album_artist);
            assert_eq!(d.album_title(), want.album_title);
            assert_eq!(d.track_number(), want.track_number);
            assert_eq!(d.title(), want.title);
            assert_eq!(d.duration_secs(), want.duration_secs);
            assert_eq!(d.rating().map(Rating::get), want.rating);
            assert_eq!(d.utf16_len(), s.encode_utf16().count());
            assert!(d.utf16_len() <= validate::MAX_DESCRIPTION_UTF16);
            let fields: Vec<&str> = Field::ALL
                .iter()
                .map(|&f| {
                    assert_eq!(&s[d.span(f)], d.field_str(f));
                    d.field_str(f)
                })
                .collect();
            assert_eq!(format!("::{}", fields.join(":")), s);
            for w in validate::warnings(d) {
                let span = w.span().expect("a warning has a span");
                assert!(s.get(span).is_some());
                assert!(!w.to_string().is_empty());
            }
        }
        (Err(e), Err(want)) => {
            assert_eq!(e.code(), want.code, "{s:?}: {e}");
            assert_eq!(e.kind().code(), want.code);
            assert_eq!(e.field(), want.field, "{s:?}: {e}");
            let span = e.span();
            assert!(s.get(span.clone()).is_some(), "{s:?}: {span:?}");
            if let Some(w) = want.span {
                assert_eq!(span, w, "{s:?}: {e}");
            }
            // The error-diagnosis path: the message, with its quoted snippet, and Debug.
            let message = e.to_string();
            assert!(!message.starts_with(char::is_uppercase), "{message}");
            assert!(message.contains("expected"), "{message}");
        }
        (Ok(d), Err(want)) => panic!("{s:?} should be {want:?}, parsed as {d:?}"),
        (Err(e), Ok(_)) => panic!("{s:?} is valid but was refused: {e}"),
    }

    // The parsers of single tokens agree with the grammar too.
    let max = u64::from(u32::MAX);
    match s.parse::<ServiceId>() {
        Ok(id) => assert_eq!(model::decimal(s, max), Some(u64::from(id.get()))),
        Err(e) => {
            let want = match model::decimal(s, max) {
                Some(0) => "zero_service_id",
                None => "invalid_service_id",
                Some(v) => panic!("{s:?} is the service id {v} but was refused: {e}"),
            };
            assert_eq!(e.code(), want);
            assert_eq!(e.span(), 0..s.len());
            assert!(!e.to_string().is_empty());
        }
    }
    match s.parse::<Rating>() {
        Ok(r) => assert_eq!(model::decimal(s, 99), Some(u64::from(r.get()))),
        Err(e) => {
            assert_eq!(model::decimal(s, 99), None, "{s:?}");
            assert_eq!(e.code(), "invalid_rating");
            assert!(!e.to_string().is_empty());
        }
    }
    match s.parse::<Kind>() {
        Ok(k) => assert_eq!(k.as_str(), s),
        Err(e) => {
            assert!(s != "WMP_JOB" && s != "WMP_STATUS");
            assert_eq!(e.code(), "unknown_kind");
            assert!(!e.to_string().is_empty());
        }
    }

    // A whole-job check over the same text never panics, and reports the parse result.
    // (Local names have their own target.)
    assert!(validate::provider_matches(s, s));
    let installed = ["Contoso"];
    let report = validate::job(s).installed_providers(&installed).check();
    assert_eq!(report.descriptor(), parsed.as_ref().ok());
    let installed_ok = parsed
        .as_ref()
        .is_ok_and(|d| validate::provider_installed(d.provider(), installed));
    assert_eq!(report.is_ok(), installed_ok);
});
