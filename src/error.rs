//! Errors that reach the user: each names the place (file, JSON path, line) where it can.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One located problem with the user's input, a policy, or the environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Diagnostic {
    /// What is wrong, lowercase, user values in backticks.
    pub message: String,
    /// The file (or `<stdin>`, or the name the caller gave the input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// A JSON path such as `grants[3].grantee.kind`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 1-based line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic {
            message: message.into(),
            file: None,
            path: None,
            line: None,
            column: None,
        }
    }

    pub fn at_path(path: impl Into<String>, message: impl Into<String>) -> Self {
        let path = path.into();
        Diagnostic {
            path: if path.is_empty() { None } else { Some(path) },
            ..Diagnostic::new(message)
        }
    }

    pub fn in_file(mut self, file: &str) -> Self {
        if self.file.is_none() {
            self.file = Some(file.to_string());
        }
        self
    }

    pub fn at_line(mut self, line: u32, column: Option<u32>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = String::new();
        if let Some(file) = &self.file {
            place.push_str(file);
            if let Some(line) = self.line {
                place.push_str(&format!(":{line}"));
                if let Some(col) = self.column {
                    place.push_str(&format!(":{col}"));
                }
            }
        } else if let Some(line) = self.line {
            place.push_str(&format!("line {line}"));
            if let Some(col) = self.column {
                place.push_str(&format!(", column {col}"));
            }
        }
        if let Some(path) = &self.path {
            if !place.is_empty() {
                place.push_str(": ");
            }
            place.push_str(path);
        }
        if place.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{place}: {}", self.message)
        }
    }
}

/// What went wrong, by stage, with every located problem found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The command line or API call itself.
    Usage,
    /// Reading a file or standard input.
    Io,
    /// The access snapshot (or Graph bundle).
    Snapshot,
    /// The org config.
    Config,
    /// A policy that does not parse or has bad metadata.
    Policy,
    /// A policy that failed while evaluating.
    Evaluation,
    /// Reading the access data from Meta's Graph API.
    Collect,
    /// A bug in portfolio-guard: the JS package's answer when the engine panicked or stopped
    /// (the next call starts afresh).
    Internal,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Usage => "usage",
            ErrorKind::Io => "io",
            ErrorKind::Snapshot => "snapshot",
            ErrorKind::Config => "config",
            ErrorKind::Policy => "policy",
            ErrorKind::Evaluation => "evaluation",
            ErrorKind::Collect => "collect",
            ErrorKind::Internal => "internal",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Error {
    pub kind: ErrorKind,
    pub errors: Vec<Diagnostic>,
}

impl Error {
    pub fn new(kind: ErrorKind, errors: Vec<Diagnostic>) -> Self {
        Error { kind, errors }
    }

    pub fn one(kind: ErrorKind, diagnostic: Diagnostic) -> Self {
        Error {
            kind,
            errors: vec![diagnostic],
        }
    }

    pub fn msg(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error::one(kind, Diagnostic::new(message))
    }

    /// Attach a file name to every diagnostic that has none.
    pub fn in_file(mut self, file: &str) -> Self {
        self.errors = self.errors.into_iter().map(|d| d.in_file(file)).collect();
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ErrorKind::Usage => "usage error",
            ErrorKind::Io => "cannot read input",
            ErrorKind::Snapshot => "invalid snapshot",
            ErrorKind::Config => "invalid org config",
            ErrorKind::Policy => "invalid policy",
            ErrorKind::Evaluation => "policy evaluation failed",
            ErrorKind::Collect => "cannot collect from Meta",
            ErrorKind::Internal => "internal error",
        };
        if self.errors.len() == 1 {
            write!(f, "{what}: {}", self.errors[0])
        } else {
            write!(f, "{what} ({} problems):", self.errors.len())?;
            for d in &self.errors {
                write!(f, "\n  {d}")?;
            }
            Ok(())
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
