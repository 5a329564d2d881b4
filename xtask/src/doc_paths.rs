//! Every repository path the documents and the code's comments cite exists.
//!
//! Read: `README.md`, `docs/*.md`, `shared/RULES.md`, and the comments of every `.rs` and `.js` file
//! outside `target/`, `dist/` and `node_modules/`. A cited path is a token that starts with one of the
//! repository's top folders (`server/`, `shared/`, `app/`, …) and ends in a file extension or `/`;
//! `{a,b}` is expanded and a `*` stands for any name in its folder; what `.gitignore` names at the top
//! (`end2end/output`, made by the tests) is not checked. A path that climbs out of the repository (two
//! dots, then a slash) is refused too: what lies outside it is cited by name.

use crate::util::root;
use anyhow::{Result, bail};
use std::fs;
use std::path::{Path, PathBuf};

const TOP: [&str; 8] = [
    "server/", "shared/", "app/", "xtask/", "end2end/", "docs/", "scripts/", "style/",
];
/// Folders made by builds and test runs (Playwright's report holds a whole trace viewer).
const SKIP_DIRS: [&str; 7] = [
    "target",
    "dist",
    "node_modules",
    ".git",
    "test-results",
    "playwright-report",
    "output",
];

/// Fails naming each file and line whose citation does not resolve.
pub fn check() -> Result<()> {
    let root = root();
    let generated = ignored(&root);
    let mut problems = Vec::new();
    for file in sources(&root) {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        let is_code = file.extension().is_some_and(|e| e == "rs" || e == "js");
        let shown = file
            .strip_prefix(&root)
            .unwrap_or(&file)
            .display()
            .to_string();
        for (n, line) in text.lines().enumerate() {
            let cited = if is_code { comment(line) } else { Some(line) };
            let Some(cited) = cited else { continue };
            for bad in broken(&root, &generated, cited) {
                problems.push(format!("{shown}:{}: {bad}", n + 1));
            }
        }
    }
    if !problems.is_empty() {
        bail!(
            "{} cited path(s) do not exist in the repository:\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }
    eprintln!("doc paths: every cited path exists");
    Ok(())
}

/// The top-level entries `.gitignore` names (`/end2end/output` → `end2end/output`): made by builds
/// and tests, so absent from a fresh checkout.
fn ignored(root: &Path) -> Vec<String> {
    fs::read_to_string(root.join(".gitignore"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.trim().strip_prefix('/'))
        .map(|l| l.trim_end_matches('/').to_owned())
        .collect()
}

fn sources(root: &Path) -> Vec<PathBuf> {
    let mut files = vec![root.join("README.md"), root.join("shared/RULES.md")];
    if let Ok(docs) = fs::read_dir(root.join("docs")) {
        let mut md: Vec<PathBuf> = docs
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        md.sort();
        files.extend(md);
    }
    for dir in ["server", "shared", "app", "xtask", "end2end", "scripts"] {
        walk(&root.join(dir), &mut files);
    }
    files
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if !SKIP_DIRS.contains(&name) {
                walk(&path, out);
            }
        } else if name.ends_with(".rs") || name.ends_with(".js") {
            out.push(path);
        }
    }
}

/// The comment on a line of Rust or JavaScript: after `//`, or a block comment's line.
fn comment(line: &str) -> Option<&str> {
    let t = line.trim_start();
    if t.starts_with("/*") || t.starts_with("* ") || t == "*" {
        return Some(t);
    }
    // `//` not inside a URL (`https://`).
    let mut from = 0;
    while let Some(i) = line[from..].find("//") {
        let at = from + i;
        if at == 0 || !line[..at].ends_with(':') {
            return Some(&line[at..]);
        }
        from = at + 2;
    }
    None
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '*')
}

