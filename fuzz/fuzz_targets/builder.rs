//! Arbitrary typed values through the builder: it refuses exactly what the contract says it
//! must (checked against the reference model in `tests/model`), and what it builds renders
//! to the string written out by hand, at most 1,024 UTF-16 code units long, which parses
//! back to an equal value with the same fields. A refusal's message can always be written.
#![no_main]

use std::num::NonZeroU32;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use wmp_bits::{validate, Descriptor, Field, Kind, Rating, ServiceId, TextPolicy};

#[path = "../../wmp-bits/tests/model/mod.rs"]
mod model;

#[derive(Debug, Arbitrary)]
struct Input {
    status: bool,
    service_id: NonZeroU32,
    provider: String,
    album_artist: String,
    album_title: String,
    track_number: Option<u32>,
    title: String,
    duration_secs: Option<u32>,
    rating: Option<u8>,
    sanitize: bool,
}

fuzz_target!(|input: Input| {
    let kind = if input.status {
        Kind::Status
    } else {
        Kind::Job
    };
    let service_id = ServiceId::from(input.service_id);
    let rating = input.rating.map(|r| match Rating::try_from(r) {
        Ok(rating) => {
            assert!(r <= 99);
            rating
        }
        Err(e) => {
            assert!(r > 99);
            assert!(!e.to_string().is_empty());
            Rating::new(r % 100).expect("below 100")
        }
    });
    let policy = if input.sanitize {
        TextPolicy::Sanitize
    } else {
        TextPolicy::Reject
    };

    let mut builder = Descriptor::builder(kind, service_id, &input.provider)
        .album_artist(&input.album_artist)
        .album_title(&input.album_title)
        .title(&input.title)
        .text_policy(policy);
    if let Some(n) = input.track_number {
        builder = builder.track_number(n);
    }
    if let Some(secs) = input.duration_secs {
        builder = builder.duration_secs(secs);
    }
    if let Some(r) = rating {
        builder = builder.rating(r);
    }
    let built = builder.build();

    // What the contract expects: the first field, left to right, that breaks its rule.
    // Sanitised text breaks none, and a track number breaks its rule only when it is 0.
    let texts = [
        (Field::AlbumArtist, input.album_artist.as_str()),
        (Field::AlbumTitle, input.album_title.as_str()),
        (Field::Title, input.title.as_str()),
    ];
    let text_rule = |field: Field, text: &str| {
        if input.sanitize {
            None
        } else {
            model::text(field, text)
        }
    };
    let expected = [
        (
            Field::Provider,
            model::text(Field::Provider, &input.provider),
        ),
        (
            Field::AlbumArtist,
            text_rule(Field::AlbumArtist, &input.album_artist),
        ),
        (
            Field::AlbumTitle,
            text_rule(Field::AlbumTitle, &input.album_title),
        ),
        (
            Field::TrackNumber,
            (input.track_number == Some(0)).then_some(("invalid_track_number", 0..0)),
        ),
        (Field::Title, text_rule(Field::Title, &input.title)),
    ]
    .into_iter()
    .find_map(|(field, error)| error.map(|e| (field, e)));
    let clean = |s: &str| {
        if input.sanitize {
            model::sanitize(s)
        } else {
            s.to_string()
        }
    };
    let rendered = model::render(
        kind.as_str(),
        service_id.get(),
        &input.provider,
        &clean(&input.album_artist),
        &clean(&input.album_title),
        input.track_number,
        &clean(&input.title),
        input.duration_secs,
        rating.map(Rating::get),
    );
    let units = rendered.encode_utf16().count();

    match built {
        Ok(d) => {
            assert_eq!(expected, None, "{input:?} was built as {d:?}");
            assert_ne!(input.track_number, Some(0));
            assert_eq!(d.as_str(), rendered);
            assert!(d.utf16_len() <= 1024);
            assert_eq!(d.utf16_len(), units);
            let back: Descriptor = d.to_string().parse().expect("a built descriptor parses");
            assert_eq!(back, d);
            assert_eq!(back.kind(), kind);
            assert_eq!(back.service_id(), service_id);
            assert_eq!(back.provider(), input.provider);
            assert_eq!(back.album_artist(), clean(&input.album_artist));
            assert_eq!(back.album_title(), clean(&input.album_title));
            assert_eq!(back.track_number(), input.track_number);
            assert_eq!(back.title(), clean(&input.title));
            assert_eq!(back.duration_secs(), input.duration_secs);
            assert_eq!(back.rating(), rating);
            for field in Field::ALL {
                assert_eq!(back.span(field), d.span(field));
            }
        }
        Err(e) => {
            let message = e.to_string();
            assert!(!message.starts_with(char::is_uppercase), "{message}");
            assert!(message.contains("expected"), "{message}");
            assert!(!format!("{e:?}").is_empty());
            match expected {
                Some((field, (code, span))) => {
                    assert_eq!((e.code(), e.field(), e.span()), (code, Some(field), span));
                }
                None => {
                    assert_eq!(e.code(), "too_long", "{input:?}: {e}");
                    assert!(units > 1024, "{units}");
                    assert_eq!(e.field(), None);
                    assert!(message.contains(&format!(" {units} UTF-16 code units")));
                }
            }
        }
    }

    // The checks the builder relies on, on their own.
    for (field, text) in texts {
        let got = validate::text(field, text).map_err(|e| (e.code(), e.span()));
        assert_eq!(got, model::text(field, text).map_or(Ok(()), Err));
    }
});
