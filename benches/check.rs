//! Benchmarks of `check`, stage by stage, on generated snapshots (`portfolio-guard gen`).
//!
//! ```sh
//! cargo bench --bench check                                  # 1k, 10k, 100k grants
//! cargo bench --bench check -- --sizes 10000 --runs 5        # one size, more runs
//! cargo bench --bench check -- --sizes 10000 --per-rule      # also each rule alone
//! ```
//!
//! A plain binary (`harness = false`), not criterion: a 100k-grant run takes seconds, so a few
//! runs per size are enough and the output is the table docs/performance.md records. Every
//! input comes from the deterministic generator (seed 1), written to a temporary file so the
//! `read` stage reads it from disk as the CLI does.
//!
//! Stages, each timed alone (best and median of the runs):
//! - `json floor`: `serde_json::Value` parse of the snapshot text (the floor to compare with)
//! - `read`: reading the snapshot and config files
//! - `load`: the snapshot text parsed once into the typed snapshot with every check and the
//!   engine's `input` value (`load::from_text`), and the merged org config
//! - `facts`: the facts the rules read (`facts::facts`), built from the loaded snapshot and config
//! - `evaluate 1t` / `evaluate Nt`: facts, every enabled rule, exceptions applied, the report
//!   built, on one thread and on the machine's threads (`engine::default_threads`)
//! - `report`: the JSON report text (`--format json`)
//! - `check 1t` / `check`: the whole command, end to end: read, load, facts, evaluate, JSON report,
//!   on one thread and on the machine's threads

use portfolio_guard::config;
use portfolio_guard::engine::{self, CheckRequest};
use portfolio_guard::generate::generate;
use portfolio_guard::load;
use portfolio_guard::policy::PolicySet;
use portfolio_guard::time::parse_rfc3339;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

type Res<T> = Result<T, String>;

struct Options {
    sizes: Vec<usize>,
    runs: Option<usize>,
    per_rule: bool,
    /// Only the stages up to `facts` (for work on the facts).
    facts_only: bool,
    seed: u64,
}

fn parse_args() -> Res<Options> {
    let mut o = Options {
        sizes: vec![1_000, 10_000, 100_000],
        runs: None,
        per_rule: false,
        facts_only: false,
        seed: 1,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            // `cargo bench` passes `--bench` to every bench target.
            "--bench" => {}
            "--sizes" => {
                let v = args.next().ok_or("--sizes needs a value")?;
                o.sizes = v
                    .split(',')
                    .map(|s| s.trim().replace('_', "").parse::<usize>())
                    .collect::<Result<_, _>>()
                    .map_err(|e| format!("--sizes {v}: {e}"))?;
            }
            "--runs" => {
                let v = args.next().ok_or("--runs needs a value")?;
                o.runs = Some(v.parse().map_err(|e| format!("--runs {v}: {e}"))?);
            }
            "--seed" => {
                let v = args.next().ok_or("--seed needs a value")?;
                o.seed = v.parse().map_err(|e| format!("--seed {v}: {e}"))?;
            }
            "--per-rule" => o.per_rule = true,
            "--facts-only" => o.facts_only = true,
            "-h" | "--help" => {
                return Err(
                    "usage: cargo bench --bench check -- [--sizes 1000,10000,100000] [--runs N] [--seed S] [--per-rule]"
                        .to_string(),
                )
            }
            other => return Err(format!("unknown argument `{other}` (try --help)")),
        }
    }
    Ok(o)
}

/// Best and median of `runs` timings of `f`.
fn time<T>(runs: usize, mut f: impl FnMut() -> Res<T>) -> Res<(Duration, Duration, T)> {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let out = f()?;
        times.push(start.elapsed());
        last = Some(out);
    }
    times.sort();
    let out = last.ok_or("no run")?;
    Ok((times[0], times[times.len() / 2], out))
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

struct Inputs {
    snapshot_path: PathBuf,
    config_path: PathBuf,
    bytes: usize,
}

