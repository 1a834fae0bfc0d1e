//! What the fuzz targets share.

/// Whether `code` is a stable `snake_case` code: lowercase ASCII words of letters and
/// digits, joined by single underscores.
#[must_use]
pub fn snake_case(code: &str) -> bool {
    !code.is_empty()
        && !code.starts_with('_')
        && !code.ends_with('_')
        && !code.contains("__")
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}
