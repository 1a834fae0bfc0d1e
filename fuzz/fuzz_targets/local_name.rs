//! Arbitrary text as a local file name: `validate::local_name` never panics, agrees with the
//! reference model of the rules (`tests/model`), and anything it accepts has the properties
//! BITS and the Player need, checked here once more on their own: a playable extension, an
//! absolute root, at most 260 UTF-16 code units, no wildcard, `"<>|` or control character.
//! A refusal's span lies within the name on character boundaries, and its message can be
//! written.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wmp_bits::validate;

#[path = "../../wmp-bits/tests/model/mod.rs"]
mod model;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let s: &str = &text;

    let got = validate::local_name(s);
    if got.is_ok() {
        let lower = s.to_ascii_lowercase();
        assert!(
            [".wma", ".wmv", ".mp3", ".asf"]
                .iter()
                .any(|e| lower.ends_with(e)),
            "{s:?}"
        );
        let b = s.as_bytes();
        let sep = |x: u8| x == b'\\' || x == b'/';
        let drive = b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && sep(b[2]);
        let unc = b.len() >= 2 && sep(b[0]) && sep(b[1]);
        assert!(drive || unc, "{s:?}");
        assert!(s.encode_utf16().count() <= 260, "{s:?}");
        assert!(
            !s.chars()
                .any(|c| matches!(c, '*' | '?' | '"' | '<' | '>' | '|') || c.is_control()),
            "{s:?}"
        );
        assert!(!s[2..].contains(':'), "{s:?}");
    }
    match (&got, model::local_name(s)) {
        (Ok(()), Ok(())) => {}
        (Err(e), Err(want)) => {
            assert_eq!(e.code(), want, "{s:?}: {e}");
            assert_eq!(e.kind().code(), want);
            assert!(s.get(e.span()).is_some(), "{s:?}: {:?}", e.span());
            let message = e.to_string();
            assert!(!message.starts_with(char::is_uppercase), "{message}");
            assert!(message.contains("expected"), "{message}");
        }
        (got, want) => panic!("{s:?}: expected {want:?}, got {got:?}"),
    }

    // Inside a whole-job check, the same verdict.
    let report = validate::job("::WMP_JOB:1:1:Contoso::::::")
        .local_name(s)
        .check();
    let codes: Vec<&str> = report.problems().iter().map(|p| p.code()).collect();
    match &got {
        Ok(()) => assert!(codes.is_empty(), "{codes:?}"),
        Err(e) => assert_eq!(codes, [e.code()]),
    }
});