fn write_inputs(dir: &Path, grants: usize, seed: u64) -> Res<Inputs> {
    let (snapshot, config) = generate(grants, seed);
    let (snapshot, config) = (snapshot.to_string(), config.to_string());
    let snapshot_path = dir.join(format!("snapshot-{grants}-{seed}.json"));
    let config_path = dir.join(format!("config-{grants}-{seed}.json"));
    std::fs::write(&snapshot_path, &snapshot).map_err(|e| e.to_string())?;
    std::fs::write(&config_path, &config).map_err(|e| e.to_string())?;
    Ok(Inputs {
        snapshot_path,
        config_path,
        bytes: snapshot.len(),
    })
}

fn read(p: &Path) -> Res<String> {
    std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))
}

fn bench_size(
    set: &PolicySet,
    dir: &Path,
    grants: usize,
    o: &Options,
) -> Res<Vec<(String, Duration, Duration)>> {
    let runs = o.runs.unwrap_or(if grants >= 100_000 { 2 } else { 5 });
    let inputs = write_inputs(dir, grants, o.seed)?;
    let ids: BTreeSet<String> = set.rules().iter().map(|r| r.id.clone()).collect();
    let mut rows = Vec::new();
    let row = |rows: &mut Vec<(String, Duration, Duration)>, name: &str, best, median| {
        eprintln!(
            "  {name:<12} best {:>10}  median {:>10}",
            ms(best),
            ms(median)
        );
        rows.push((name.to_string(), best, median));
    };
    eprintln!(
        "{grants} grants ({:.1} MB snapshot), {runs} run(s):",
        inputs.bytes as f64 / 1_048_576.0
    );

    let (best, median, (snapshot_text, config_text)) = time(runs, || {
        Ok((read(&inputs.snapshot_path)?, read(&inputs.config_path)?))
    })?;
    row(&mut rows, "read", best, median);

    let (best, median, _) = time(runs, || {
        serde_json::from_str::<serde_json::Value>(&snapshot_text).map_err(|e| e.to_string())
    })?;
    row(&mut rows, "json floor", best, median);

    let (best, median, (snapshot, input, config)) = time(runs, || {
        let (s, input) = load::from_text(&snapshot_text, "snapshot").map_err(|e| e.to_string())?;
        let input = input.map_err(|e| e.to_string())?;
        let c = config::load(Some(&config_text), "config", &ids).map_err(|e| e.to_string())?;
        Ok((s, input, c))
    })?;
    row(&mut rows, "load", best, median);

    let now = parse_rfc3339(&snapshot.captured_at)?;
    let now_text = portfolio_guard::time::format_rfc3339(now);
    let (best, median, _) = time(runs, || {
        Ok(portfolio_guard::facts::facts(
            &snapshot, &input, &config, now, &now_text,
        ))
    })?;
    row(&mut rows, "facts", best, median);
    if o.facts_only {
        return Ok(rows);
    }

    // The engine takes `input` by value; a clone of a regorus value is a reference count.
    let evaluate = |threads: usize| {
        engine::Evaluation::new(set, &snapshot, input.clone(), config.clone(), now, None)
            .and_then(|e| e.run(threads))
            .map_err(|e| e.to_string())
    };
    let (best, median, one) = time(runs, || evaluate(1))?;
    row(&mut rows, "evaluate 1t", best, median);
    let threads = engine::default_threads();
    let (best, median, report) = time(runs, || evaluate(threads))?;
    row(&mut rows, &format!("evaluate {threads}t"), best, median);
    if one.to_json() != report.to_json() {
        return Err("one thread and several gave different reports".to_string());
    }

    let (best, median, json) = time(runs, || Ok(report.to_json()))?;
    row(&mut rows, "report", best, median);

    let check = |threads: usize| {
        let snapshot = read(&inputs.snapshot_path)?;
        let config = read(&inputs.config_path)?;
        let req = CheckRequest {
            snapshot: &snapshot,
            snapshot_name: "snapshot",
            config: Some(&config),
            config_name: "config",
            ..Default::default()
        };
        let prepared = engine::prepare(&req).map_err(|e| e.to_string())?;
        let report = prepared
            .evaluation(set, &req)
            .and_then(|e| e.run(threads))
            .map_err(|e| e.to_string())?;
        Ok(report.to_json())
    };
    let (best, median, _) = time(runs, || check(1))?;
    row(&mut rows, "check 1t", best, median);
    let (best, median, full) = time(runs, || check(threads))?;
    row(&mut rows, "check", best, median);
    if full != json {
        return Err("`check` and the stages gave different reports".to_string());
    }
    eprintln!(
        "  {} findings, {} suppressed; check / json floor = {:.1}×",
        report.findings.len(),
        report.suppressed.len(),
        best.as_secs_f64()
            / rows
                .iter()
                .find(|r| r.0 == "json floor")
                .map_or(f64::NAN, |r| r.1.as_secs_f64())
    );

    if o.per_rule {
        eprintln!("  each rule alone (evaluate, best of {runs}):");
        let mut per_rule = Vec::new();
        for r in set.rules() {
            let mut alone = config.clone();
            alone.disabled = ids.iter().filter(|id| **id != r.id).cloned().collect();
            let (best, _, n) = time(runs, || {
                let rep = engine::Evaluation::new(
                    set,
                    &snapshot,
                    input.clone(),
                    alone.clone(),
                    now,
                    None,
                )
                .and_then(|e| e.run(1))
                .map_err(|e| e.to_string())?;
                Ok(rep.findings.len() + rep.suppressed.len())
            })?;
            per_rule.push((best, r.id.clone(), n));
        }
        per_rule.sort_by_key(|r| std::cmp::Reverse(r.0));
        for (d, id, n) in per_rule {
            eprintln!("    {id:<34} {:>10}  {n} findings", ms(d));
        }
    }
    Ok(rows)
}

