//! Reference models of the contract, written from the grammar and the error table alone, in
//! the plainest way there is: `strip_prefix`, `split(':')`, `str::parse`, `char::is_control`,
//! `encode_utf16().count()`. Nothing here calls the crate's parser or validators, so that the
//! hostile tests and the fuzz targets (which include this file by path) compare two
//! independent readings of the same rules.
#![allow(dead_code)]

use std::ops::Range;

use wmp_bits::Field;

/// The values of a descriptor the model accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields<'a> {
    pub kind: &'a str,
    pub service_id: u32,
    pub provider: &'a str,
    pub album_artist: &'a str,
    pub album_title: &'a str,
    pub track_number: Option<u32>,
    pub title: &'a str,
    pub duration_secs: Option<u32>,
    pub rating: Option<u8>,
}

/// Why the model rejects a descriptor: the stable code, the field, and the byte span where
/// the contract pins one down (`None` for `field_count`, whose span is only required to lie
/// within the input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub code: &'static str,
    pub field: Option<Field>,
    pub span: Option<Range<usize>>,
}

fn reject(code: &'static str, field: Option<Field>, span: Option<Range<usize>>) -> Rejection {
    Rejection { code, field, span }
}

/// A canonical unsigned decimal no larger than `max`: `0`, or a nonzero digit followed by
/// digits. Anything else (empty, a sign, a leading zero, a non-digit, too large) is `None`.
pub fn decimal(token: &str, max: u64) -> Option<u64> {
    let bytes = token.as_bytes();
    if token == "0" {
        return Some(0);
    }
    if bytes.is_empty() || bytes[0] == b'0' || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    // More than 20 digits do not fit a u64 and fail here, as they should.
    token.parse::<u64>().ok().filter(|&v| v <= max)
}

/// The strict grammar, checked in the contract's order: `too_long`, `missing_prefix`,
/// `unknown_kind`, `unsupported_version`, `field_count`, then the fields left to right.
// One function, read from top to bottom in the order of the contract's checks.
#[allow(clippy::too_many_lines)]
pub fn descriptor(s: &str) -> Result<Fields<'_>, Rejection> {
    if s.encode_utf16().count() > 1024 {
        return Err(reject("too_long", None, Some(0..s.len())));
    }
    let Some(rest) = s.strip_prefix("::") else {
        // The span covers the first two characters, where "::" should be.
        let end = s.char_indices().nth(2).map_or(s.len(), |(i, _)| i);
        return Err(reject("missing_prefix", None, Some(0..end)));
    };
    let mut tokens: Vec<(Range<usize>, &str)> = Vec::new();
    let mut at = 2;
    for token in rest.split(':') {
        tokens.push((at..at + token.len(), token));
        at += token.len() + 1;
    }
    let token_error = |code, field: Field| {
        let (span, _) = &tokens[field.index()];
        Err(reject(code, Some(field), Some(span.clone())))
    };
    if !matches!(tokens[0].1, "WMP_JOB" | "WMP_STATUS") {
        return token_error("unknown_kind", Field::Kind);
    }
    if tokens.len() > 1 && tokens[1].1 != "1" {
        return token_error("unsupported_version", Field::Version);
    }
    if tokens.len() != 10 {
        return Err(reject("field_count", None, None));
    }
    let text = |i: usize| tokens[i].1;
    let start = |i: usize| tokens[i].0.start;
    let max = u64::from(u32::MAX);
    let narrow = |v: u64| u32::try_from(v).expect("checked against u32::MAX");

    let service_id = match decimal(text(2), max) {
        Some(0) => return token_error("zero_service_id", Field::ServiceId),
        Some(v) => narrow(v),
        None => return token_error("invalid_service_id", Field::ServiceId),
    };

    let provider = text(3);
    if provider.is_empty() {
        return Err(reject(
            "invalid_provider",
            Some(Field::Provider),
            Some(start(3)..start(3)),
        ));
    }
    for (i, c) in provider.char_indices() {
        let code = if c == '\\' {
            "invalid_provider"
        } else if c.is_control() {
            "control_character"
        } else {
            continue;
        };
        let at = start(3) + i;
        return Err(reject(
            code,
            Some(Field::Provider),
            Some(at..at + c.len_utf8()),
        ));
    }
    if provider.encode_utf16().count() > 255 {
        return token_error("invalid_provider", Field::Provider);
    }

    let control = |i: usize, field: Field| -> Result<(), Rejection> {
        match text(i).char_indices().find(|(_, c)| c.is_control()) {
            Some((j, c)) => {
                let at = start(i) + j;
                Err(reject(
                    "control_character",
                    Some(field),
                    Some(at..at + c.len_utf8()),
                ))
            }
            None => Ok(()),
        }
    };
    control(4, Field::AlbumArtist)?;
    control(5, Field::AlbumTitle)?;

    let track_number = match text(6) {
        "" => None,
        t => match decimal(t, max) {
            Some(v) if v != 0 => Some(narrow(v)),
            _ => return token_error("invalid_track_number", Field::TrackNumber),
        },
    };
    control(7, Field::Title)?;
    let duration_secs = match text(8) {
        "" => None,
        t => match decimal(t, max) {
            Some(v) => Some(narrow(v)),
            None => return token_error("invalid_duration", Field::Duration),
        },
    };
    let rating = match text(9) {
        "" => None,
        t => match decimal(t, 99) {
            Some(v) => Some(u8::try_from(v).expect("at most 99")),
            None => return token_error("invalid_rating", Field::Rating),
        },
    };
    Ok(Fields {
        kind: text(0),
        service_id,
        provider,
        album_artist: text(4),
        album_title: text(5),
        track_number,
        title: text(7),
        duration_secs,
        rating,
    })
}