/// The cited paths on a line that do not resolve, each with why.
fn broken(root: &Path, generated: &[String], line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < bytes.len() {
        let at = bytes[i].0;
        let starts = i == 0 || !is_path_char(bytes[i - 1].1);
        if !starts {
            i += 1;
            continue;
        }
        let rest = &line[at..];
        if rest.starts_with("../") && (i == 0 || bytes[i - 1].1 != '.') {
            let token = token(rest);
            out.push(format!(
                "`{token}` is outside the repository: cite it by name"
            ));
            i += token.chars().count().max(1);
            continue;
        }
        if TOP.iter().any(|p| rest.starts_with(p)) {
            let token = token(rest);
            let made = generated.iter().any(|g| {
                token
                    .strip_prefix(g.as_str())
                    .is_some_and(|r| r.is_empty() || r.starts_with('/'))
            });
            if let Some(problem) = resolve(root, token).filter(|_| !made) {
                out.push(problem);
            }
            i += token.chars().count().max(1);
            continue;
        }
        i += 1;
    }
    out
}

/// The path-like run at the start of `s`, a `{a,b}` group included, without a sentence's last dot.
fn token(s: &str) -> &str {
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '{' {
            match s[i..].find('}') {
                Some(close) if !s[i..i + close].contains(char::is_whitespace) => {
                    end = i + close + 1;
                    while chars.peek().is_some_and(|&(j, _)| j < end) {
                        chars.next();
                    }
                    continue;
                }
                _ => break,
            }
        }
        if !is_path_char(c) {
            break;
        }
        end = i + c.len_utf8();
    }
    s[..end].trim_end_matches(['.', '-'])
}

/// `None` when the citation resolves, or is not one (no extension and no trailing `/`).
fn resolve(root: &Path, token: &str) -> Option<String> {
    for path in expand(token) {
        let last = path.rsplit('/').next().unwrap_or("");
        let is_dir = path.ends_with('/');
        let has_ext = last.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty() && !ext.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric())
        });
        if !is_dir && !has_ext {
            continue;
        }
        let exists = if path.contains('*') {
            glob_matches(root, &path)
        } else {
            root.join(&path).exists()
        };
        if !exists {
            return Some(format!("`{path}` does not exist"));
        }
    }
    None
}

/// `a/{b,c}/d` as `a/b/d` and `a/c/d` (one group is all the documents use).
fn expand(token: &str) -> Vec<String> {
    match (token.find('{'), token.find('}')) {
        (Some(open), Some(close)) if open < close => token[open + 1..close]
            .split(',')
            .flat_map(|alt| expand(&format!("{}{alt}{}", &token[..open], &token[close + 1..])))
            .collect(),
        _ => vec![token.to_owned()],
    }
}

/// A `*` in the last part of the path matches any run of characters within its folder.
fn glob_matches(root: &Path, path: &str) -> bool {
    let (dir, pattern) = path.rsplit_once('/').unwrap_or(("", path));
    if dir.contains('*') {
        return root.join(dir.split('*').next().unwrap_or("")).exists();
    }
    let Ok(entries) = fs::read_dir(root.join(dir)) else {
        return false;
    };
    let parts: Vec<&str> = pattern.split('*').collect();
    entries.flatten().any(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        let (first, last) = (parts[0], parts[parts.len() - 1]);
        name.starts_with(first) && name.ends_with(last) && name.len() >= first.len() + last.len()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citation_is_read_up_to_its_sentence_and_expanded() {
        assert_eq!(token("docs/deploy.md. Next"), "docs/deploy.md");
        assert_eq!(
            token("server/src/{http,seed}/mod.rs)"),
            "server/src/{http,seed}/mod.rs"
        );
        assert_eq!(expand("a/{b,c}/d.rs"), ["a/b/d.rs", "a/c/d.rs"]);
        let root = root();
        let made = ["end2end/output".to_owned()];
        let broken = |line| broken(&root, &made, line);
        assert!(broken("see (docs/deploy.md), `xtask/src/`").is_empty());
        assert!(broken("https://example.org/docs/none.md").is_empty());
        assert_eq!(broken("in docs/none.md and ../shared/x.md").len(), 2);
        assert!(broken("server/migrations/*.surql, end2end/output/a.png").is_empty());
    }
}
