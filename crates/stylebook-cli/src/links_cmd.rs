//! `stylebook links`: checks every URL of a catalog over HTTP and reports the dead, moved and
//! fragment-less ones with every place that uses them.
//!
//! The catalog is read as `validate` reads it and refused when it has errors. The URLs come
//! from `stylebook_core::urls`, the checking from `stylebook_links`; this module adds the
//! cache file, the progress bar, Ctrl-C and the two output formats.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result, bail};
use serde_json::json;
use stylebook_core::Label;
use stylebook_core::Sources;
use stylebook_core::{UrlField, UrlUse, find_urls};
use stylebook_links::{Cache, Checker, Config, Link, Observer, Place, Report, Reuse, Status};

use crate::inputs::ReadArgs;
use crate::interrupt::Interrupt;
use crate::output;
use crate::render::{self, Style};

/// Shown after `stylebook links --help`.
pub(crate) const EXAMPLES: &str = "\
Examples:
  stylebook links data/                                check every URL of a catalog
  stylebook links data/ --cache links.json             reuse results younger than a day
  stylebook links data/ --cache links.json --only-new  check only URLs the cache lacks
  stylebook links site/pages/ --format json            every result as one JSON document
  stylebook links data/ --per-host 1 --timeout 30      gentler with slow sites

Statuses: ok, redirected (permanent or temporary), broken (4xx, or 5xx after retries),
fragment-missing, unreachable (DNS, TLS, connection, time-out), skipped (not http(s)).
Exit status: 0 nothing broken, 1 a link broken or fragment-missing (or unreachable, with
--strict) or the catalog has errors, 2 usage or I/O problems, 130 interrupted (the results so
far are kept in the cache).";

/// The arguments of `stylebook links`.
#[derive(Debug, clap::Args)]
pub(crate) struct LinksArgs {
    /// Pages, folders of pages, source-layout roots, or catalog JSON files.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// How to print the results: text grouped by guideline (problems only), or one JSON
    /// document with every link.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// The most requests under way at once.
    #[arg(long, value_name = "N", default_value_t = 16,
          value_parser = clap::value_parser!(u16).range(1..=256))]
    concurrency: u16,
    /// The most requests under way at once to one host.
    #[arg(long, value_name = "N", default_value_t = 2,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    per_host: u16,
    /// Seconds one request may take, from connecting to the last byte read.
    #[arg(long, value_name = "S", default_value = "10", value_parser = parse_timeout)]
    timeout: Duration,
    /// A JSON file that keeps results between runs (created if missing).
    #[arg(long, value_name = "FILE")]
    cache: Option<PathBuf>,
    /// Reuse cached results younger than this (seconds, or a number with s, m, h or d);
    /// unreachable ones are always checked again. Default: 1d.
    #[arg(long, value_name = "AGE", requires = "cache", value_parser = parse_age)]
    max_age: Option<Duration>,
    /// Check only URLs absent from the cache; report the others as cached, whatever their
    /// age.
    #[arg(long, requires = "cache", conflicts_with = "max_age")]
    only_new: bool,
    /// Fail (exit 1) on unreachable links too.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Problems grouped by guideline, with the lines that hold them, and a summary.
    Human,
    /// `{"links": [...]}`: every link with its status and places.
    Json,
}

/// How old a cached result may be by default.
const DAY: Duration = Duration::from_secs(86_400);

