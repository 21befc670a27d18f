//! Loading built-in and custom Rego policies into one regorus engine, and the rule catalog
//! read from their `# METADATA` annotations.

mod metadata;
mod testing;

pub use metadata::{parse_annotation, RelatedResource, RuleMeta};
pub use testing::{run_tests, TestOutcome, TestReport};

use crate::error::{Diagnostic, Error, ErrorKind, Result};
use regex::Regex;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin_policies.rs"));
}

/// The package prefix under which every rule lives (`data.portfolio_guard.rules.*`).
pub const RULES_PREFIX: &str = "portfolio_guard.rules.";

/// One Rego file: a path (shown in errors) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySource {
    pub path: String,
    pub text: String,
}

impl PolicySource {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        PolicySource {
            path: path.into(),
            text: text.into(),
        }
    }

    /// Test files (`*_test.rego`) hold `test_*` rules and are only loaded by the test runner.
    pub fn is_test(&self) -> bool {
        self.path.ends_with("_test.rego")
    }
}

/// A file embedded from `policies/` (e.g. `policies/config/data.json`).
pub fn builtin_file(path: &str) -> Option<&'static str> {
    embedded::BUILTIN_FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
}

/// The built-in Rego files, tests included. Natively, `PORTFOLIO_GUARD_DEV_POLICIES=<folder>`
/// reads them from that folder (a checkout's `policies/`) instead of the copies built in, so
/// that a policy author can try a change to the catalog without rebuilding.
pub fn builtin_sources() -> Vec<PolicySource> {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(dir) = std::env::var_os("PORTFOLIO_GUARD_DEV_POLICIES") {
        if let Ok(found) = dev_sources(Path::new(&dir)) {
            return found;
        }
    }
    embedded::BUILTIN_FILES
        .iter()
        .filter(|(p, _)| p.ends_with(".rego"))
        .map(|(p, text)| PolicySource::new(*p, *text))
        .collect()
}

/// The `.rego` files under a `policies/` folder, named as the built-in copies are
/// (`policies/<relative path>`).
#[cfg(not(target_arch = "wasm32"))]
fn dev_sources(dir: &Path) -> Result<Vec<PolicySource>> {
    let mut found = read_policy_paths(&[dir])?;
    for s in &mut found {
        if let Ok(rel) = Path::new(&s.path).strip_prefix(dir) {
            s.path = format!("policies/{}", rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(found)
}

/// Reads `.rego` files from files and folders (recursively, in name order).
pub fn read_policy_paths<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<PolicySource>> {
    let mut out = Vec::new();
    for p in paths {
        let p = p.as_ref();
        let meta = std::fs::metadata(p).map_err(|e| io_error(p, &e))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            collect_rego(p, &mut files).map_err(|e| io_error(p, &e))?;
            files.sort();
            if files.is_empty() {
                return Err(Error::msg(
                    ErrorKind::Usage,
                    format!("`{}` holds no `.rego` files", p.display()),
                ));
            }
            for f in files {
                out.push(read_one(&f)?);
            }
        } else {
            out.push(read_one(p)?);
        }
    }
    Ok(out)
}

fn io_error(p: &Path, e: &std::io::Error) -> Error {
    Error::msg(ErrorKind::Io, format!("cannot read `{}`: {e}", p.display()))
}

fn read_one(p: &Path) -> Result<PolicySource> {
    let bytes = std::fs::read(p).map_err(|e| io_error(p, &e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::one(
            ErrorKind::Policy,
            Diagnostic::new(format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
            .in_file(&p.display().to_string()),
        )
    })?;
    Ok(PolicySource::new(p.display().to_string(), text))
}

fn collect_rego(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_rego(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rego") {
            out.push(path);
        }
    }
    Ok(())
}

/// Which files a [`PolicySet`] loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Rules and helpers only (what `check` needs).
    Check,
    /// Also the `*_test.rego` files: built-in ones when the flag is set, and every custom one.
    Test { builtin_tests: bool },
}

/// Built-in and custom policies parsed once into a regorus engine, plus the rule catalog.
/// Clone the engine per evaluation.
#[derive(Clone)]
pub struct PolicySet {
    engine: regorus::Engine,
    rules: Vec<RuleMeta>,
    /// The files loaded, in load order (tests included in test mode).
    files: Vec<LoadedFile>,
}

/// A policy file in a [`PolicySet`], with its package.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    pub source: PolicySource,
    /// The package, e.g. `portfolio_guard.lib` (without `data.`).
    pub package: String,
    pub builtin: bool,
}

