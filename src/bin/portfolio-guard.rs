//! The `portfolio-guard` command line. Exit status: 0 no finding at or above `--fail-on`,
//! 1 there is one (or a Rego test failed), 2 bad usage or bad input.

use clap::builder::PossibleValue;
use clap::{Parser, Subcommand, ValueEnum};
use portfolio_guard::api::{self, Format};
use portfolio_guard::compare;
use portfolio_guard::engine::{check_snapshot, CheckRequest};
use portfolio_guard::error::{Diagnostic, Error, ErrorKind};
use portfolio_guard::policy::{read_policy_paths, run_tests, PolicySet, PolicySource, RuleMeta};
use portfolio_guard::report::TableStyle;
use portfolio_guard::severity::Severity;
use portfolio_guard::suggest;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "portfolio-guard",
    version,
    about = "Checks who can touch a Meta Business Portfolio's assets against least-privilege policies written in Rego",
    after_help = "Exit status: 0 no finding at or above --fail-on, 1 there is one (or a test failed), 2 bad usage or bad input."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check an access snapshot and print the report
    Check(CheckArgs),
    /// Collect a business portfolio's access data from Meta's Graph API into a bundle
    ///
    /// The access token comes from the environment variable META_ACCESS_TOKEN, or is asked for
    /// on the terminal without echo; it is never a command-line argument. It needs the
    /// `business_management` permission.
    Collect(CollectArgs),
    /// Convert a Meta Graph API capture (bundle or list of {path, response}) or a filled
    /// spreadsheet template (CSV) into a snapshot
    Import(ImportArgs),
    /// Write the spreadsheet template (CSV): blank, or filled from a snapshot, bundle or template
    Template(TemplateArgs),
    /// List the rule catalog (built-in and --policy)
    Rules(RulesArgs),
    /// Explain one rule: what fires, why it matters, how to fix it
    Explain(ExplainArgs),
    /// Generate the rule reference (docs/rules.md) from the catalog, or check it is current
    Docs(DocsArgs),
    /// Generate a deterministic, realistic snapshot (and org config) of a given size
    Gen(GenArgs),
    /// Run Rego `test_*` rules (the built-in policies' tests by default)
    Test(TestArgs),
    /// Compare two checks: grants, members and partners added, removed or changed, and
    /// findings new, resolved and still open
    ///
    /// OLD and NEW are snapshots, Graph bundles, filled templates or saved review files (a
    /// review's own config is used for its side unless --before-config for OLD or --config for
    /// NEW says otherwise). Exit status 1 when a new finding is at or above --fail-on.
    Diff(DiffArgs),
    /// Check proposed grants before they are granted: the findings they would introduce and
    /// the tasks to drop to make them least privilege
    ///
    /// The proposal file holds `{"proposed": [{"grantee": {"kind", "id"}, "asset": {"id"},
    /// "tasks": [...]}, ...]}` or the bare array. A proposed grant replaces the tasks of a grant
    /// the grantee already has on the asset. Exit status 1 when the proposal introduces a
    /// finding at or above --fail-on.
    WhatIf(WhatIfArgs),
    /// Write the `data` document the rules read for a snapshot (config, now, task glossary and
    /// the facts), to run the same policies in OPA: `opa eval -d policies -d DATA -i SNAPSHOT`
    Data(DataArgs),
}

