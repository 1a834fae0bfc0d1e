//! Arbitrary text through `validate::sanitize`: the result is always acceptable text for a
//! metadata field, sanitising is idempotent and keeps the UTF-16 length, it changes exactly
//! the characters the contract names (checked against `tests/model`), and it borrows when
//! nothing needs changing. `validate::text` on the raw text agrees with the model for text and
//! number fields, and sanitised text always builds unless the whole is too long.
#![no_main]

use std::borrow::Cow;

use libfuzzer_sys::fuzz_target;
use wmp_bits::{validate, Descriptor, Field, Kind, ServiceId, TextPolicy};

#[path = "../../wmp-bits/tests/model/mod.rs"]
mod model;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let s: &str = &text;

    let once = validate::sanitize(s);
    assert_eq!(once, model::sanitize(s));
    assert_eq!(matches!(once, Cow::Borrowed(_)), once == s);
    for field in [Field::AlbumArtist, Field::AlbumTitle, Field::Title] {
        if let Err(e) = validate::text(field, &once) {
            panic!("sanitised {s:?} is still refused: {e}");
        }
    }
    let twice = validate::sanitize(&once);
    assert_eq!(twice, once);
    assert!(matches!(twice, Cow::Borrowed(_)));
    assert_eq!(validate::utf16_len(&once), validate::utf16_len(s));
    assert_eq!(validate::utf16_len(s), s.encode_utf16().count());

    // For text, the check depends only on whether the field is the provider.
    for field in [Field::Provider, Field::Title] {
        match validate::text(field, s) {
            Ok(()) => assert_eq!(model::text(field, s), None, "{field}: {s:?}"),
            Err(e) => {
                assert_eq!(
                    Some((e.code(), e.span())),
                    model::text(field, s),
                    "{field}: {s:?}"
                );
                assert_eq!(e.field(), Some(field));
                assert!(!e.to_string().is_empty());
            }
        }
    }
    // A number field takes its canonical decimal or nothing, and a refusal spans it all.
    let number = validate::text(Field::Duration, s).map_err(|e| (e.code(), e.span(), e.field()));
    let canonical = s.is_empty() || model::decimal(s, u32::MAX.into()).is_some();
    let expected = if canonical {
        Ok(())
    } else {
        Err(("invalid_duration", 0..s.len(), Some(Field::Duration)))
    };
    assert_eq!(number, expected, "duration: {s:?}");

    let built = Descriptor::builder(Kind::Status, ServiceId::MAX_PORTABLE, "Contoso")
        .album_artist(s)
        .title(s)
        .text_policy(TextPolicy::Sanitize)
        .build();
    match built {
        Ok(d) => {
            assert_eq!(d.album_artist(), once);
            assert_eq!(d.title(), once);
            assert_eq!(d.as_str().parse::<Descriptor>().as_ref(), Ok(&d));
        }
        Err(e) => {
            assert_eq!(e.code(), "too_long", "{s:?}: {e}");
            let clean = model::sanitize(s);
            let rendered = model::render(
                "WMP_STATUS",
                ServiceId::MAX_PORTABLE.get(),
                "Contoso",
                &clean,
                "",
                None,
                &clean,
                None,
                None,
            );
            assert!(rendered.encode_utf16().count() > 1024, "{s:?}");
        }
    }
});