impl PolicySet {
    /// Only the built-in policies.
    pub fn builtin() -> Result<PolicySet> {
        PolicySet::load(Vec::new(), Mode::Check)
    }

    /// The built-in policies with an org's custom ones beside them.
    pub fn with_custom(custom: Vec<PolicySource>) -> Result<PolicySet> {
        PolicySet::load(custom, Mode::Check)
    }

    /// Parses the built-in policies (their tests too with `builtin_tests`) and the custom
    /// ones, passes the task glossary to the engine and reads the rule catalog. Every problem
    /// of one stage is reported together.
    pub fn load(custom: Vec<PolicySource>, mode: Mode) -> Result<PolicySet> {
        let files = files_to_load(custom, mode);
        let mut engine = regorus::Engine::new();
        let (packages, package_of) = add_policies(&mut engine, &files)?;
        add_glossary(&mut engine)?;
        let rules = catalog(&engine, &packages, &files)?;
        Ok(PolicySet {
            engine,
            rules,
            files: files
                .into_iter()
                .zip(package_of)
                .map(|((source, builtin), package)| LoadedFile {
                    source,
                    package,
                    builtin,
                })
                .collect(),
        })
    }

    /// The rule catalog, sorted by id.
    pub fn rules(&self) -> &[RuleMeta] {
        &self.rules
    }

    pub fn rule(&self, id: &str) -> Option<&RuleMeta> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn files(&self) -> &[LoadedFile] {
        &self.files
    }

    /// A fresh copy of the parsed engine, ready for data and input.
    pub fn engine(&self) -> regorus::Engine {
        self.engine.clone()
    }
}

/// The files a [`PolicySet`] loads, in order, each with whether it is built in.
fn files_to_load(custom: Vec<PolicySource>, mode: Mode) -> Vec<(PolicySource, bool)> {
    let mut files: Vec<(PolicySource, bool)> = Vec::new();
    for s in builtin_sources() {
        let wanted = !s.is_test()
            || matches!(
                mode,
                Mode::Test {
                    builtin_tests: true
                }
            );
        // A built-in file given again as a custom one (`test policies/…` in a checkout) is
        // loaded once, as the custom copy.
        let given_again = custom.iter().any(|c| {
            c.text == s.text && c.path.trim_start_matches("./").ends_with(s.path.as_str())
        });
        if wanted && !given_again {
            files.push((s, true));
        }
    }
    for s in custom {
        if !s.is_test() || matches!(mode, Mode::Test { .. }) {
            files.push((s, false));
        }
    }
    files
}

/// Rule packages (without `data.`) with the indexes of the files that declare them.
type Packages = BTreeMap<String, Vec<usize>>;