#[derive(clap::Args)]
struct DataArgs {
    /// The snapshot JSON file (or Graph bundle), or `-` for standard input
    snapshot: String,
    /// The org config (roles, partners, thresholds, exceptions)
    #[arg(long, short = 'c', value_name = "ORG.json")]
    config: Option<String>,
    /// "Now" for time-based rules (RFC 3339); default: the snapshot's captured_at
    #[arg(long, value_name = "RFC3339")]
    now: Option<String>,
    /// Write the document here instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(clap::Args)]
struct DiffArgs {
    /// The earlier snapshot (or Graph bundle, filled template, saved review), or `-` for
    /// standard input
    old: String,
    /// The later one, or `-` for standard input
    new: String,
    /// The org config of NEW, and of OLD when neither --before-config nor a review file gives
    /// one
    #[arg(long, short = 'c', value_name = "ORG.json")]
    config: Option<String>,
    /// The org config of OLD (default: a review file's own, else --config)
    #[arg(long, value_name = "ORG.json")]
    before_config: Option<String>,
    /// A Rego file or folder of custom org policies (repeatable)
    #[arg(long, short = 'p', value_name = "PATH")]
    policy: Vec<PathBuf>,
    /// "Now" of both checks (RFC 3339); default: each snapshot's captured_at
    #[arg(long, value_name = "RFC3339")]
    now: Option<String>,
    /// Output format (default: table on a terminal, json otherwise)
    #[arg(long, short = 'f', value_enum)]
    format: Option<Format>,
    /// Findings in plain words and task names instead of Meta's codes (no rule ids in Markdown)
    #[arg(long)]
    plain: bool,
    /// Exit 1 when a new finding is at or above this severity
    #[arg(long, value_enum, default_value = "high")]
    fail_on: FailOn,
    /// Write the comparison to a file instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(clap::Args)]
struct WhatIfArgs {
    /// The snapshot (or Graph bundle, filled template, saved review), or `-` for standard
    /// input; none: the proposal alone (then --now is required)
    snapshot: Option<String>,
    /// The proposed grants (JSON): `{"proposed": [...]}` or the bare array, or `-`
    #[arg(long, value_name = "FILE")]
    proposal: String,
    /// The org config (roles, partners, thresholds, exceptions)
    #[arg(long, short = 'c', value_name = "ORG.json")]
    config: Option<String>,
    /// A Rego file or folder of custom org policies (repeatable)
    #[arg(long, short = 'p', value_name = "PATH")]
    policy: Vec<PathBuf>,
    /// "Now" (RFC 3339); default: the snapshot's captured_at
    #[arg(long, value_name = "RFC3339")]
    now: Option<String>,
    /// Output format (default: table on a terminal, json otherwise)
    #[arg(long, short = 'f', value_enum)]
    format: Option<Format>,
    /// Findings in plain words and task names instead of Meta's codes (no rule ids in Markdown)
    #[arg(long)]
    plain: bool,
    /// Exit 1 when the proposal introduces a finding at or above this severity
    #[arg(long, value_enum, default_value = "high")]
    fail_on: FailOn,
    /// Write the answer to a file instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// The snapshot JSON file (or Graph bundle), or `-` for standard input
    #[arg(required_unless_present = "collect")]
    snapshot: Option<String>,
    /// Instead of a file, collect this business portfolio's access from Meta's Graph API
    /// first (token from META_ACCESS_TOKEN or asked for), then check it
    #[arg(long, value_name = "BUSINESS_ID", conflicts_with = "snapshot")]
    collect: Option<String>,
    /// With --collect: also save the collected bundle here, to check it again later
    #[arg(long, value_name = "FILE", requires = "collect")]
    save_bundle: Option<PathBuf>,
    #[command(flatten)]
    graph: GraphArgs,
    /// The org config (roles, partners, thresholds, exceptions)
    #[arg(long, short = 'c', value_name = "ORG.json")]
    config: Option<String>,
    /// A Rego file or folder of custom org policies (repeatable)
    #[arg(long, short = 'p', value_name = "PATH")]
    policy: Vec<PathBuf>,
    /// "Now" for time-based rules (RFC 3339); default: the snapshot's captured_at
    #[arg(long, value_name = "RFC3339")]
    now: Option<String>,
    /// Output format (default: table on a terminal, json otherwise)
    #[arg(long, short = 'f', value_enum)]
    format: Option<Format>,
    /// Findings in plain words for a business reader: task names instead of Meta's codes,
    /// names instead of ids, no config paths; with `--format markdown`, the report for the
    /// client (no rule ids)
    #[arg(long)]
    plain: bool,
    /// Exit 1 when a finding is at or above this severity
    #[arg(long, value_enum, default_value = "high")]
    fail_on: FailOn,
    /// Write the report to a file instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Refuse a snapshot or config larger than this many megabytes
    #[arg(long, value_name = "MB", default_value_t = 64)]
    max_input_mb: usize,
    /// Stop a policy that runs longer than this many seconds (and name it)
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    timeout: f64,
    /// How many threads evaluate the rules (default: the machine's cores, at most 4)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    threads: Option<u16>,
}

#[derive(clap::Args)]
struct CollectArgs {
    /// The business portfolio ID (Business Settings → Business info)
    #[arg(long, value_name = "BUSINESS_ID")]
    business: String,
    /// Write the bundle here instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    graph: GraphArgs,
}

#[derive(clap::Args)]
struct ImportArgs {
    /// The bundle JSON file or template CSV, or `-` for standard input
    bundle: String,
    /// Write the snapshot here instead of standard output
    #[arg(long, short = 'o', value_name = "SNAPSHOT")]
    output: Option<PathBuf>,
    /// Capture time for a list of responses, which carries none (RFC 3339)
    #[arg(long, value_name = "RFC3339")]
    now: Option<String>,
}

#[derive(clap::Args)]
struct TemplateArgs {
    /// A snapshot, Graph bundle or filled template (`-` for standard input); none: blank
    input: Option<String>,
    /// Write the template here instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Capture time for a bundle or template that carries none (RFC 3339)
    #[arg(long, value_name = "RFC3339")]
    now: Option<String>,
}

#[derive(clap::Args)]
struct RulesArgs {
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    format: ListFormat,
    #[arg(long, short = 'p', value_name = "PATH")]
    policy: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct ExplainArgs {
    rule_id: String,
    #[arg(long, short = 'p', value_name = "PATH")]
    policy: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct DocsArgs {
    /// Write it here instead of standard output
    #[arg(long, short = 'o', value_name = "FILE", conflicts_with = "check")]
    output: Option<PathBuf>,
    /// Exit 1 if this file differs from what would be generated
    #[arg(long, value_name = "FILE")]
    check: Option<PathBuf>,
}

#[derive(clap::Args)]
struct GenArgs {
    /// How many grants (assets = grants/5, members = grants/20, partners = grants/200)
    #[arg(long, default_value_t = 10_000)]
    grants: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write the snapshot here instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write the matching org config here
    #[arg(long, value_name = "FILE")]
    config_out: Option<PathBuf>,
}

#[derive(clap::Args)]
struct TestArgs {
    /// Rego files or folders with tests (they may import the built-in library and rules)
    paths: Vec<PathBuf>,
}

/// How to reach the Graph API (`collect`, `check --collect`).
#[derive(clap::Args)]
struct GraphArgs {
    /// The Graph API version
    #[arg(long, value_name = "VERSION", default_value = portfolio_guard::collect::DEFAULT_API_VERSION)]
    api_version: String,
    /// The Graph API's base URL (for a proxy or a test server)
    #[arg(long, value_name = "URL", default_value = portfolio_guard::collect::DEFAULT_GRAPH_URL)]
    graph_url: String,
    /// The longest total wait for Meta's rate limits and retries, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    max_wait: u64,
    /// No progress bar while collecting (there is none when standard error is not a terminal)
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

/// `--fail-on`: a severity (by the names of [`Severity::ALL`]), or `never`.
#[derive(Clone, Copy)]
enum FailOn {
    At(Severity),
    Never,
}

impl FailOn {
    /// Every severity, most severe first, then `never`.
    const ALL: [FailOn; Severity::ALL.len() + 1] = {
        let mut all = [FailOn::Never; Severity::ALL.len() + 1];
        let mut i = 0;
        while i < Severity::ALL.len() {
            all[i] = FailOn::At(Severity::ALL[i]);
            i += 1;
        }
        all
    };

    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::At(severity) => Some(severity),
            FailOn::Never => None,
        }
    }
}

impl ValueEnum for FailOn {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(match self {
            FailOn::At(severity) => severity.as_str(),
            FailOn::Never => "never",
        }))
    }
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "portfolio-guard: internal error: {info}\nThis is a bug in portfolio-guard, not in your input; please report it."
        );
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(code)) => ExitCode::from(code),
        Ok(Err(e)) => {
            eprintln!("portfolio-guard: {e}");
            ExitCode::from(2)
        }
        Err(_) => ExitCode::from(2),
    }
}