/// Runs the command.
pub(crate) fn run(args: &LinksArgs) -> Result<ExitCode> {
    let Some(inputs) = crate::load_checked(&args.paths, &args.read, false)? else {
        writeln!(io::stderr(), "no link was checked")?;
        return Ok(ExitCode::from(1));
    };
    // A cache that cannot be used stops the run before any request.
    let mut cache = match &args.cache {
        Some(path) => Some(CacheFile::open(path, &inputs.sources)?),
        None => None,
    };
    let uses = find_urls(&inputs.sources, &inputs.files);
    let links = links(&inputs.sources, &uses);
    let total = links.len();
    let reuse = if args.only_new {
        Reuse::Any
    } else {
        Reuse::Fresh(args.max_age.unwrap_or(DAY))
    };
    let (mut reports, to_check) = match &cache {
        Some(file) => file.cache.split(links, reuse, SystemTime::now()),
        None => (Vec::new(), links),
    };
    let from_cache = reports.len();
    let config = Config::default()
        .concurrency(args.concurrency.into())
        .per_host(args.per_host.into())
        .timeout(args.timeout)
        .user_agent(format!(
            "stylebook/{} (+{})",
            env!("CARGO_PKG_VERSION"),
            env!("CARGO_PKG_REPOSITORY")
        ));
    let checker = Checker::new(config)?;
    let interrupt = Interrupt::catch().context("cannot catch Ctrl-C")?;
    let progress = Progress::new(to_check.len(), interrupt.clone());
    let asked = to_check.len();
    let checked = checker.check(to_check, &progress);
    progress.finish();
    if let Some(file) = &mut cache {
        file.cache.record(&checked);
        file.save()?;
    }
    if checked.len() < asked {
        writeln!(
            io::stderr(),
            "interrupted: {} of {} checked{}",
            checked.len(),
            render::plural(asked, "link"),
            if cache.is_some() {
                "; their results are in the cache"
            } else {
                ""
            }
        )?;
        return Ok(ExitCode::from(130));
    }
    reports.extend(checked);
    reports.sort_by(|a, b| a.url.cmp(&b.url));
    let mut stdout = io::stdout().lock();
    match args.format {
        Format::Human => {
            let style = Style::detect(stdout.is_terminal());
            let text = human(&reports, &uses, &inputs.sources, args.strict, style);
            stdout.write_all(text.as_bytes())?;
            writeln!(stdout, "{}", summary(&reports, total, from_cache))?;
        }
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&to_json(&reports))?;
            text.push('\n');
            stdout.write_all(text.as_bytes())?;
        }
    }
    let failed = reports.iter().any(|r| r.status.fails(args.strict));
    Ok(ExitCode::from(u8::from(failed)))
}

/// One link per distinct URL, in order of first use, with every place that uses it.
fn links(sources: &Sources, uses: &[UrlUse]) -> Vec<Link> {
    let mut order: Vec<Link> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for u in uses {
        let file = sources.get(u.file);
        let (line, column) = file.line_col(u.span.start);
        let place = Place {
            file: file.name.clone(),
            line,
            column,
            group: u.guideline.clone().unwrap_or_default(),
            field: field_name(u.field).to_owned(),
        };
        match index.get(u.url.as_str()) {
            Some(&i) => order[i].add_place(place),
            None => {
                index.insert(&u.url, order.len());
                order.push(Link::new(u.url.clone()).with_place(place));
            }
        }
    }
    order
}

fn field_name(field: UrlField) -> &'static str {
    match field {
        UrlField::Reference => "reference",
        other => other.key(),
    }
}

/// The cache file: where it is, and what it holds.
struct CacheFile {
    path: PathBuf,
    real: PathBuf,
    cache: Cache,
}

impl CacheFile {
    /// Reads the cache at `path`, or starts an empty one when there is no file; refuses a
    /// file the catalog was read from, and a folder that does not exist.
    fn open(path: &Path, read: &Sources) -> Result<Self> {
        let real = output::resolve(path)
            .with_context(|| format!("cannot use {} as the cache", path.display()))?;
        let files: Vec<&Path> = read.iter().map(|(_, f)| Path::new(&f.name)).collect();
        output::refuse_file(&real, path, &files, "a file of the catalog")?;
        if let Some(parent) = real.parent().filter(|p| !p.is_dir()) {
            bail!(
                "cannot write the cache {}: there is no folder {}",
                path.display(),
                parent.display()
            );
        }
        let cache = match fs::read_to_string(&real) {
            Ok(text) => Cache::from_json(&text).with_context(|| {
                format!(
                    "cannot use {} as the cache (remove it to start afresh)",
                    path.display()
                )
            })?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Cache::new(),
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read {}", path.display()));
            }
        };
        Ok(CacheFile {
            path: path.to_path_buf(),
            real,
            cache,
        })
    }

    /// Writes the cache, atomically. A Ctrl-C does not stop this write: it is what keeps the
    /// results of an interrupted run.
    fn save(&self) -> Result<()> {
        let text = self.cache.to_json();
        output::write_file(&self.path, &self.real, text.as_bytes(), &Interrupt::never())?;
        Ok(())
    }
}

/// The progress bar (on a terminal only) and the stop flag.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    interrupt: Interrupt,
}