/// Parses every file into the engine: the rule packages, and each file's package in order.
fn add_policies(
    engine: &mut regorus::Engine,
    files: &[(PolicySource, bool)],
) -> Result<(Packages, Vec<String>)> {
    let mut errors = Vec::new();
    let mut packages = Packages::new();
    let mut package_of = Vec::with_capacity(files.len());
    for (i, (src, _)) in files.iter().enumerate() {
        if let Err(d) = check_nesting(&src.text) {
            errors.push(d.in_file(&src.path));
            continue;
        }
        match engine.add_policy(src.path.clone(), src.text.clone()) {
            Ok(pkg) => {
                let pkg = pkg.strip_prefix("data.").unwrap_or(&pkg).to_string();
                if pkg.starts_with(RULES_PREFIX) && !src.is_test() {
                    packages.entry(pkg.clone()).or_default().push(i);
                }
                package_of.push(pkg);
            }
            Err(e) => errors.push(engine_diagnostic(&e.to_string(), Some(&src.path))),
        }
    }
    if !errors.is_empty() {
        return Err(Error::new(ErrorKind::Policy, errors));
    }
    Ok((packages, package_of))
}

/// The task glossary, the one source of each task's level (`lib.full_control_tasks`):
/// `data.portfolio_guard.tasks`, for checks and tests alike.
fn add_glossary(engine: &mut regorus::Engine) -> Result<()> {
    regorus::Value::from_json_str(&format!(
        "{{\"portfolio_guard\": {{\"tasks\": {}}}}}",
        crate::glossary::SOURCE
    ))
    .and_then(|v| engine.add_data(v))
    .map_err(|e| {
        Error::msg(
            ErrorKind::Policy,
            format!("cannot pass the task glossary to the engine: {e}"),
        )
    })
}

/// The rule catalog, sorted by id: each rule package's metadata, each id used once.
fn catalog(
    engine: &regorus::Engine,
    packages: &Packages,
    files: &[(PolicySource, bool)],
) -> Result<Vec<RuleMeta>> {
    let mut errors = Vec::new();
    let mut rules: Vec<RuleMeta> = Vec::new();
    for (pkg, idxs) in packages {
        match rule_meta(engine, pkg, idxs, files) {
            Ok(meta) => rules.push(meta),
            Err(d) => errors.push(d),
        }
    }
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    for pair in rules.windows(2) {
        if pair[0].id == pair[1].id {
            errors.push(
                Diagnostic::new(format!(
                    "rule id `{}` is used by two packages, `{}` ({}:{}) and `{}`",
                    pair[1].id, pair[0].package, pair[0].file, pair[0].line, pair[1].package
                ))
                .in_file(&pair[1].file)
                .at_line(pair[1].line, None),
            );
        }
    }
    if !errors.is_empty() {
        return Err(Error::new(ErrorKind::Policy, errors));
    }
    Ok(rules)
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn rule_meta(
    engine: &regorus::Engine,
    pkg: &str,
    idxs: &[usize],
    files: &[(PolicySource, bool)],
) -> std::result::Result<RuleMeta, Diagnostic> {
    let mut found: Option<(RuleMeta, usize)> = None;
    let mut package_line = None;
    for &i in idxs {
        let (src, builtin) = &files[i];
        let parsed = parse_annotation(&src.text, &src.path)?;
        if package_line.is_none() {
            package_line = Some((src.path.clone(), parsed.package_line));
        }
        if let Some(fields) = parsed.annotation {
            if let Some((prev, _)) = &found {
                return Err(Diagnostic::new(format!(
                    "package `{pkg}` has a `# METADATA` annotation in two files (also {})",
                    prev.file
                ))
                .in_file(&src.path)
                .at_line(parsed.package_line, None));
            }
            let meta = fields.into_rule(pkg, &src.path, parsed.package_line, *builtin)?;
            found = Some((meta, i));
        }
    }
    let (file, line) = package_line.unwrap_or_default();
    let Some((meta, _)) = found else {
        return Err(Diagnostic::new(format!(
            "rule package `{pkg}` has no `# METADATA` annotation: put one directly above `package` with `title`, `description` and `custom` `id`, `category`, `severity`, `remediation` (helper packages belong outside `portfolio_guard.rules`)"
        ))
        .in_file(&file)
        .at_line(line, None));
    };
    if let Some(bad) = pkg.split('.').find(|c| !is_ident(c)) {
        return Err(Diagnostic::new(format!(
            "package component `{bad}` of `{pkg}` is not a plain identifier"
        ))
        .in_file(&meta.file)
        .at_line(meta.line, None));
    }
    let declares = idxs.iter().any(|&i| {
        engine
            .has_declared_rule_rooted_at(&files[i].0.path, "findings")
            .unwrap_or(true)
    });
    if !declares {
        return Err(Diagnostic::new(format!(
            "rule package `{pkg}` defines no `findings` rule (write `findings contains f if {{ ... }}`)"
        ))
        .in_file(&meta.file)
        .at_line(meta.line, None));
    }
    Ok(meta)
}

/// Turns a regorus error message (which embeds `--> file:line:col` and a code excerpt) into a
/// compact located diagnostic.
/// How deep `[` and `{` may nest in a policy. regorus's parser takes time exponential in the
/// nesting depth (each level is tried as a comprehension and then as a literal: 20 levels take
/// 0.6 s, 26 take 33 s, found by fuzzing), so deeper text is refused before it is parsed. Real
/// rules and test inputs nest 3 to 8 deep.
pub const MAX_NESTING: usize = 16;

/// Refuses policy text whose brackets and braces nest deeper than [`MAX_NESTING`], naming the
/// line and column of the first one too deep. Strings and comments are skipped.
pub fn check_nesting(text: &str) -> std::result::Result<(), Diagnostic> {
    let mut depth = 0usize;
    let (mut line, mut column) = (1u32, 0u32);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        match c {
            '\n' => {
                line += 1;
                column = 0;
            }
            '#' => {
                while chars.peek().is_some_and(|&n| n != '\n') {
                    chars.next();
                }
            }
            '"' | '`' => {
                let raw = c == '`';
                while let Some(n) = chars.next() {
                    column += 1;
                    if n == '\n' {
                        line += 1;
                        column = 0;
                    } else if !raw && n == '\\' {
                        chars.next();
                        column += 1;
                    } else if n == c {
                        break;
                    }
                }
            }
            '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Diagnostic::new(format!(
                        "brackets and braces nest more than {MAX_NESTING} deep here: split the expression into helper rules"
                    ))
                    .at_line(line, Some(column)));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