/// Runs a command: the exit status, or the error to print (exit status 2).
fn run(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        Command::Check(args) => run_check(&args).map_err(with_flag_hints),
        Command::Collect(args) => run_collect(&args),
        Command::Import(args) => run_import(&args),
        Command::Template(args) => run_template(&args),
        Command::Rules(args) => run_rules(&args),
        Command::Explain(args) => run_explain(&args),
        Command::Docs(args) => run_docs(&args),
        Command::Gen(args) => run_gen(&args),
        Command::Test(args) => run_test(&args),
        Command::Data(args) => run_data(&args),
        Command::Diff(args) => run_diff(&args),
        Command::WhatIf(args) => run_what_if(&args),
    }
}

/// The library's messages name no command-line flag (they reach the web page too): here, the
/// flag that changes the limit is added.
fn with_flag_hints(mut e: Error) -> Error {
    for d in &mut e.errors {
        if d.message.ends_with("MB limit") {
            d.message.push_str(" (raise it with --max-input-mb)");
        } else if d.message.contains("or allow it more time)") {
            d.message = d.message.replace(
                "or allow it more time)",
                "or allow it more time with --timeout SECONDS)",
            );
        }
    }
    e
}

/// `check`: the report, rendered by the library as the page renders it; exit 1 on a finding
/// at or above `--fail-on`.
fn run_check(args: &CheckArgs) -> Result<u8, Error> {
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        return Err(Error::msg(
            ErrorKind::Usage,
            "--timeout must be a positive number of seconds",
        ));
    }
    let limit = args.max_input_mb.saturating_mul(1024 * 1024);
    let (snapshot_text, snapshot) = check_snapshot_input(args, limit)?;
    let config = args.config.as_deref();
    if config == Some("-") && snapshot == "-" {
        return Err(Error::msg(
            ErrorKind::Usage,
            "only one of the snapshot and the config can be read from standard input",
        ));
    }
    let config_text = config.map(|c| read_input_limited(c, limit)).transpose()?;
    let set = policy_set(&args.policy)?;
    let (report, checked) = check_snapshot(
        &set,
        &CheckRequest {
            snapshot: &snapshot_text,
            snapshot_name: display_name(&snapshot),
            config: config_text.as_deref(),
            config_name: config.map_or("config", display_name),
            now: args.now.as_deref(),
            max_input_bytes: Some(limit),
            timeout: Some(std::time::Duration::from_secs_f64(args.timeout)),
            threads: args.threads.map(usize::from),
        },
    )?;
    let fails = report.fails(args.fail_on.threshold());
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if to_terminal {
        Format::Table
    } else {
        Format::Json
    });
    let report = api::for_reader(report, &checked, args.plain);
    let text = api::render(&report, format, args.plain, table_style(to_terminal));
    emit(&text, args.output.as_ref())?;
    Ok(u8::from(fails))
}

