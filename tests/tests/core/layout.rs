//! The layout the workspace keeps (issue 14): no module above 800 lines, and no two files that
//! import each other, directly or around a circle.
//!
//! Imports are read from the source text: every `crate::…` and `super::…` path (brace groups
//! expanded), resolved to the file of the deepest module it names, and every path a module writes
//! through one of its own child modules (`child::item`). A parent's re-exports (`pub use
//! child::…`) are the module tree's facade, not a use of the child, and are not counted; nor is
//! a file's own `#[cfg(test)] mod tests`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The crates whose production code is checked.
const CRATES: [&str; 5] = ["model", "indexer", "server", "frontend", "fixtures"];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lies in the workspace")
        .to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_module_is_longer_than_800_lines() {
    let root = workspace();
    let mut long = Vec::new();
    for c in CRATES.iter().copied().chain(["tests"]) {
        let mut files = Vec::new();
        rust_files(&root.join(c), &mut files);
        for f in files {
            let lines = std::fs::read_to_string(&f).unwrap().lines().count();
            if lines > 800 {
                long.push(format!("{} ({lines} lines)", f.display()));
            }
        }
    }
    assert!(long.is_empty(), "modules above 800 lines: {long:?}");
}

/// A file's text without comment lines and without its unit tests.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The paths written at `s` (just after a path's first segment and its `::`): one per leaf of
/// any brace group, each as its segments.
fn paths_at(s: &str) -> Vec<Vec<String>> {
    let s = s.trim_start();
    if let Some(rest) = s.strip_prefix('{') {
        // Items up to the matching brace, split at depth 0.
        let (mut depth, mut start, mut out) = (0usize, 0usize, Vec::new());
        for (i, c) in rest.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    out.extend(paths_at(&rest[start..i]));
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    out.extend(paths_at(&rest[start..i]));
                    start = i + 1;
                }
                _ => {}
            }
        }
        return out;
    }
    let end = s.find(|c: char| !is_ident(c)).unwrap_or(s.len());
    let (head, rest) = s.split_at(end);
    if head.is_empty() || head == "self" {
        return vec![Vec::new()];
    }
    match rest.strip_prefix("::") {
        Some(rest) => paths_at(rest)
            .into_iter()
            .map(|mut p| {
                p.insert(0, head.to_string());
                p
            })
            .collect(),
        None => vec![vec![head.to_string()]],
    }
}

/// Every path in `code` that starts with `first::` where `first` stands alone (not after `::`
/// or inside another name).
fn paths_from(code: &str, first: &str) -> Vec<Vec<String>> {
    let needle = format!("{first}::");
    let mut out = Vec::new();
    for (at, _) in code.match_indices(&needle) {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| is_ident(c) || c == ':') {
            continue;
        }
        for mut p in paths_at(&code[at + needle.len()..]) {
            p.insert(0, first.to_string());
            out.push(p);
        }
    }
    out
}

/// The file of module `path` (from the crate's `src`), or of its deepest existing ancestor.
fn file_of(src: &Path, path: &[String]) -> Option<PathBuf> {
    for n in (0..=path.len()).rev() {
        let mut base = src.to_path_buf();
        for seg in &path[..n] {
            base.push(seg);
        }
        let candidates = if n == 0 {
            vec![src.join("lib.rs"), src.join("main.rs")]
        } else {
            vec![base.with_extension("rs"), base.join("mod.rs")]
        };
        if let Some(f) = candidates.into_iter().find(|f| f.is_file()) {
            return Some(f);
        }
    }
    None
}

/// A file's module path from the crate's `src`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut m: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(m.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        m.pop();
    }
    m
}

/// The declared child modules of a file (`mod x;`, `pub mod x;`, `pub(crate) mod x;`).
fn children_of(code: &str) -> Vec<String> {
    code.lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l.strip_prefix("pub").map_or(l, |r| {
                let r = r.trim_start();
                r.strip_prefix('(')
                    .and_then(|r| r.split_once(')'))
                    .map_or(r, |(_, r)| r)
                    .trim_start()
            });
            let name = l.strip_prefix("mod ")?.strip_suffix(';')?.trim();
            name.chars().all(is_ident).then(|| name.to_string())
        })
        .collect()
}

/// The files each file of a crate imports from.
fn imports(src: &Path) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for f in &files {
        let code = code_of(&std::fs::read_to_string(f).unwrap());
        let here = module_of(src, f);
        let mut targets = Vec::new();
        for p in paths_from(&code, "crate") {
            targets.push(p[1..].to_vec());
        }
        for p in paths_from(&code, "super") {
            let mut base = here.clone();
            let mut rest = &p[..];
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
            base.extend(rest.iter().cloned());
            targets.push(base);
        }
        let uses: String = code
            .lines()
            .filter(|l| {
                let l = l.trim_start();
                !(l.starts_with("pub use ") || l.starts_with("pub(crate) use "))
            })
            .collect::<Vec<_>>()
            .join("\n");
        for child in children_of(&code) {
            for p in paths_from(&uses, &child) {
                let mut m = here.clone();
                m.extend(p);
                targets.push(m);
            }
        }
        let out = edges.entry(f.clone()).or_default();
        for t in targets {
            if let Some(file) = file_of(src, &t).filter(|t| t != f) {
                out.insert(file);
            }
        }
    }
    edges
}

/// A circle of files, if the graph has one.
fn a_circle(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Option<Vec<PathBuf>> {
    // Depth-first, with the path walked so far: an edge back into it closes a circle.
    fn walk(
        f: &PathBuf,
        edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        path: &mut Vec<PathBuf>,
        done: &mut BTreeSet<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        if let Some(i) = path.iter().position(|p| p == f) {
            return Some(path[i..].to_vec());
        }
        if !done.insert(f.clone()) {
            return None;
        }
        path.push(f.clone());
        for t in edges.get(f).into_iter().flatten() {
            if let Some(c) = walk(t, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|f| walk(f, edges, &mut Vec::new(), &mut done))
}

#[test]
fn no_two_files_import_each_other_in_a_circle() {
    let root = workspace();
    for c in CRATES {
        let src = root.join(c).join("src");
        let edges = imports(&src);
        assert!(
            edges.values().map(BTreeSet::len).sum::<usize>() > 10,
            "{c}: the reader found (almost) no imports"
        );
        if let Some(circle) = a_circle(&edges) {
            panic!("an import circle in {c}: {circle:?}");
        }
    }
}

#[test]
fn the_reader_finds_circles_and_reads_paths() {
    assert_eq!(
        paths_at("{a::B, c::{D, E}, self}"),
        vec![
            vec!["a".to_string(), "B".into()],
            vec!["c".into(), "D".into()],
            vec!["c".into(), "E".into()],
            vec![],
        ]
    );
    assert_eq!(paths_from("x::crate::y; crate::z::W", "crate").len(), 1);
    assert_eq!(
        children_of("mod a;\npub(crate) mod b;\npub mod c { }\n"),
        ["a", "b"]
    );
    let edge = |a: &str, b: &str| (PathBuf::from(a), BTreeSet::from([PathBuf::from(b)]));
    let circle = BTreeMap::from([edge("a", "b"), edge("b", "c"), edge("c", "a")]);
    assert_eq!(a_circle(&circle).map(|c| c.len()), Some(3));
    let line = BTreeMap::from([edge("a", "b"), edge("b", "c")]);
    assert_eq!(a_circle(&line), None);
}