/// The descriptor a builder given these values must render, written out by hand.
#[allow(clippy::too_many_arguments)]
pub fn render(
    kind: &str,
    service_id: u32,
    provider: &str,
    album_artist: &str,
    album_title: &str,
    track_number: Option<u32>,
    title: &str,
    duration_secs: Option<u32>,
    rating: Option<u8>,
) -> String {
    fn number<T: ToString>(n: Option<T>) -> String {
        n.map(|n| n.to_string()).unwrap_or_default()
    }
    format!(
        "::{kind}:1:{service_id}:{provider}:{album_artist}:{album_title}:{}:{title}:{}:{}",
        number(track_number),
        number(duration_secs),
        number(rating),
    )
}

/// Sanitising, one character at a time: `:` becomes U+FF1A, a C1 control that code page 1252
/// assigns becomes its character there (Unicode's CP1252.TXT), any other control character,
/// bidirectional embedding, override or isolate, or line or paragraph separator a space.
pub fn sanitize(s: &str) -> String {
    const CP1252: &str = "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8D}Ž\u{8F}\u{90}‘’“”•–—˜™š›œ\u{9D}žŸ";
    s.chars()
        .map(|c| match c {
            ':' => '\u{FF1A}',
            '\u{80}'..='\u{9F}' => match CP1252.chars().nth(c as usize - 0x80) {
                Some(mapped) if !mapped.is_control() => mapped,
                _ => ' ',
            },
            c if c.is_control() => ' ',
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' => ' ',
            c => c,
        })
        .collect()
}

/// The code `validate::text` must give for `s` in a text field (the provider, the album
/// artist, the album title or the title), if any: the first `:`, `\` (in
/// the provider) or control character, then the provider's emptiness and length.
pub fn text(field: Field, s: &str) -> Option<(&'static str, Range<usize>)> {
    let provider = field == Field::Provider;
    if provider && s.is_empty() {
        return Some(("invalid_provider", 0..0));
    }
    for (i, c) in s.char_indices() {
        let code = match c {
            ':' => "separator_in_field",
            '\\' if provider => "invalid_provider",
            c if c.is_control() => "control_character",
            _ => continue,
        };
        return Some((code, i..i + c.len_utf8()));
    }
    if provider && s.encode_utf16().count() > 255 {
        return Some(("invalid_provider", 0..s.len()));
    }
    None
}

