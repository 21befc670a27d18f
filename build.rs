//! Embeds every file under `policies/` (Rego sources, their tests, and the default data) into
//! the library, so the built-in catalog works with no files on disk (in the browser too). The
//! WebAssembly build leaves the built-in tests out: only the CLI runs them (`portfolio-guard
//! test`), and they are a tenth of the download; and `lib/derive.rego`, the Rego derivation of
//! the facts, which only tests and OPA read (the engine always gives its own).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("rego") | Some("json")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?);
    let policies = root.join("policies");
    println!("cargo:rerun-if-changed=policies");
    let mut files = Vec::new();
    if policies.is_dir() {
        collect(&policies, &mut files)?;
    }
    if env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        // The page always has the engine's facts: their Rego derivation (for tests, and OPA
        // without the engine) stays out of the download too.
        files.retain(|f| {
            let f = f.to_string_lossy();
            !f.ends_with("_test.rego") && !f.ends_with("lib/derive.rego")
        });
    }
    files.sort();
    let mut code =
        String::from("/// Every file under `policies/`: (path relative to the crate, contents).\n");
    code.push_str("pub static BUILTIN_FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        let rel = file
            .strip_prefix(&root)?
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            file.to_string_lossy()
        )?;
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR")?).join("builtin_policies.rs");
    fs::write(out, code)?;
    Ok(())
}