impl Progress {
    fn new(total: usize, interrupt: Interrupt) -> Self {
        let bar = (io::stderr().is_terminal() && total > 0).then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} links checked ({elapsed}, {eta} left)",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress { bar, interrupt }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Observer for Progress {
    fn checked(&self, _report: &Report) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn stop(&self) -> bool {
        self.interrupt.is_set()
    }
}

/// The problems (everything but `ok`), grouped by the guideline of their first place, in the
/// order of the files.
fn human(
    reports: &[Report],
    uses: &[UrlUse],
    sources: &Sources,
    strict: bool,
    style: Style,
) -> String {
    let mut by_url: BTreeMap<&str, Vec<&UrlUse>> = BTreeMap::new();
    for u in uses {
        by_url.entry(u.url.as_str()).or_default().push(u);
    }
    let mut groups: BTreeMap<&str, Vec<&Report>> = BTreeMap::new();
    for report in reports.iter().filter(|r| r.status != Status::Ok) {
        let group = report.places.first().map_or("", |p| p.group.as_str());
        groups.entry(group).or_default().push(report);
    }
    let mut out = String::new();
    for (group, reports) in &groups {
        let name = if group.is_empty() {
            "other links"
        } else {
            group
        };
        let _ = writeln!(
            out,
            "{}\n",
            style.paint(
                "1",
                &format!("== {name}: {}", render::plural(reports.len(), "link"))
            )
        );
        let mut reports: Vec<(&Report, &[&UrlUse])> = reports
            .iter()
            .map(|r| {
                let places = by_url.get(r.url.as_str()).map_or(&[][..], Vec::as_slice);
                (*r, places)
            })
            .collect();
        // In the order the files hold them.
        reports.sort_by_key(|(_, places)| places.first().map(|u| (u.file, u.span.start)));
        for (report, places) in reports {
            one(&mut out, report, places, sources, strict, style);
        }
    }
    out
}

/// Places shown under a problem; the others are counted.
const SHOWN_PLACES: usize = 4;

/// One problem: the first place, the line that holds the URL, and what happened.
fn one(
    out: &mut String,
    report: &Report,
    places: &[&UrlUse],
    sources: &Sources,
    strict: bool,
    style: Style,
) {
    let color = match report.status {
        Status::Broken | Status::FragmentMissing => "1;31",
        Status::Unreachable if strict => "1;31",
        Status::Unreachable => "1;33",
        Status::Redirected => "1;36",
        Status::Ok | Status::Skipped => "1",
    };
    let Some(first) = places.first() else {
        let _ = writeln!(
            out,
            "{}: {}\n",
            style.paint(color, report.status.as_str()),
            report.url
        );
        return;
    };
    let file = sources.get(first.file);
    let (line, col) = file.line_col(first.span.start);
    let _ = writeln!(
        out,
        "{}: {}: {}",
        style.paint("1", &format!("{}:{line}:{col}", file.name)),
        style.paint(color, report.status.as_str()),
        style.paint("1", &report.url)
    );
    let labels: Vec<Label> = places
        .iter()
        .take(SHOWN_PLACES)
        .enumerate()
        .map(|(i, u)| Label {
            file: u.file,
            span: u.span.clone(),
            message: if i == 0 { what(report) } else { String::new() },
        })
        .collect();
    let marked: Vec<(&Label, char, &str)> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                (l, '^', color)
            } else {
                (l, '-', "1;34")
            }
        })
        .collect();
    let width = render::snippet(out, sources, &marked, style);
    if places.len() > SHOWN_PLACES {
        let more = places.len() - SHOWN_PLACES;
        render::note(
            out,
            width,
            "note",
            &format!(
                "and {more} more {}",
                if more == 1 { "place" } else { "places" }
            ),
            style,
        );
    }
    if report.hops.len() > 1 {
        let hops: Vec<String> = report
            .hops
            .iter()
            .map(|h| format!("{} {}", h.status, h.url))
            .collect();
        render::note(
            out,
            width,
            "note",
            &format!("redirects: {}", hops.join(", ")),
            style,
        );
    }
    if report.cached {
        render::note(
            out,
            width,
            "note",
            &format!("from the cache: checked {}", ago(report.checked_at)),
            style,
        );
    }
    if let (Status::Redirected, Some(stylebook_links::Redirect::Permanent), Some(to)) =
        (report.status, report.redirect, &report.final_url)
    {
        render::note(out, width, "help", &format!("write {to}"), style);
    }
    out.push('\n');
}

