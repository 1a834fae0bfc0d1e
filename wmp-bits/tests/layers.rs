//! The library's layers, read from its sources: every top-level module imports only the
//! modules below it, and no two import each other.
//!
//! ```text
//! bits                         the operating system (Windows)
//! doctor                       the diagnosis of a queue, over a snapshot
//! job, file_name               the job and file names
//! validate                     the checks on the rest of a job
//! descriptor                   the grammar
//! text, registry               text and registry facts
//! ```
//!
//! A path from the crate root counts, wherever it is written and however: `crate::`,
//! `$crate::`, or a chain of `super::` that climbs to the root (inline modules such as
//! `mod tests` counted). A name the crate root re-exports (`crate::Descriptor`) counts as an
//! import of the module it comes from; a glob import of the root (`crate::*`) is refused,
//! since it hides what it imports. Documentation (`///`, `//!`) links are not imports.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Each top-level module and its layer: a module may import only those of lower layers.
const LAYERS: [(&str, u8); 8] = [
    ("text", 0),
    ("registry", 0),
    ("descriptor", 1),
    ("validate", 2),
    ("job", 3),
    ("file_name", 3),
    ("doctor", 4),
    ("bits", 5),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|&(_, l)| l)
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a source file: its lines without comments of any kind (`//`, `///`, `//!`).
fn code(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            // A `//` inside a string literal ("https://…") is kept: only a line that
            // starts with a comment, or code followed by one outside quotes, loses it.
            Some(at) if line[..at].matches('"').count() % 2 == 0 => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first path segment of each item that `path_start` (the text right after `crate::`)
/// names: `validate::job` → `validate`; `{lenient, Descriptor}` → both; `*` → `*`.
fn first_segments(path_start: &str) -> Vec<String> {
    let ident = |s: &str| {
        let s = s.trim_start();
        if s.starts_with('*') {
            return String::from("*");
        }
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect::<String>()
    };
    if let Some(group) = path_start.strip_prefix('{') {
        let mut depth = 1;
        let end = group
            .char_indices()
            .find(|&(_, c)| {
                depth += match c {
                    '{' => 1,
                    '}' => -1,
                    _ => 0,
                };
                depth == 0
            })
            .map_or(group.len(), |(i, _)| i);
        // Items at depth one: split on the commas outside nested braces.
        let mut items = Vec::new();
        let (mut depth, mut from) = (0, 0);
        for (i, c) in group[..end].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(ident(&group[from..i]));
                    from = i + 1;
                }
                _ => {}
            }
        }
        items.push(ident(&group[from..end]));
        items.into_iter().filter(|s| !s.is_empty()).collect()
    } else {
        vec![ident(path_start)]
    }
}

/// The names the crate root re-exports, with the module each comes from.
fn root_names() -> BTreeMap<String, String> {
    let lib = code(&fs::read_to_string(src().join("lib.rs")).unwrap());
    let mut names = BTreeMap::new();
    for item in lib.split("pub use ").skip(1) {
        let item = &item[..item.find(';').unwrap()];
        let (module, rest) = item.split_once("::").unwrap();
        let module = module.trim().to_owned();
        let rest = rest.trim();
        let listed: Vec<String> = match rest.strip_prefix('{') {
            Some(group) => group
                .trim_end_matches('}')
                .split(',')
                .map(|s| s.trim().rsplit("::").next().unwrap().to_owned())
                .filter(|s| !s.is_empty())
                .collect(),
            None => vec![rest.rsplit("::").next().unwrap().to_owned()],
        };
        for name in listed {
            names.insert(name, module.clone());
        }
    }
    names
}

/// How deep the module of the file at `rel` (relative to `src/`) sits: `x.rs` and
/// `x/mod.rs` are 1, `x/y.rs` is 2.
fn depth(rel: &Path) -> usize {
    let n = rel.components().count();
    if rel.ends_with("mod.rs") {
        n - 1
    } else {
        n
    }
}

