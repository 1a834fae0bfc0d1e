//! Arbitrary bytes through lenient parsing: whatever it accepts renders to text that strict
//! parsing accepts and reads back as an equal descriptor; on input that strict parsing
//! accepts, the two agree exactly, with nothing normalised; every normalisation lies inside
//! the input on character boundaries, in input order without overlapping, and can be
//! written; every refusal has a span on character boundaries of the input and a message
//! that can be written.
//!
//! Bytes that are not UTF-8 are decoded lossily, as in the `parse` target.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wmp_bits::{lenient, Descriptor};
use wmp_bits_fuzz::snake_case;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let s: &str = &text;

    let strict = s.parse::<Descriptor>();
    match lenient::parse(s) {
        Ok(read) => {
            let rendered = read.descriptor().to_string();
            assert_eq!(rendered, read.descriptor().as_str());
            let again: Descriptor = rendered.parse().unwrap_or_else(|e| {
                panic!("{s:?} was read as {rendered:?}, which is refused: {e}")
            });
            assert_eq!(&again, read.descriptor());
            let mut end = 0;
            for n in read.normalizations() {
                let span = n.span();
                assert!(
                    span.start >= end && span.start < span.end,
                    "{s:?}: {read:?}"
                );
                assert!(s.get(span.clone()).is_some(), "{s:?}: {span:?}");
                assert!(snake_case(n.code()), "{}", n.code());
                let message = n.to_string();
                assert!(!message.starts_with(char::is_uppercase), "{message}");
                assert!(message.contains(&format!("at bytes {}..{}", span.start, span.end)));
                end = span.end;
            }
            match &strict {
                Ok(d) => {
                    assert!(read.is_canonical(), "{s:?}: {:?}", read.normalizations());
                    assert_eq!(d, read.descriptor());
                }
                // Accepting what strict parsing refuses means something was normalised.
                Err(e) => assert!(!read.is_canonical(), "{s:?}: strictly {e}"),
            }
        }
        Err(e) => {
            if let Ok(d) = &strict {
                panic!("{s:?} is strictly {d:?} but was refused leniently: {e}");
            }
            let span = e.span();
            assert!(s.get(span.clone()).is_some(), "{s:?}: {span:?}");
            assert!(snake_case(e.code()), "{}", e.code());
            // The error-diagnosis path: the message, with its quoted snippet, and Debug.
            let message = e.to_string();
            assert!(!message.starts_with(char::is_uppercase), "{message}");
            assert!(message.contains("expected"), "{message}");
            assert!(message.contains(&format!("at bytes {}..{}", span.start, span.end)));
            assert!(!format!("{e:?}").is_empty());
        }
    }
});
