//! Arbitrary metadata and folder through `file_name`: whatever `local_name_for` returns
//! passes `validate::local_name` (so it never names a device: the check is the oracle),
//! starts with the folder exactly and ends with the file name's extension; `check_folder`
//! succeeds exactly when `local_name_for` does, with the same error, whatever the metadata;
//! a refusal's span lies on character boundaries of the folder. `file_name_for` always
//! gives a valid last component: at most 255 UTF-16 code units, with the extension, and a
//! valid local name under a drive root. `rip_layout_name_for` passes `validate::local_name`
//! too, starts with the folder and holds exactly three names below it; it refuses only what
//! `local_name_for` refuses, or a folder too long for its two folders more.
//!
//! The input is the parts separated by the byte 0xFF, which UTF-8 never uses: the folder,
//! the title, the album title, the album artist, the track number and the service id (in
//! decimal; anything else leaves the track number unknown and makes the service id 42), and
//! the extension (`mp3`, …; anything else picks one by its length). Each part is decoded
//! lossily, as in the `parse` target, and a missing part is empty.
#![no_main]

use std::borrow::Cow;

use libfuzzer_sys::fuzz_target;
use wmp_bits::file_name::{
    check_folder, file_name_for, local_name_for, rip_layout_name_for, Extension,
};
use wmp_bits::{validate, Descriptor, Kind, ServiceId, TextPolicy};
use wmp_bits_fuzz::snake_case;

#[derive(Debug)]
struct Input<'a> {
    folder: &'a str,
    title: &'a str,
    album_title: &'a str,
    album_artist: &'a str,
    track_number: Option<u32>,
    service_id: ServiceId,
    extension: Extension,
}

/// The descriptor for these parts, with text sanitised so that any text goes in; when that
/// is too long, with the title alone, cut short enough to fit.
fn descriptor(input: &Input<'_>) -> Descriptor {
    let builder = Descriptor::builder(Kind::Job, input.service_id, "Contoso")
        .track_number(input.track_number)
        .text_policy(TextPolicy::Sanitize);
    let full = builder
        .clone()
        .album_artist(input.album_artist)
        .album_title(input.album_title)
        .title(input.title)
        .build();
    full.unwrap_or_else(|e| {
        assert_eq!(e.code(), "too_long", "{input:?}: {e}");
        let end = input
            .title
            .char_indices()
            .nth(400)
            .map_or(input.title.len(), |(i, _)| i);
        builder
            .title(&input.title[..end])
            .build()
            .expect("400 characters fit")
    })
}

fuzz_target!(|data: &[u8]| {
    let parts: Vec<Cow<'_, str>> = data
        .splitn(7, |&b| b == 0xFF)
        .map(String::from_utf8_lossy)
        .collect();
    let part = |i: usize| parts.get(i).map_or("", |p| p.as_ref());
    let input = Input {
        folder: part(0),
        title: part(1),
        album_title: part(2),
        album_artist: part(3),
        track_number: part(4).parse().ok().filter(|&n| n > 0),
        service_id: part(5)
            .parse()
            .unwrap_or(ServiceId::new(42).expect("nonzero")),
        extension: part(6)
            .parse()
            .unwrap_or(Extension::ALL[part(6).len() % Extension::ALL.len()]),
    };
    let d = descriptor(&input);
    let extension = input.extension;
    let dot_ext = format!(".{}", extension.as_str());

    let file = file_name_for(&d, extension);
    assert!(file.ends_with(&dot_ext), "{file:?}");
    assert!(file.len() > dot_ext.len(), "{file:?}");
    assert!(validate::utf16_len(&file) <= 255, "{file:?}");
    let under_root = format!("C:\\{file}");
    if let Err(e) = validate::local_name(&under_root) {
        panic!("{under_root:?} is refused: {e}");
    }

    let folder = input.folder;
    let named = local_name_for(folder, &d, extension);
    let checked = check_folder(folder);
    assert_eq!(
        checked,
        named.as_ref().map(drop).map_err(Clone::clone),
        "{folder:?}"
    );
    match &named {
        Ok(name) => {
            if let Err(e) = validate::local_name(name) {
                panic!("{name:?} (for the folder {folder:?}) is refused: {e}");
            }
            assert!(name.starts_with(folder), "{name:?} for {folder:?}");
            assert!(name.ends_with(&dot_ext), "{name:?}");
            let rest = &name[folder.len()..];
            let file = if folder.ends_with(['\\', '/']) {
                rest
            } else {
                rest.strip_prefix('\\')
                    .expect("a separator after the folder")
            };
            assert!(file.len() > dot_ext.len(), "{name:?}");
            assert!(!file.contains(['\\', '/']), "{name:?}");
        }
        Err(e) => {
            assert!(folder.get(e.span()).is_some(), "{folder:?}: {:?}", e.span());
            assert!(snake_case(e.code()), "{}", e.code());
            assert_eq!(e.kind().code(), e.code());
            let message = e.to_string();
            assert!(!message.starts_with(char::is_uppercase), "{message}");
            assert!(message.contains("expected"), "{message}");
            if let Some(inner) = e.local_name_error() {
                assert_eq!(inner.code(), e.code());
                assert_eq!(inner.span(), e.span());
            }
        }
    }

    // The rip layout: the same rules, two folders more.
    match (rip_layout_name_for(folder, &d, extension), &named) {
        (Ok(name), _) => {
            if let Err(e) = validate::local_name(&name) {
                panic!("{name:?} (rip layout, for {folder:?}) is refused: {e}");
            }
            assert!(name.starts_with(folder), "{name:?} for {folder:?}");
            let rest = &name[folder.len()..];
            let rest = if folder.ends_with(['\\', '/']) {
                rest
            } else {
                rest.strip_prefix('\\')
                    .expect("a separator after the folder")
            };
            assert_eq!(rest.split(['\\', '/']).count(), 3, "{name:?}");
            assert!(name.ends_with(&dot_ext), "{name:?}");
        }
        (Err(e), Ok(_)) => {
            assert_eq!(e.code(), "local_name_too_long", "{folder:?}: {e}");
            assert_eq!(e.span(), 0..folder.len());
        }
        (Err(e), Err(flat)) => assert_eq!(&e.code(), &flat.code(), "{folder:?}"),
    }

    // Whatever the metadata: the verdict on the folder is the same for the shortest names.
    let bare: Descriptor = "::WMP_JOB:1:1:Contoso::::::"
        .parse()
        .expect("a valid descriptor");
    assert_eq!(
        local_name_for(folder, &bare, extension).map(drop),
        named.map(drop),
        "{folder:?}"
    );
});
