//! The text files the program reads (a snapshot, a service id file), in the encodings that
//! Windows tools write them in: UTF-8 with or without a byte order mark, and UTF-16 with
//! one, which is what `>` writes in Windows PowerShell 5.1.

use std::fmt;
use std::io;
use std::ops::Range;
use std::path::Path;
use std::str::Utf8Error;

/// The encodings [`read`] takes, as a message names them.
const ENCODINGS: &str = "text in UTF-8 (with or without a byte order mark), or in UTF-16LE or \
                         UTF-16BE with a byte order mark";

/// Why a text file cannot be read.
#[derive(Debug)]
pub enum Error {
    /// The file cannot be read at all.
    Io(io::Error),
    /// The file is not text in an encoding that [`read`] takes: what was found, and where.
    Encoding(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(e) => write!(f, "{e}"),
            Error::Encoding(found) => write!(f, "{found}: expected {ENCODINGS}"),
        }
    }
}

/// The text of the file at `path`, without its byte order mark.
///
/// # Errors
///
/// The file cannot be read, or is not text in one of the encodings taken.
pub fn read(path: &Path) -> Result<String, Error> {
    decode(&std::fs::read(path).map_err(Error::Io)?).map_err(Error::Encoding)
}

/// `bytes` as text: UTF-16 after its byte order mark, UTF-8 otherwise (after a byte order
/// mark or not). The error says what is wrong, with the byte offset in `bytes`.
fn decode(bytes: &[u8]) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, "UTF-16LE", u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, "UTF-16BE", u16::from_be_bytes);
    }
    let (skipped, rest) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (3, rest),
        None => (0, bytes),
    };
    let text = std::str::from_utf8(rest).map_err(|e| invalid_utf8(rest, e, skipped).1)?;
    // UTF-16 without a byte order mark passes for UTF-8 when it is mostly ASCII, every
    // other byte a NUL; text never holds one.
    if let Some(at) = text.find('\0') {
        return Err(format!(
            "a NUL byte at byte {}, as UTF-16 without a byte order mark has",
            skipped + at
        ));
    }
    Ok(text.to_owned())
}

/// Where `bytes` stop being UTF-8, as `e` found: the range of the first invalid bytes, and
/// `invalid UTF-8 at byte N (0x.. ..)`, N counted from `offset` bytes before `bytes`.
pub fn invalid_utf8(bytes: &[u8], e: Utf8Error, offset: usize) -> (Range<usize>, String) {
    let start = e.valid_up_to();
    let end = e.error_len().map_or(bytes.len(), |len| start + len);
    let hex: Vec<String> = bytes[start..end]
        .iter()
        .map(|b| format!("0x{b:02X}"))
        .collect();
    let found = format!(
        "invalid UTF-8 at byte {} ({})",
        offset + start,
        hex.join(" ")
    );
    (start..end, found)
}

/// `bytes` (after the byte order mark) as UTF-16 in the byte order of `unit`.
fn utf16(bytes: &[u8], name: &str, unit: fn([u8; 2]) -> u16) -> Result<String, String> {
    if bytes.len() % 2 == 1 {
        return Err(format!(
            "{name} text of an odd number of bytes ({}, after the byte order mark)",
            bytes.len()
        ));
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    // Each unit's offset in the file: two bytes of byte order mark, two bytes a unit.
    let mut at = 2;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                text.push(c);
                at += 2 * c.len_utf16();
            }
            Err(e) => {
                return Err(format!(
                    "invalid {name} at byte {at} (an unpaired surrogate 0x{:04X})",
                    e.unpaired_surrogate()
                ))
            }
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::TempPath;

    /// What [`read`] makes of a file holding `bytes`.
    fn read_bytes(bytes: &[u8]) -> Result<String, String> {
        let file = TempPath::new("text.txt");
        std::fs::write(&file.0, bytes).unwrap();
        read(&file.0).map_err(|e| e.to_string())
    }

    /// `text` in UTF-16 with its byte order mark, in the byte order of `bytes`.
    fn utf16_with_mark(text: &str, bytes: fn(u16) -> [u8; 2]) -> Vec<u8> {
        std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(bytes)
            .collect()
    }

    const TEXT: &str = "{\"user\": \"PC\\\\Zoë\"} 🎵\r\n";

    #[test]
    fn utf8_is_read_with_or_without_a_byte_order_mark() {
        assert_eq!(read_bytes(TEXT.as_bytes()).unwrap(), TEXT);
        let marked = [b"\xEF\xBB\xBF", TEXT.as_bytes()].concat();
        assert_eq!(read_bytes(&marked).unwrap(), TEXT);
    }

    #[test]
    fn utf16_is_read_in_either_byte_order_after_its_byte_order_mark() {
        let le = utf16_with_mark(TEXT, u16::to_le_bytes);
        assert_eq!(&le[..2], b"\xFF\xFE");
        assert_eq!(read_bytes(&le).unwrap(), TEXT);
        let be = utf16_with_mark(TEXT, u16::to_be_bytes);
        assert_eq!(&be[..2], b"\xFE\xFF");
        assert_eq!(read_bytes(&be).unwrap(), TEXT);
        assert_eq!(read_bytes(b"\xFF\xFE").unwrap(), "");
    }

    #[test]
    fn other_bytes_are_refused_with_where_and_which_encodings_are_read() {
        let expected = "expected text in UTF-8 (with or without a byte order mark), or in \
                        UTF-16LE or UTF-16BE with a byte order mark";
        let cases: [(&[u8], &str); 5] = [
            // Latin-1, as an old editor writes "café".
            (b"caf\xE9\n", "invalid UTF-8 at byte 3 (0xE9)"),
            (b"\xEF\xBB\xBF\xC3", "invalid UTF-8 at byte 3 (0xC3)"),
            // UTF-16LE without its byte order mark.
            (
                b"{\0}\0",
                "a NUL byte at byte 1, as UTF-16 without a byte order mark has",
            ),
            (
                b"\xFF\xFE{\0}",
                "UTF-16LE text of an odd number of bytes (3, after the byte order mark)",
            ),
            (
                b"\xFE\xFF\0{\xDC\0",
                "invalid UTF-16BE at byte 4 (an unpaired surrogate 0xDC00)",
            ),
        ];
        for (bytes, found) in cases {
            assert_eq!(
                read_bytes(bytes).unwrap_err(),
                format!("{found}: {expected}"),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn a_file_that_cannot_be_read_says_why() {
        let missing = TempPath::new("missing.txt");
        assert!(matches!(read(&missing.0), Err(Error::Io(_))));
    }
}
