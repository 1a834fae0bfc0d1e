//! Where the library's `unsafe` code lives: only in the wrappers of the `bits` module
//! (`src/bits/com.rs` for COM, `src/bits/win32.rs` for the other Windows calls), each of
//! which makes one call to Windows behind a safe method. Everything else, the rest of
//! `bits` included, is safe code built on them.
//!
//! The sources are read as Rust: the keyword `unsafe` counts wherever it is code (a block,
//! an `unsafe fn`, an `unsafe impl`), never in a comment, a string or a character literal,
//! nor inside another name (`unsafe_code`).

use std::path::{Path, PathBuf};

/// The files allowed to hold `unsafe` code, relative to the package.
const WRAPPERS: [&str; 2] = ["src/bits/com.rs", "src/bits/win32.rs"];

/// The lines (1-based) on which `source` uses the keyword `unsafe` as code.
fn unsafe_lines(source: &str) -> Vec<usize> {
    let chars: Vec<char> = source.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let is_ident = |c: char| c == '_' || c.is_alphanumeric();
    let mut lines = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while let Some(c) = at(i) {
        let next = at(i + 1);
        // Every branch moves `i` past what it reads, counting the line breaks in it.
        let start = i;
        if c == '/' && next == Some('/') {
            while at(i).is_some_and(|c| c != '\n') {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            // Block comments nest.
            let mut depth = 0_usize;
            while let Some(c) = at(i) {
                if c == '/' && at(i + 1) == Some('*') {
                    depth += 1;
                    i += 2;
                } else if c == '*' && at(i + 1) == Some('/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == '"' {
            i += 1;
            while let Some(c) = at(i) {
                i += if c == '\\' { 2 } else { 1 };
                if c == '"' {
                    break;
                }
            }
        } else if c == '\'' && next == Some('\\') {
            // A character literal with an escape: '\n', '\'', '\u{1F3B7}'.
            i += 3;
            while at(i).is_some_and(|c| c != '\'') {
                i += 1;
            }
            i += 1;
        } else if c == '\'' && at(i + 2) == Some('\'') {
            // A character literal: 'u'. (A lifetime, 'a, has no closing quote.)
            i += 3;
        } else if is_ident(c) {
            while at(i).is_some_and(is_ident) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let hashes = chars[i..].iter().take_while(|&&h| h == '#').count();
            if matches!(word.as_str(), "r" | "br" | "cr") && at(i + hashes) == Some('"') {
                // A raw string: r"…", r#"…"#, br##"…"## and so on.
                i += hashes + 1;
                while at(i).is_some() {
                    let closes = at(i) == Some('"') && (1..=hashes).all(|k| at(i + k) == Some('#'));
                    i += 1;
                    if closes {
                        i += hashes;
                        break;
                    }
                }
            } else if word == "unsafe" {
                lines.push(line);
            }
        } else {
            i += 1;
        }
        line += chars[start..i.min(chars.len())]
            .iter()
            .filter(|&&c| c == '\n')
            .count();
    }
    lines
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

#[test]
fn unsafe_code_lives_only_in_the_windows_wrappers() {
    let package = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut outside = Vec::new();
    let mut in_wrappers = Vec::new();
    let files = rust_files(&package.join("src"));
    for path in &files {
        let relative = path
            .strip_prefix(package)
            .unwrap()
            .to_str()
            .unwrap()
            .replace('\\', "/");
        let source = std::fs::read_to_string(path).unwrap();
        let lines = unsafe_lines(&source);
        if WRAPPERS.contains(&relative.as_str()) {
            in_wrappers.push((relative, lines.len()));
        } else {
            outside.extend(lines.into_iter().map(|line| format!("{relative}:{line}")));
        }
    }
    assert!(
        outside.is_empty(),
        "unsafe code outside the wrappers of the bits module, at {}; expected every call to \
         Windows behind a safe method of {}",
        outside.join(", "),
        WRAPPERS.join(" or ")
    );
    // The check read the library: the wrappers are there, and hold the calls.
    assert!(files.len() > 20, "only {} source files read", files.len());
    in_wrappers.sort();
    assert_eq!(
        in_wrappers
            .iter()
            .map(|(f, _)| f.as_str())
            .collect::<Vec<_>>(),
        WRAPPERS
    );
    for (file, count) in &in_wrappers {
        assert!(*count >= 10, "{file} holds {count} unsafe blocks");
    }
}

#[test]
fn the_keyword_counts_as_code_only() {
    assert_eq!(unsafe_lines("fn f() { unsafe { g() } }"), [1]);
    assert_eq!(
        unsafe_lines("a\nunsafe fn f() {}\nunsafe impl Send for X {}"),
        [2, 3]
    );
    assert_eq!(unsafe_lines("let x = (unsafe{g()});"), [1]);
    assert_eq!(unsafe_lines("#[unsafe(no_mangle)]"), [1]);
    // Not code: comments, documentation, strings, characters, other names.
    for text in [
        "// unsafe { g() }",
        "/// Never `unsafe`.",
        "//! unsafe",
        "/* unsafe /* nested */ unsafe */",
        r#"let s = "unsafe { }";"#,
        r#"let s = "a \" unsafe";"#,
        r##"let s = r#"unsafe "quoted" "#;"##,
        r#"let s = br"unsafe";"#,
        "#![deny(unsafe_code)]",
        "let not_unsafe = unsafe_op;",
        "fn f<'a>(x: &'a str) -> char { 'u' }",
    ] {
        assert_eq!(unsafe_lines(text), [] as [usize; 0], "{text}");
    }
    // Code after any of them still counts, on the right line.
    assert_eq!(
        unsafe_lines("/* a\nb */ let s = \"x\ny\"; let c = '\\''; let r = r#\"\"#;\nunsafe {}"),
        [4]
    );
    assert_eq!(unsafe_lines("fn f<'a>(x: &'a u8) { unsafe {} }"), [1]);
    assert_eq!(unsafe_lines("let c = '🎷'; unsafe {}"), [1]);
}