/// What happened to a link, in a few words, for its label.
fn what(report: &Report) -> String {
    let detail = report.detail.clone().unwrap_or_default();
    let after = match report.hops.len() {
        0 => String::new(),
        1 => " after 1 redirect".to_owned(),
        n => format!(" after {n} redirects"),
    };
    match (report.status, &report.final_url) {
        (Status::Redirected, Some(to)) => {
            let how = match report.redirect {
                Some(stylebook_links::Redirect::Permanent) => "moved permanently",
                _ => "redirected temporarily",
            };
            if detail.is_empty() {
                format!("{how} to {to}")
            } else {
                format!("{how} to {to}; {detail}")
            }
        }
        (Status::Broken | Status::FragmentMissing, Some(to)) => format!("{detail} at {to}{after}"),
        _ => detail,
    }
}

/// `3 h ago`.
fn ago(time: SystemTime) -> String {
    let secs = SystemTime::now()
        .duration_since(time)
        .unwrap_or(Duration::ZERO)
        .as_secs();
    match secs {
        0..60 => "just now".to_owned(),
        60..3600 => format!("{} min ago", secs / 60),
        3600..86_400 => format!("{} h ago", secs / 3600),
        _ => format!("{} d ago", secs / 86_400),
    }
}

/// `465 links: 400 ok, 30 redirected, ...`.
fn summary(reports: &[Report], total: usize, from_cache: usize) -> String {
    let counts: Vec<String> = Status::ALL
        .iter()
        .map(|s| {
            let n = reports.iter().filter(|r| r.status == *s).count();
            format!("{n} {s}")
        })
        .collect();
    let cached = if from_cache > 0 {
        format!(" ({from_cache} from the cache)")
    } else {
        String::new()
    };
    format!(
        "{}{cached}: {}",
        render::plural(total, "link"),
        counts.join(", ")
    )
}

/// `{"links": [...]}`, each link with its status, redirects and places.
fn to_json(reports: &[Report]) -> serde_json::Value {
    let links: Vec<serde_json::Value> = reports
        .iter()
        .map(|r| {
            json!({
                "url": r.url,
                "status": r.status.as_str(),
                "http_status": r.http_status,
                "final_url": r.final_url,
                "redirect": r.redirect.map(|k| k.as_str()),
                "hops": r.hops.iter().map(|h| json!({"status": h.status, "url": h.url})).collect::<Vec<_>>(),
                "detail": r.detail,
                "checked_at": r.checked_at_utc(),
                "cached": r.cached,
                "places": r.places.iter().map(|p| json!({
                    "file": p.file,
                    "line": p.line,
                    "column": p.column,
                    "guideline": (!p.group.is_empty()).then_some(&p.group),
                    "field": p.field,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "links": links })
}

/// `10`, `0.5`: seconds, more than 0 and at most an hour.
fn parse_timeout(text: &str) -> Result<Duration, String> {
    let secs: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !(secs > 0.0 && secs <= 3600.0) {
        return Err(format!(
            "`{text}` is not a number of seconds above 0 and at most 3600"
        ));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// `90`, `90s`, `30m`, `12h`, `7d`.
fn parse_age(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (digits, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let scale = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => {
            return Err(format!(
                "`{text}` is not an age such as 90s, 30m, 12h or 7d"
            ));
        }
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not an age such as 90s, 30m, 12h or 7d"))?;
    n.checked_mul(scale)
        .map(Duration::from_secs)
        .ok_or_else(|| format!("`{text}` is too long"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_and_timeouts_parse() {
        assert_eq!(parse_age("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_age("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_age("7d"), Ok(Duration::from_secs(604_800)));
        assert!(parse_age("1w").is_err());
        assert!(parse_age("d").is_err());
        assert!(parse_age("99999999999999999999d").is_err());
        assert_eq!(parse_timeout("0.5"), Ok(Duration::from_millis(500)));
        assert!(parse_timeout("0").is_err());
        assert!(parse_timeout("NaN").is_err());
        assert!(parse_timeout("soon").is_err());
    }
}
