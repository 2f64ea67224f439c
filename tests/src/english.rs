//! The English site's check: the Japanese an HTML page shows outside elements marked
//! `lang="ja"` (data: names, addresses, notes, credit lines). Used by the API suite over every
//! public and administration page, and by the real-data suite.

/// Whether a character is Japanese script or full-width punctuation (what an English page must
/// not show outside data).
pub fn japanese(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F   // CJK punctuation: 、。「」〜
        | 0x3040..=0x30FF // kana, ・
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0xFF01..=0xFF60 // full-width forms: （）：
    )
}

/// Elements without an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Attributes a visitor reads or hears.
const READ_ATTRIBUTES: &[&str] = &[
    "title",
    "alt",
    "aria-label",
    "placeholder",
    "content",
    "label",
];

/// The Japanese a page shows outside elements marked `lang="ja"`, each as "where: text". A
/// small HTML walk: leptos writes well-formed markup, scripts and styles are skipped. Text that
/// cannot carry a mark of its own (the document's `<title>`, an attribute) may repeat data the
/// page marks elsewhere, e.g. a listing's name in the title: "青木内科医院 | Medical …".
pub fn japanese_outside_data(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut marked: Vec<String> = Vec::new();
    // The language of each open element (inherited when it has none).
    let mut stack: Vec<(String, String)> = Vec::new();
    let mut rest = html;
    let current = |stack: &[(String, String)]| {
        stack
            .last()
            .map_or_else(|| "en".to_string(), |(_, l)| l.clone())
    };
    let path = |stack: &[(String, String)]| {
        stack
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join(">")
    };
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            break;
        };
        let text = &rest[..lt];
        if text.chars().any(japanese) {
            if current(&stack) == "ja" {
                marked.push(text.trim().to_string());
            } else {
                found.push(format!("{}: {}", path(&stack), text.trim()));
            }
        }
        rest = &rest[lt..];
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.find("-->").map_or("", |i| &r[i + 3..]);
            continue;
        }
        if rest.starts_with("<!") {
            rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(i) = stack.iter().rposition(|(t, _)| *t == name) {
                stack.truncate(i);
            }
            continue;
        }
        let name: String = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let attributes = attributes(tag);
        let lang = attributes
            .iter()
            .find(|(k, _)| k == "lang")
            .map_or_else(|| current(&stack), |(_, v)| v.clone());
        for (k, v) in &attributes {
            if READ_ATTRIBUTES.contains(&k.as_str()) && v.chars().any(japanese) && lang != "ja" {
                found.push(format!("{}>{name}[{k}]: {v}", path(&stack)));
            } else if v.chars().any(japanese) {
                marked.push(v.clone());
            }
        }
        if name == "script" || name == "style" {
            let end = format!("</{name}>");
            rest = rest.find(&end).map_or("", |i| &rest[i + end.len()..]);
            continue;
        }
        if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
            stack.push((name, lang));
        }
    }
    // What remains are pieces of unmarked text: each must be English or repeat marked data.
    found.retain(|f| {
        let text = f.split_once(": ").map_or("", |(_, t)| t);
        !text
            .split(" | ")
            .all(|part| !part.chars().any(japanese) || marked.iter().any(|m| m == part.trim()))
    });
    found
}

/// The attributes of a tag's inside (`a href="x" lang=ja`), values unescaped enough for the
/// check (`&quot;` and friends do not hide Japanese).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut s = tag.split_once(char::is_whitespace).map_or("", |(_, r)| r);
    loop {
        s = s.trim_start();
        if s.is_empty() || s == "/" {
            break;
        }
        let end = s
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(s.len());
        let key = s[..end].to_ascii_lowercase();
        s = &s[end..];
        let mut value = String::new();
        if let Some(r) = s.strip_prefix('=') {
            if let Some(r) = r.strip_prefix('"') {
                let close = r.find('"').unwrap_or(r.len());
                value = r[..close].to_string();
                s = r.get(close + 1..).unwrap_or("");
            } else {
                let close = r.find(char::is_whitespace).unwrap_or(r.len());
                value = r[..close].to_string();
                s = &r[close..];
            }
        }
        out.push((key, value));
    }
    out
}

/// `path` with `lang=en` added.
pub fn english_path(path: &str) -> String {
    if path.contains('?') {
        format!("{path}&lang=en")
    } else {
        format!("{path}?lang=en")
    }
}

/// An English page's problems, each prefixed by `label` (its address): a wrong `<html lang>`
/// or Japanese outside data.
pub fn problems(label: &str, html: &str) -> Vec<String> {
    let mut found = Vec::new();
    if !html.contains("<html lang=\"en\"") {
        found.push(format!("{label}: not <html lang=\"en\">"));
    }
    found.extend(
        japanese_outside_data(html)
            .into_iter()
            .map(|p| format!("{label}: {p}")),
    );
    found
}

/// Fails listing (the first 40 of) `problems`.
pub fn assert_none(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} Japanese strings outside data, e.g.:\n{}",
        problems.len(),
        problems
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