/// The bodies of the inline modules in `text` (`mod tests { … }`), as byte ranges from the
/// opening brace to the closing one. Braces inside string and character literals do not
/// count.
fn inline_modules(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (at, _) in text.match_indices("mod ") {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &text[at + 4..];
        let name = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if name == 0 || !rest[name..].trim_start().starts_with('{') {
            continue; // `mod name;`, or not a module at all
        }
        let open = at + 4 + name + (rest[name..].len() - rest[name..].trim_start().len());
        let (mut depth, mut i) = (0usize, open);
        while i < bytes.len() {
            match bytes[i] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                b'"' => i = string_end(bytes, i, 0),
                b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#'))
                    && !bytes[i - 1].is_ascii_alphanumeric() =>
                {
                    let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                    i = string_end(bytes, i + 1 + hashes, hashes);
                }
                // A character literal ('{', '"', '\''), not a lifetime ('a).
                b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 2,
                b'\'' if bytes.get(i + 1) == Some(&b'\\') => {
                    i += 3;
                    while bytes.get(i).is_some_and(|&b| b != b'\'') {
                        i += 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        found.push(open..i);
    }
    found
}

/// Where the string literal whose opening quote is at `open` ends (its closing quote, then
/// `hashes` `#` for a raw string, which has no escapes).
fn string_end(bytes: &[u8], open: usize, hashes: usize) -> usize {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if hashes == 0 && !raw(bytes, open) => i += 1,
            b'"' if bytes[i + 1..].iter().take(hashes).all(|&b| b == b'#')
                && bytes.len() >= i + 1 + hashes =>
            {
                return i + hashes;
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Whether the string literal opening at `open` is raw (`r"…"`).
fn raw(bytes: &[u8], open: usize) -> bool {
    open > 0 && bytes[open - 1] == b'r'
}

/// Every path in `text` that starts at the crate root, as the byte offset of its start and
/// the text after the root: `crate::…`, `$crate::…`, and `super::` chains that climb from
/// where they stand (a module `depth` deep, plus the inline modules around them) to the
/// root.
fn root_paths(text: &str, depth: usize) -> Vec<(usize, &str)> {
    let inline = inline_modules(text);
    let mut found = Vec::new();
    for prefix in ["crate::", "super::"] {
        for (at, _) in text.match_indices(prefix) {
            // Not the tail of a longer path (`wmp_bits::crate::`, `self::super::`, the
            // second `super::` of a chain).
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let mut rest = &text[at + prefix.len()..];
            if prefix == "super::" {
                let mut climbed = 1;
                while let Some(more) = rest.strip_prefix("super::") {
                    rest = more;
                    climbed += 1;
                }
                let here = depth + inline.iter().filter(|m| m.contains(&at)).count();
                if climbed < here {
                    continue;
                }
            }
            found.push((at, rest));
        }
    }
    found
}

/// Every arrow `from → to` between top-level modules, with the file and line it is in. A
/// glob import of the crate root (`crate::*`) is an arrow to `*`, which no layer allows:
/// it hides what it imports.
fn arrows() -> BTreeSet<(String, String, String)> {
    let root = src();
    let names = root_names();
    let mut all = Vec::new();
    files(&root, &mut all);
    let mut arrows = BTreeSet::new();
    for path in all {
        let rel = path.strip_prefix(&root).unwrap();
        let mut parts = rel.iter().map(|p| p.to_string_lossy().into_owned());
        let first = parts.next().unwrap();
        if first == "lib.rs" {
            continue;
        }
        let module = first.trim_end_matches(".rs").to_owned();
        let text = code(&fs::read_to_string(&path).unwrap());
        for (at, rest) in root_paths(&text, depth(rel)) {
            for name in first_segments(rest) {
                let to = if layer(&name).is_some() || name == "*" {
                    name
                } else if let Some(m) = names.get(&name) {
                    m.clone()
                } else {
                    continue;
                };
                if to != module {
                    let line = text[..at].lines().count().max(1);
                    arrows.insert((module.clone(), to, format!("{}:{line}", rel.display())));
                }
            }
        }
    }
    arrows
}

#[test]
fn every_module_imports_only_the_layers_below_it() {
    let arrows = arrows();
    let wrong: Vec<_> = arrows
        .iter()
        .filter(|(from, to, _)| match (layer(from), layer(to)) {
            (Some(a), Some(b)) => b >= a,
            // A module that is not in the table: add it, in its layer.
            _ => true,
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "arrows that point up or sideways: {wrong:#?}"
    );
}

#[test]
fn no_two_modules_import_each_other() {
    let pairs: BTreeSet<(String, String)> = arrows()
        .into_iter()
        .map(|(from, to, _)| (from, to))
        .collect();
    let cycles: Vec<_> = pairs
        .iter()
        .filter(|(a, b)| pairs.contains(&(b.clone(), a.clone())))
        .collect();
    assert!(cycles.is_empty(), "{cycles:?}");
}

/// The check reads what it should: it finds the arrows the layers are built from, so that
/// an empty list of wrong arrows means something.
#[test]
fn the_reading_finds_the_known_arrows() {
    let pairs: BTreeSet<(String, String)> = arrows()
        .into_iter()
        .map(|(from, to, _)| (from, to))
        .collect();
    for (from, to) in [
        ("descriptor", "text"),
        ("descriptor", "registry"),
        ("validate", "descriptor"),
        ("file_name", "validate"),
        ("job", "validate"),
        ("doctor", "validate"),
        ("doctor", "descriptor"),
    ] {
        assert!(
            pairs.contains(&(from.to_owned(), to.to_owned())),
            "{from} → {to} not found in {pairs:?}"
        );
    }
    // Every top-level module of the crate is in the table.
    let mut modules = BTreeSet::new();
    for entry in fs::read_dir(src()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name != "lib.rs" {
            modules.insert(name.trim_end_matches(".rs").to_owned());
        }
    }
    let table: BTreeSet<String> = LAYERS.iter().map(|(m, _)| (*m).to_owned()).collect();
    assert_eq!(modules, table);
}

#[test]
fn paths_from_the_root_are_found_however_they_are_written() {
    let roots = |text: &str, depth: usize| -> Vec<String> {
        root_paths(text, depth)
            .into_iter()
            .flat_map(|(_, rest)| first_segments(rest))
            .collect()
    };
    let text = "use crate::validate;\n\
                fn f() -> usize { super::super::doctor::x() + $crate::bits::y() }\n\
                use super::rules;\n\
                use crate::*;\n\
                let s = self::super::job;\n\
                mod tests { use super::*; use super::super::super::file_name; \n\
                  const S: &str = \"}\"; const R: &str = r#\"\"}\"#; const C: char = '}'; const Q: char = '\\''; const U: char = '\\u{7D}';\n\
                  use super::super::super::registry; }\n\
                use super::super::text;";
    // From `src/descriptor/rules.rs` (depth 2): `super::super::` reaches the root, a single
    // `super::` stays in `descriptor`, `self::super::` is not a path from the root; inside
    // `mod tests` it takes three, whatever the braces in its literals.
    let mut found = roots(text, 2);
    found.sort();
    assert_eq!(
        found,
        [
            "*",
            "bits",
            "doctor",
            "file_name",
            "registry",
            "text",
            "validate"
        ]
    );
    // From `src/descriptor.rs` (depth 1) one `super::` is enough, but not inside `mod tests`.
    let found = roots(text, 1);
    assert!(found.contains(&String::from("rules")));
    assert_eq!(found.iter().filter(|s| *s == "*").count(), 1, "{found:?}");
    assert_eq!(inline_modules(text).len(), 1);
    assert_eq!(depth(Path::new("descriptor/rules.rs")), 2);
    assert_eq!(depth(Path::new("descriptor/mod.rs")), 1);
    assert_eq!(depth(Path::new("text.rs")), 1);
}

#[test]
fn segments_are_read_from_paths_and_groups() {
    assert_eq!(first_segments("validate::job(x)"), ["validate"]);
    assert_eq!(
        first_segments("{lenient, text::{a, b}, Descriptor};"),
        ["lenient", "text", "Descriptor"]
    );
    assert_eq!(first_segments("*;"), ["*"]);
    assert_eq!(
        code("let a = 1; // crate::x\n/// crate::y\nlet s = \"//\";"),
        "let a = 1; \n\nlet s = \"//\";"
    );
}
