//! The registry switch: names, the `.reg` file, the `reg add` command, UTF-16LE encoding.

use wmp_bits::registry::{
    refresh_download_command, refresh_download_reg, to_utf16le_bytes, REFRESH_DOWNLOAD,
    REFRESH_DOWNLOAD_TYPE, SERVICES_KEY, SERVICES_PATH, SERVICES_ROOT, SUBSCRIPTIONS_KEY,
    SUBSCRIPTIONS_PATH, SUBSCRIPTIONS_ROOT,
};

#[test]
fn names_are_the_documented_ones() {
    assert_eq!(
        SERVICES_KEY,
        r"HKEY_CURRENT_USER\Software\Microsoft\MediaPlayer\Services"
    );
    assert_eq!(SERVICES_KEY, format!(r"{SERVICES_ROOT}\{SERVICES_PATH}"));
    assert_eq!(REFRESH_DOWNLOAD, "RefreshDownload");
    assert_eq!(REFRESH_DOWNLOAD_TYPE, "REG_DWORD");
    assert_eq!(
        SUBSCRIPTIONS_KEY,
        r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MediaPlayer\Subscriptions"
    );
    assert_eq!(
        SUBSCRIPTIONS_KEY,
        format!(r"{SUBSCRIPTIONS_ROOT}\{SUBSCRIPTIONS_PATH}")
    );
    for path in [SERVICES_PATH, SUBSCRIPTIONS_PATH] {
        assert!(!path.starts_with('\\') && !path.ends_with('\\'), "{path}");
    }
}

#[test]
fn reg_file_is_exactly_what_regedit_writes() {
    assert_eq!(
        refresh_download_reg(true),
        "Windows Registry Editor Version 5.00\r\n\
         \r\n\
         [HKEY_CURRENT_USER\\Software\\Microsoft\\MediaPlayer\\Services]\r\n\
         \"RefreshDownload\"=dword:00000001\r\n\
         \r\n"
    );
    assert_eq!(
        refresh_download_reg(false),
        "Windows Registry Editor Version 5.00\r\n\
         \r\n\
         [HKEY_CURRENT_USER\\Software\\Microsoft\\MediaPlayer\\Services]\r\n\
         \"RefreshDownload\"=dword:00000000\r\n\
         \r\n"
    );
}

#[test]
fn reg_file_lines_use_the_constants_and_crlf() {
    for (enable, dword) in [(true, "00000001"), (false, "00000000")] {
        let text = refresh_download_reg(enable);
        assert!(text.is_ascii());
        // Every '\n' is part of a CRLF, and every '\r' is followed by '\n'.
        assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
        assert_eq!(text.matches('\r').count(), text.matches("\r\n").count());
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(
            lines,
            [
                "Windows Registry Editor Version 5.00",
                "",
                &format!("[{SERVICES_KEY}]"),
                &format!("\"{REFRESH_DOWNLOAD}\"=dword:{dword}"),
                "",
                "",
            ]
        );
    }
}

#[test]
fn reg_add_command_is_exact() {
    assert_eq!(
        refresh_download_command(true),
        r#"reg add "HKCU\Software\Microsoft\MediaPlayer\Services" /v RefreshDownload /t REG_DWORD /d 1 /f"#
    );
    assert_eq!(
        refresh_download_command(false),
        r#"reg add "HKCU\Software\Microsoft\MediaPlayer\Services" /v RefreshDownload /t REG_DWORD /d 0 /f"#
    );
    let command = refresh_download_command(true);
    assert!(command.contains(&format!(r#""HKCU\{SERVICES_PATH}""#)));
    assert!(command.contains(&format!(
        "/v {REFRESH_DOWNLOAD} /t {REFRESH_DOWNLOAD_TYPE} "
    )));
}

#[test]
fn utf16le_has_a_byte_order_mark_and_little_endian_units() {
    assert_eq!(to_utf16le_bytes(""), [0xFF, 0xFE]);
    assert_eq!(to_utf16le_bytes("A"), [0xFF, 0xFE, 0x41, 0x00]);
    assert_eq!(to_utf16le_bytes("€"), [0xFF, 0xFE, 0xAC, 0x20]);
    // U+1F3B7 is the surrogate pair D83C DFB7.
    assert_eq!(to_utf16le_bytes("🎷"), [0xFF, 0xFE, 0x3C, 0xD8, 0xB7, 0xDF]);

    let text = refresh_download_reg(true);
    let bytes = to_utf16le_bytes(text);
    assert_eq!(&bytes[..6], [0xFF, 0xFE, b'W', 0, b'i', 0]);
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    assert_eq!(String::from_utf16(&units).unwrap(), text);
}
