//! JSON paths such as `grants[3].grantee.kind`, and finding the line where one points in the
//! original text, so that errors found after parsing still name a line: typed parsing with
//! located serde errors ([`parse_typed`], [`serde_diagnostic`]) and problems found after
//! parsing turned into located diagnostics ([`located`]).

use crate::error::{Diagnostic, Error, ErrorKind, Result};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path into a JSON document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonPath(pub Vec<Seg>);

impl JsonPath {
    pub fn root() -> Self {
        JsonPath(Vec::new())
    }

    pub fn key(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_string()));
        p
    }

    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
}

fn plain_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if plain_key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                Seg::Key(k) => write!(f, "[{}]", serde_json::Value::String(k.clone()))?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// The 1-based (line, column) where the value at `path` starts in `text`, if the text is JSON
/// and the path exists. For a duplicate object key, the last occurrence wins (as in serde_json).
pub fn locate(text: &str, path: &JsonPath) -> Option<(u32, u32)> {
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
    };
    let pos = s.find(&path.0, 0)?;
    let before = text.get(..pos)?;
    let line = before.bytes().filter(|&c| c == b'\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((u32::try_from(line).ok()?, u32::try_from(col).ok()?))
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while let Some(c) = self.b.get(self.i) {
            if matches!(c, b' ' | b'\t' | b'\n' | b'\r') || (self.i == 0 && *c == 0xEF) {
                self.i += if *c == 0xEF { 3 } else { 1 };
            } else {
                break;
            }
        }
    }

    /// Returns the start offset of the value at `path`, reading from the current position.
    fn find(&mut self, path: &[Seg], depth: usize) -> Option<usize> {
        if depth > 256 {
            return None;
        }
        self.ws();
        let start = self.i;
        let Some((seg, rest)) = path.split_first() else {
            return Some(start);
        };
        match (self.b.get(self.i)?, seg) {
            (b'{', Seg::Key(want)) => {
                self.i += 1;
                let mut found = None;
                loop {
                    self.ws();
                    match self.b.get(self.i)? {
                        b'}' => break,
                        b',' => {
                            self.i += 1;
                            continue;
                        }
                        b'"' => {}
                        _ => return None,
                    }
                    let key = self.string()?;
                    self.ws();
                    if self.b.get(self.i)? != &b':' {
                        return None;
                    }
                    self.i += 1;
                    if &key == want {
                        let save = self.i;
                        found = Some(self.find(rest, depth + 1));
                        self.i = save;
                    }
                    self.skip(depth + 1)?;
                }
                found.flatten()
            }
            (b'[', Seg::Index(want)) => {
                self.i += 1;
                let mut n = 0usize;
                loop {
                    self.ws();
                    match self.b.get(self.i)? {
                        b']' => return None,
                        b',' => {
                            self.i += 1;
                            continue;
                        }
                        _ => {}
                    }
                    if n == *want {
                        return self.find(rest, depth + 1);
                    }
                    self.skip(depth + 1)?;
                    n += 1;
                }
            }
            _ => None,
        }
    }

    fn string(&mut self) -> Option<String> {
        let start = self.i;
        self.i += 1;
        loop {
            match self.b.get(self.i)? {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    let raw = std::str::from_utf8(self.b.get(start..self.i)?).ok()?;
                    return serde_json::from_str(raw).ok();
                }
                _ => self.i += 1,
            }
        }
    }

    fn skip(&mut self, depth: usize) -> Option<()> {
        if depth > 256 {
            return None;
        }
        self.ws();
        match self.b.get(self.i)? {
            b'"' => {
                self.string()?;
            }
            b'{' | b'[' => {
                let close = if self.b[self.i] == b'{' { b'}' } else { b']' };
                self.i += 1;
                loop {
                    self.ws();
                    let c = *self.b.get(self.i)?;
                    if c == close {
                        self.i += 1;
                        break;
                    }
                    if c == b',' || c == b':' {
                        self.i += 1;
                        continue;
                    }
                    self.skip(depth + 1)?;
                }
            }
            _ => {
                while let Some(c) = self.b.get(self.i) {
                    if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.i += 1;
                }
            }
        }
        Some(())
    }
}

/// Deserializes `text` into `T`, turning serde errors into a located diagnostic.
pub(crate) fn parse_typed<T: serde::de::DeserializeOwned>(
    text: &str,
    kind: ErrorKind,
    file: &str,
) -> Result<T> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::one(
            kind,
            Diagnostic::new("the input is empty, expected a JSON object").in_file(file),
        ));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let result: std::result::Result<T, _> = serde_path_to_error::deserialize(&mut de);
    let value = match result {
        Ok(v) => v,
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            return Err(Error::one(kind, serde_diagnostic(&inner, &path, file)));
        }
    };
    if let Err(e) = de.end() {
        return Err(Error::one(kind, serde_diagnostic(&e, "", file)));
    }
    Ok(value)
}

/// A diagnostic from a serde_json error: the message without serde's own position suffix.
pub(crate) fn serde_diagnostic(e: &serde_json::Error, path: &str, file: &str) -> Diagnostic {
    let mut message = e.to_string();
    if let Some(cut) = message.rfind(" at line ") {
        message.truncate(cut);
    }
    let message = crate::serde_words::plain(&message);
    let message = match e.classify() {
        serde_json::error::Category::Eof => format!("{message} (is the input truncated?)"),
        serde_json::error::Category::Syntax => format!("invalid JSON: {message}"),
        _ => message,
    };
    let path = if path == "." { "" } else { path };
    let mut d = Diagnostic::at_path(path, message).in_file(file);
    if e.line() > 0 {
        d = d.at_line(
            u32::try_from(e.line()).unwrap_or(u32::MAX),
            u32::try_from(e.column()).ok(),
        );
    }
    d
}

/// Turns (path, message) problems into an error whose diagnostics carry the line of each path.
pub(crate) fn located(
    kind: ErrorKind,
    problems: Vec<(JsonPath, String)>,
    text: &str,
    file: &str,
) -> Error {
    let errors = problems
        .into_iter()
        .map(|(path, message)| {
            let mut d = Diagnostic::at_path(path.to_string(), message).in_file(file);
            if let Some((line, col)) = locate(text, &path) {
                d = d.at_line(line, Some(col));
            }
            d
        })
        .collect();
    Error::new(kind, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_paths() {
        let p = JsonPath::root()
            .key("grants")
            .index(3)
            .key("grantee")
            .key("kind");
        assert_eq!(p.to_string(), "grants[3].grantee.kind");
        let p = JsonPath::root().key("partners").key("a.b c").key("role");
        assert_eq!(p.to_string(), "partners[\"a.b c\"].role");
    }

    #[test]
    fn locates_values() {
        let text =
            "{\n  \"a\": [1, {\"b\": \"x\\\"}\"},\n    {\"c\": {\"d\": true}}],\n  \"e\": null\n}";
        let at = |p: JsonPath| locate(text, &p);
        assert_eq!(
            at(JsonPath::root().key("a").index(1).key("b")),
            Some((2, 18))
        );
        assert_eq!(
            at(JsonPath::root().key("a").index(2).key("c").key("d")),
            Some((3, 17))
        );
        assert_eq!(at(JsonPath::root().key("e")), Some((4, 8)));
        assert_eq!(at(JsonPath::root().key("a").index(7)), None);
        assert_eq!(at(JsonPath::root().key("zz")), None);
        assert_eq!(locate("not json", &JsonPath::root().key("a")), None);
    }
}