/// The snapshot `check` reads (its text, and the name it goes by): collected from the Graph
/// API (`--collect`, saved with `--save-bundle`), or read from a file or standard input.
fn check_snapshot_input(args: &CheckArgs, limit: usize) -> Result<(String, String), Error> {
    match (&args.collect, &args.snapshot) {
        (Some(business), _) => {
            let bundle = collect_bundle(business, &args.graph)?;
            if let Some(path) = &args.save_bundle {
                emit(&bundle, Some(path))?;
            }
            Ok((bundle, format!("business {business}")))
        }
        (None, Some(snapshot)) => Ok((read_input_limited(snapshot, limit)?, snapshot.clone())),
        (None, None) => Err(Error::msg(
            ErrorKind::Usage,
            "give a snapshot file (or `-`), or --collect BUSINESS_ID",
        )),
    }
}

/// The table's style on the command line: colour on a terminal unless `NO_COLOR` is set, the
/// width from `COLUMNS` (else the page's).
fn table_style(to_terminal: bool) -> TableStyle {
    let color = to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(api::PAGE_TABLE.width);
    TableStyle { color, width }
}

/// `collect`: the bundle, and on standard error what the check will say about it (e.g. an
/// asset whose access could not be read).
fn run_collect(args: &CollectArgs) -> Result<u8, Error> {
    let bundle = collect_bundle(&args.business, &args.graph)?;
    let imported = portfolio_guard::import::import_str(&bundle, "collected bundle", None)?;
    for w in &imported.warnings {
        eprintln!("warning: {w}");
    }
    emit(&bundle, args.output.as_ref())?;
    Ok(0)
}

