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
//! A name the crate root re-exports (`crate::Descriptor`) counts as an import of the module
//! it comes from. Documentation (`///`, `//!`) links are not imports.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
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
/// names: `validate::job` → `validate`; `{lenient, Descriptor}` → both.
fn first_segments(path_start: &str) -> Vec<String> {
    let ident = |s: &str| {
        s.trim_start()
            .chars()
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

/// Every arrow `from → to` between top-level modules, with the file it is in.
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
        // In `src/x.rs` and `src/x/mod.rs`, `super::` is the crate root.
        let at_top = rel.components().count() == 1
            || rel.ends_with("mod.rs") && rel.components().count() == 2;
        let text = code(&fs::read_to_string(&path).unwrap());
        let mut prefixes = vec!["crate::"];
        if at_top {
            prefixes.push("super::");
        }
        for prefix in prefixes {
            for (at, _) in text.match_indices(prefix) {
                // Not the tail of a longer path (`wmp_bits::crate::`, `self::super::`).
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    continue;
                }
                for name in first_segments(&text[at + prefix.len()..]) {
                    let to = if layer(&name).is_some() {
                        name
                    } else if let Some(m) = names.get(&name) {
                        m.clone()
                    } else {
                        continue;
                    };
                    if to != module {
                        arrows.insert((module.clone(), to, rel.display().to_string()));
                    }
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
fn segments_are_read_from_paths_and_groups() {
    assert_eq!(first_segments("validate::job(x)"), ["validate"]);
    assert_eq!(
        first_segments("{lenient, text::{a, b}, Descriptor};"),
        ["lenient", "text", "Descriptor"]
    );
    assert_eq!(
        code("let a = 1; // crate::x\n/// crate::y\nlet s = \"//\";"),
        "let a = 1; \n\nlet s = \"//\";"
    );
}
