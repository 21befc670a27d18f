#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The README's worked custom-policy example really works: its rule and its tests are taken
//! from the README text, run with `portfolio-guard test`, and listed by `rules`.

mod common;

use common::*;

fn rego_blocks(readme: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```rego") => current = Some(String::new()),
            (Some(_), "```") => blocks.push(current.take().unwrap()),
            (Some(b), l) => {
                b.push_str(l);
                b.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn readme_opens_with_the_two_commands() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let first_block: Vec<&str> = readme
        .split("```sh\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap()
        .lines()
        .collect();
    assert_eq!(first_block.len(), 2, "{first_block:?}");
    assert!(first_block[0].starts_with("./scripts/run.sh"));
    assert!(first_block[1].starts_with("./scripts/test.sh"));
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(
        ci.contains("bash scripts/test.sh"),
        "CI must run the README's test command"
    );
}

#[test]
fn readme_custom_policy_example_passes_its_tests() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let blocks = rego_blocks(&readme);
    let rule = blocks
        .iter()
        .find(|b| b.contains("# METADATA"))
        .expect("rule block");
    let test = blocks
        .iter()
        .find(|b| b.contains("test_fail_"))
        .expect("test block");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "acme/no_freelance_admins.rego", rule);
    write(dir.path(), "acme/no_freelance_admins_test.rego", test);
    let folder = dir.path().join("acme").display().to_string();

    let r = run(&["test", &folder]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.trim_end().ends_with("2 passed, 0 failed"),
        "{}",
        r.stdout
    );

    let r = run(&["rules", "--policy", &folder]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("acme-no-freelance-admins"));

    let snapshot = SMALL.replace("dana@acme.example", "dana@gmail.com");
    let r = run_with_stdin(
        &["check", "-", "--policy", &folder, "--format", "json"],
        snapshot.as_bytes(),
    );
    let v = json(&r.stdout);
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "acme-no-freelance-admins"
                && f["subject"]["id"] == "200"
                && f["severity"] == "high"),
        "{}",
        r.stdout
    );
}