/// `import`: a Graph bundle or a filled spreadsheet template (docs/spreadsheet-template.md)
/// as a snapshot, validated before anything is written.
fn run_import(args: &ImportArgs) -> Result<u8, Error> {
    let text = read_input(&args.bundle)?;
    let name = display_name(&args.bundle);
    let now = args.now.as_deref();
    let imported = if portfolio_guard::template::looks_like_template(&text) {
        portfolio_guard::template::import_template(&text, name, now)?
    } else {
        portfolio_guard::import::import_str(&text, name, now)?
    };
    let out = format!("{:#}\n", imported.snapshot);
    portfolio_guard::snapshot::Snapshot::from_json_str(&out, "imported snapshot")?;
    for w in &imported.warnings {
        eprintln!("warning: {w}");
    }
    emit(&out, args.output.as_ref())?;
    Ok(0)
}

/// `template`: the spreadsheet template, blank or filled from the input.
fn run_template(args: &TemplateArgs) -> Result<u8, Error> {
    let text = args.input.as_deref().map(read_input).transpose()?;
    let csv = portfolio_guard::template::template_for(
        text.as_deref(),
        args.input.as_deref().map_or("input", display_name),
        args.now.as_deref(),
    )?;
    emit(&csv, args.output.as_ref())?;
    Ok(0)
}

/// `rules`: the catalog as a table or as JSON.
fn run_rules(args: &RulesArgs) -> Result<u8, Error> {
    let set = policy_set(&args.policy)?;
    let text = match args.format {
        ListFormat::Json => {
            let mut s = serde_json::to_string_pretty(set.rules())
                .map_err(|e| Error::msg(ErrorKind::Io, e.to_string()))?;
            s.push('\n');
            s
        }
        ListFormat::Table => rules_table(set.rules()),
    };
    emit(&text, None)?;
    Ok(0)
}

/// `explain`: one rule's section of the rule reference, with its example finding.
fn run_explain(args: &ExplainArgs) -> Result<u8, Error> {
    let rule_id = &args.rule_id;
    let set = policy_set(&args.policy)?;
    let Some(rule) = set.rule(rule_id) else {
        let hint = closest(rule_id, set.rules())
            .map(|id| format!(" (did you mean `{id}`?)"))
            .unwrap_or_default();
        return Err(Error::msg(
            ErrorKind::Usage,
            format!("unknown rule id `{rule_id}`{hint}; `portfolio-guard rules` lists them"),
        ));
    };
    let example = if rule.builtin {
        portfolio_guard::docs::example_findings(&set)?.remove(&rule.id)
    } else {
        None
    };
    emit(
        &portfolio_guard::docs::rule_section(rule, example.as_ref()),
        None,
    )?;
    Ok(0)
}

/// `docs`: the rule reference, written out or compared with a file (exit 1 when it differs).
fn run_docs(args: &DocsArgs) -> Result<u8, Error> {
    let set = PolicySet::builtin()?;
    let text = portfolio_guard::docs::rules_markdown(&set)?;
    let Some(path) = &args.check else {
        emit(&text, args.output.as_ref())?;
        return Ok(0);
    };
    let current = std::fs::read_to_string(path).map_err(|e| {
        Error::msg(
            ErrorKind::Io,
            format!("cannot read `{}`: {e}", path.display()),
        )
    })?;
    if current == text {
        return Ok(0);
    }
    eprintln!(
        "portfolio-guard: `{}` is out of date: run `portfolio-guard docs -o {}`",
        path.display(),
        path.display()
    );
    Ok(1)
}