pub const NOT_ABSOLUTE: &str = "local_name_not_absolute";
pub const VERBATIM: &str = "local_name_verbatim_prefix";
pub const CHARACTER: &str = "local_name_invalid_character";
pub const STREAM: &str = "local_name_stream";
pub const TRAILING: &str = "local_name_trailing_dot_or_space";
pub const RESERVED: &str = "local_name_reserved_name";
pub const TOO_LONG: &str = "local_name_too_long";
pub const EXTENSION: &str = "local_name_extension";

/// The local-name rules, each checked over the whole name before the next one, so that
/// the first rule broken (in the contract's order) is the one reported.
pub fn local_name(path: &str) -> Result<(), &'static str> {
    let sep = |c: char| c == '\\' || c == '/';
    let mut chars = path.chars();
    let first = chars.next();
    let second = chars.next();
    let third = chars.next();
    let fourth = chars.next();

    // 1 and 2: the root, and the prefixes that are not one.
    let (root_len, unc) = if path.starts_with(r"\??\") {
        return Err(VERBATIM);
    } else if first.is_some_and(sep) && second.is_some_and(sep) {
        if matches!(third, Some('?' | '.')) && fourth.is_none_or(sep) {
            return Err(VERBATIM);
        }
        let mut names = path[2..].split(sep);
        let server = names.next().unwrap_or_default();
        let share = names.next();
        if server.is_empty() || share.unwrap_or_default().is_empty() {
            return Err(NOT_ABSOLUTE);
        }
        (2, true)
    } else if first.is_some_and(|c| c.is_ascii_alphabetic())
        && second == Some(':')
        && third.is_some_and(sep)
    {
        (3, false)
    } else {
        return Err(NOT_ABSOLUTE);
    };

    // 3: wildcards, the characters Windows forbids, controls.
    if path
        .chars()
        .any(|c| matches!(c, '*' | '?' | '"' | '<' | '>' | '|') || c.is_control())
    {
        return Err(CHARACTER);
    }
    let rest = &path[root_len..];
    // 4: any ':' after the drive letter's.
    if rest.contains(':') {
        return Err(STREAM);
    }
    let components: Vec<&str> = rest.split(sep).collect();
    // 5: trailing dots and spaces ("." and ".." end in a dot too).
    if components
        .iter()
        .any(|c| c.ends_with('.') || c.ends_with(' '))
    {
        return Err(TRAILING);
    }
    // 6: device names, by the stem before the first dot without trailing spaces.
    let reserved = |c: &str| {
        let stem = c
            .split('.')
            .next()
            .unwrap_or_default()
            .trim_end_matches(' ');
        let stem = stem.to_ascii_uppercase();
        matches!(
            stem.as_str(),
            "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
        ) || ["COM", "LPT"].iter().any(|device| {
            stem.strip_prefix(device).is_some_and(|n| {
                matches!(
                    n,
                    "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
                )
            })
        })
    };
    // A UNC server and share are a host and a share, not files.
    let files_and_folders = if unc {
        components.get(2..).unwrap_or_default()
    } else {
        &components[..]
    };
    if files_and_folders.iter().any(|c| reserved(c)) {
        return Err(RESERVED);
    }
    // 7: MAX_PATH in all, the NTFS limit in each component.
    if path.encode_utf16().count() > 260
        || components.iter().any(|c| c.encode_utf16().count() > 255)
    {
        return Err(TOO_LONG);
    }
    // 8: a file name (after the server and share of a UNC name) with a playable extension.
    let file = components.last().copied().unwrap_or_default();
    if file.is_empty() || (unc && components.len() < 3) {
        return Err(EXTENSION);
    }
    match file.rsplit_once('.') {
        Some((_, ext))
            if ["wma", "wmv", "mp3", "asf"]
                .iter()
                .any(|e| ext.eq_ignore_ascii_case(e)) =>
        {
            Ok(())
        }
        _ => Err(EXTENSION),
    }
}

/// How an error message quotes a token: the first 40 bytes at most, cut between characters,
/// escaped, with `…` after the quote when cut.
pub fn quoted(token: &str) -> String {
    let mut end = token.len().min(40);
    while !token.is_char_boundary(end) {
        end -= 1;
    }
    let cut = if end < token.len() { "…" } else { "" };
    format!("{:?}{cut}", &token[..end])
}