fn run() -> Res<()> {
    let o = parse_args()?;
    let set = PolicySet::builtin().map_err(|e| e.to_string())?;
    let dir = std::env::temp_dir().join(format!("portfolio-guard-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut all = Vec::new();
    for &n in &o.sizes {
        let rows = bench_size(&set, &dir, n, &o);
        all.push((n, rows));
    }
    let _ = std::fs::remove_dir_all(&dir);
    // A Markdown table (best of the runs) for docs/performance.md.
    let mut ok = Vec::new();
    for (n, rows) in all {
        ok.push((n, rows?));
    }
    if let Some((_, first)) = ok.first() {
        let mut head = "| stage |".to_string();
        let mut rule = "|---|".to_string();
        for (n, _) in &ok {
            head.push_str(&format!(" {n} grants |"));
            rule.push_str("---:|");
        }
        println!("{head}\n{rule}");
        for (i, (name, _, _)) in first.iter().enumerate() {
            let mut line = format!("| {name} |");
            for (_, rows) in &ok {
                line.push_str(&format!(
                    " {} |",
                    rows.get(i).map_or("-".into(), |r| ms(r.1))
                ));
            }
            println!("{line}");
        }
        let floor = |rows: &Vec<(String, Duration, Duration)>, name: &str| {
            rows.iter()
                .find(|r| r.0 == name)
                .map_or(f64::NAN, |r| r.1.as_secs_f64())
        };
        let mut line = "| check / json floor |".to_string();
        for (_, rows) in &ok {
            line.push_str(&format!(
                " {:.1}× |",
                floor(rows, "check") / floor(rows, "json floor")
            ));
        }
        println!("{line}");
        let at = |n: usize| {
            ok.iter()
                .find(|(m, _)| *m == n)
                .map(|(_, r)| floor(r, "check"))
        };
        if let (Some(a), Some(b)) = (at(10_000), at(100_000)) {
            println!("\ncheck 100k / 10k = {:.1}×", b / a);
        }
        let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        println!("load average after the runs: {}", load.trim());
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::FAILURE
        }
    }
}