/// `gen`: a generated snapshot, and its org config with `--config-out`.
fn run_gen(args: &GenArgs) -> Result<u8, Error> {
    if args.grants > 5_000_000 {
        return Err(Error::msg(ErrorKind::Usage, "--grants: at most 5000000"));
    }
    let (snapshot, config) = portfolio_guard::generate::generate(args.grants, args.seed);
    if let Some(path) = &args.config_out {
        emit(&format!("{config:#}\n"), Some(path))?;
    }
    emit(&format!("{snapshot}\n"), args.output.as_ref())?;
    Ok(0)
}

/// At most one input from standard input.
fn one_stdin(inputs: &[Option<&str>]) -> Result<(), Error> {
    if inputs.iter().flatten().filter(|p| **p == "-").count() > 1 {
        return Err(Error::msg(
            ErrorKind::Usage,
            "only one input can be read from standard input",
        ));
    }
    Ok(())
}

/// An optional file read: its text and the name errors give it.
fn read_named(path: Option<&str>) -> Result<Option<(String, &str)>, Error> {
    path.map(|p| Ok((read_input(p)?, display_name(p))))
        .transpose()
}

fn as_named<'a>(input: Option<&'a (String, &'a str)>) -> Option<compare::Named<'a>> {
    input.map(|(text, name)| compare::Named { text, name })
}

/// A checked side for its reader: as the rules wrote it, or in plain words.
fn for_reader(c: compare::Checked, plain: bool) -> compare::Checked {
    let report = api::for_reader(c.report, &c.snapshot, plain);
    compare::Checked { report, ..c }
}

/// The format asked for, else table on a terminal and JSON otherwise; and whether the output
/// goes to a terminal.
fn output_format(format: Option<Format>, output: Option<&PathBuf>) -> (Format, bool) {
    let to_terminal = output.is_none() && std::io::stdout().is_terminal();
    let default = if to_terminal {
        Format::Table
    } else {
        Format::Json
    };
    (format.unwrap_or(default), to_terminal)
}

/// `diff`: the comparison of two checks; exit 1 on a new finding at or above `--fail-on`.
fn run_diff(args: &DiffArgs) -> Result<u8, Error> {
    one_stdin(&[
        Some(&args.old),
        Some(&args.new),
        args.config.as_deref(),
        args.before_config.as_deref(),
    ])?;
    let old = read_input(&args.old)?;
    let new = read_input(&args.new)?;
    let config = read_named(args.config.as_deref())?;
    let before_config = read_named(args.before_config.as_deref())?;
    let set = policy_set(&args.policy)?;
    let (before, after) = compare::check_both(
        &set,
        compare::Named {
            text: &old,
            name: display_name(&args.old),
        },
        compare::Named {
            text: &new,
            name: display_name(&args.new),
        },
        as_named(config.as_ref()),
        as_named(before_config.as_ref()),
        args.now.as_deref(),
    )?;
    let comparison = compare::compare(
        &for_reader(before, args.plain),
        &for_reader(after, args.plain),
    );
    let (format, to_terminal) = output_format(args.format, args.output.as_ref());
    let text = api::render_comparison(&comparison, format, args.plain, table_style(to_terminal));
    emit(&text, args.output.as_ref())?;
    Ok(u8::from(comparison.fails(args.fail_on.threshold())))
}

/// `what-if`: the proposal checked against the snapshot; exit 1 when it introduces a finding
/// at or above `--fail-on`.
fn run_what_if(args: &WhatIfArgs) -> Result<u8, Error> {
    one_stdin(&[
        args.snapshot.as_deref(),
        Some(&args.proposal),
        args.config.as_deref(),
    ])?;
    let snapshot = read_named(args.snapshot.as_deref())?;
    let config = read_named(args.config.as_deref())?;
    let proposal_text = read_input(&args.proposal)?;
    let proposal_name = display_name(&args.proposal);
    let proposed = compare::read_proposal(&proposal_text, proposal_name)?;
    let set = policy_set(&args.policy)?;
    let run = compare::what_if_run(
        &set,
        &compare::WhatIfInput {
            snapshot: as_named(snapshot.as_ref()),
            config: as_named(config.as_ref()),
            now: args.now.as_deref(),
            proposal_file: Some(compare::Named {
                text: &proposal_text,
                name: proposal_name,
            }),
        },
        &proposed,
    )?;
    let what_if = if args.plain {
        let before = for_reader(run.before.clone(), true);
        let after = for_reader(run.after.clone(), true);
        run.what_if(&before, &after)
    } else {
        run.what_if(&run.before, &run.after)
    };
    let (format, to_terminal) = output_format(args.format, args.output.as_ref());
    let text = api::render_what_if(&what_if, format, args.plain, table_style(to_terminal));
    emit(&text, args.output.as_ref())?;
    Ok(u8::from(what_if.comparison.fails(args.fail_on.threshold())))
}

/// `data`: the data document of one check, as JSON.
fn run_data(args: &DataArgs) -> Result<u8, Error> {
    if args.config.as_deref() == Some("-") && args.snapshot == "-" {
        return Err(Error::msg(
            ErrorKind::Usage,
            "only one of the snapshot and the config can be read from standard input",
        ));
    }
    let snapshot_text = read_input(&args.snapshot)?;
    let config_text = args.config.as_deref().map(read_input).transpose()?;
    let set = PolicySet::builtin()?;
    let req = CheckRequest {
        snapshot: &snapshot_text,
        snapshot_name: display_name(&args.snapshot),
        config: config_text.as_deref(),
        config_name: args.config.as_deref().map_or("config", display_name),
        now: args.now.as_deref(),
        ..Default::default()
    };
    let prepared = portfolio_guard::engine::prepare(&req)?;
    let data = prepared.evaluation(&set, &req)?.data_document()?;
    emit(&format!("{data}\n"), args.output.as_ref())?;
    Ok(0)
}

/// `test`: runs the Rego tests, one line each and a summary; exit 1 when one failed.
fn run_test(args: &TestArgs) -> Result<u8, Error> {
    let (custom, builtin) = if args.paths.is_empty() {
        (Vec::new(), true)
    } else {
        (read_policy_paths(&args.paths)?, false)
    };
    let report = run_tests(custom, builtin)?;
    if report.tests.is_empty() {
        return Err(Error::msg(
            ErrorKind::Usage,
            "no `test_*` rules found in the given files",
        ));
    }
    let mut out = String::new();
    for t in &report.tests {
        if t.passed {
            out.push_str(&format!("PASS {}\n", t.name));
        } else {
            out.push_str(&format!(
                "FAIL {} ({}:{}): {}\n",
                t.name,
                t.file,
                t.line,
                t.error.as_deref().unwrap_or("failed")
            ));
        }
    }
    out.push_str(&report.summary_line());
    out.push('\n');
    emit(&out, None)?;
    Ok(u8::from(report.failed > 0))
}

/// Collects a business's access data from the Graph API: the bundle as JSON text.
fn collect_bundle(business: &str, graph: &GraphArgs) -> Result<String, Error> {
    use portfolio_guard::collect::{http, Options, Plan};
    let plan = Plan::new(Options {
        business_id: business.to_string(),
        api_version: graph.api_version.clone(),
        graph_url: graph.graph_url.clone(),
        max_wait_ms: graph.max_wait.saturating_mul(1000),
        ..Options::new(business)
    })?;
    let token = http::token_from_env_or_prompt()?;
    let captured_at = chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S+00:00")
        .to_string();
    let show = !graph.quiet && std::io::stderr().is_terminal();
    let started = std::time::Instant::now();
    let mut last = None;
    let result = http::collect(plan, &token, &captured_at, &mut |event| {
        let line = match event {
            http::Event::Progress(p) => {
                last = Some((p.done, p.calls));
                progress_line(p.done, p.total, &format!("reading {}", p.reading))
            }
            http::Event::Waiting {
                progress: p,
                ms,
                reason,
            } => progress_line(
                p.done,
                p.total,
                &format!("waiting {} s: {reason}", ms.div_ceil(1000)),
            ),
        };
        if show {
            eprint!("\r\x1b[2K{line}");
        }
    });
    if show {
        eprint!("\r\x1b[2K");
        if let (Ok(_), Some((done, calls))) = (&result, last) {
            eprintln!(
                "collected business {business}: {done} requests in {calls} HTTP calls, {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
    }
    let bundle = result?;
    let mut text = serde_json::to_string_pretty(&bundle)
        .map_err(|e| Error::msg(ErrorKind::Io, e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// `[#########---------]  42/138 requests · reading agencies of act_4…`, to fit 100 columns.
fn progress_line(done: usize, total: usize, what: &str) -> String {
    const WIDTH: usize = 20;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(0).min(WIDTH);
    let what: String = if what.chars().count() > 60 {
        what.chars().take(59).chain(['…']).collect()
    } else {
        what.to_string()
    };
    format!(
        "[{}{}] {done:>4}/{total} requests · {what}",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled)
    )
}

fn display_name(path: &str) -> &str {
    if path == "-" {
        "<stdin>"
    } else {
        path
    }
}

fn read_input(path: &str) -> Result<String, Error> {
    read_input_limited(path, portfolio_guard::engine::DEFAULT_MAX_INPUT_BYTES)
}

/// Reads a file or standard input, refusing more than `limit` bytes before reading them all.
fn read_input_limited(path: &str, limit: usize) -> Result<String, Error> {
    let name = display_name(path);
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin()
            .take(cap)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::msg(ErrorKind::Io, format!("cannot read standard input: {e}")))?;
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| Error::msg(ErrorKind::Io, format!("cannot read `{path}`: {e}")))?;
        if let Ok(meta) = file.metadata() {
            let len = usize::try_from(meta.len()).unwrap_or(usize::MAX);
            portfolio_guard::engine::check_size(len, limit, "input")
                .map_err(|e| e.in_file(name))?;
        }
        file.take(cap)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::msg(ErrorKind::Io, format!("cannot read `{path}`: {e}")))?;
    }
    portfolio_guard::engine::check_size(bytes.len(), limit, "input")
        .map_err(|e| e.in_file(name))?;
    String::from_utf8(bytes).map_err(|e| {
        Error::one(
            ErrorKind::Io,
            Diagnostic::new(format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
            .in_file(name),
        )
    })
}

fn policy_set(paths: &[PathBuf]) -> Result<PolicySet, Error> {
    let custom: Vec<PolicySource> = if paths.is_empty() {
        Vec::new()
    } else {
        read_policy_paths(paths)?
    };
    PolicySet::with_custom(custom)
}

fn emit(text: &str, output: Option<&PathBuf>) -> Result<(), Error> {
    match output {
        Some(path) => std::fs::write(path, text).map_err(|e| {
            Error::msg(
                ErrorKind::Io,
                format!("cannot write `{}`: {e}", path.display()),
            )
        }),
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not an error worth reporting.
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
            Ok(())
        }
    }
}

fn rules_table(rules: &[RuleMeta]) -> String {
    let w_id = rules.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
    let w_cat = rules
        .iter()
        .map(|r| r.category.len())
        .max()
        .unwrap_or(8)
        .max(8);
    let mut s = format!(
        "{:<w_id$}  {:<8}  {:<w_cat$}  TITLE\n",
        "ID", "SEVERITY", "CATEGORY"
    );
    for r in rules {
        s.push_str(&format!(
            "{:<w_id$}  {:<8}  {:<w_cat$}  {}{}\n",
            r.id,
            r.severity.as_str(),
            r.category,
            r.title,
            if r.builtin { "" } else { "  (custom)" }
        ));
    }
    s.push_str(&format!("{} rules\n", rules.len()));
    s
}

/// The rule id closest to a mistyped one (edit distance at most 3).
fn closest<'a>(id: &str, rules: &'a [RuleMeta]) -> Option<&'a str> {
    suggest::closest(id, rules.iter().map(|r| r.id.as_str()), 3)
}