pub(crate) fn engine_diagnostic(message: &str, default_file: Option<&str>) -> Diagnostic {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| Regex::new(r"-->\s*(.+?):(\d+):(\d+)").ok())
        .as_ref();
    let text = message
        .rsplit_once("error: ")
        .map_or(message, |(_, m)| m)
        .trim()
        .to_string();
    let text = if text.is_empty() {
        message.trim().to_string()
    } else {
        text
    };
    let mut d = Diagnostic::new(text);
    if let Some(c) = re.and_then(|re| re.captures(message)) {
        let line = c.get(2).and_then(|m| m.as_str().parse().ok());
        let col = c.get(3).and_then(|m| m.as_str().parse().ok());
        d.file = c.get(1).map(|m| m.as_str().to_string());
        if let Some(line) = line {
            d = d.at_line(line, col);
        }
    }
    match default_file {
        Some(f) => d.in_file(f),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_messages_become_located_diagnostics() {
        let msg = "\n--> acme.rego:24:19\n   |\n24 | x := y with z\n   |   ^\nerror: unexpected keyword `with`";
        let d = engine_diagnostic(msg, None);
        assert_eq!(d.file.as_deref(), Some("acme.rego"));
        assert_eq!(d.line, Some(24));
        assert_eq!(d.column, Some(19));
        assert_eq!(d.message, "unexpected keyword `with`");
        let d = engine_diagnostic("Failed to parse datetime", Some("x.rego"));
        assert_eq!(d.to_string(), "x.rego: Failed to parse datetime");
    }

    #[test]
    fn identifiers() {
        assert!(is_ident("least_privilege"));
        assert!(!is_ident("acme-x"));
        assert!(!is_ident("9lives"));
    }
}
