//! `cargo xtask bench`: times every stage of the release `stylebook` binary on synthetic
//! catalogs and prints Markdown tables for `BENCHMARKS.md`.
//!
//! Each stage runs the binary as a child process several times; the tables give the minimum
//! and the median wall time, the throughput, the child's peak resident memory, and the ratio to
//! the stage's floor: parsing every file's YAML and nothing else for reading (the hidden
//! `xtask parse-only`, built in release mode too), and `cp -r` of the produced tree for
//! writing. A second table runs reading and the `api` + `pages` export at several sizes to
//! show how the cost grows. The `all` export (the workbook included) is checked to give
//! byte-identical trees on every run.
//!
//! A last table times `stylebook diff` of two catalogs of the largest growth size against
//! reading both.
//!
//! OpenAPI injection into GitHub's REST description (npm package `@octokit/openapi`) is timed
//! when the binary has the `openapi` command and `npm` is available; otherwise the stage is
//! skipped with a note. Everything is kept under `target/bench/`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::r#gen;

const USAGE: &str = "\
usage: cargo xtask bench [--topics N] [--guidelines M] [--runs K] [--scales N,N,...] [--seed S]

  --topics N       topics of the catalog every stage is timed on (default 3000)
  --guidelines M   guidelines of every generated catalog (default 30)
  --runs K         runs of each stage; min and median are reported (default 5)
  --scales LIST    topic counts for the growth table, the largest also for the diff table
                   (default 300,3000,30000; 0 skips both)
  --seed S         generator seed (default 1)";

/// The GitHub REST description inside the npm package.
const GITHUB_SPEC: &str = "package/generated/api.github.com.json";

/// Parsed options.
#[derive(Debug, Clone)]
struct Options {
    topics: usize,
    guidelines: usize,
    runs: usize,
    scales: Vec<usize>,
    seed: u64,
}

/// One timed stage: its samples and what it read or wrote.
#[derive(Debug, Clone, Default)]
struct Sample {
    times: Vec<Duration>,
    peak_kib: Option<u64>,
}

/// The built binaries and the work folder.
struct Bench {
    stylebook: PathBuf,
    xtask: PathBuf,
    work: PathBuf,
    runs: usize,
}

/// Runs the benchmark.
pub(crate) fn run(args: &[String]) -> Result<()> {
    let Some(options) = parse_options(args)? else {
        return Ok(());
    };
    let root = crate::root();
    let release = crate::build_release()?;
    let bench = Bench {
        stylebook: release.join("stylebook"),
        xtask: release.join("xtask"),
        work: root.join("target").join("bench"),
        runs: options.runs,
    };
    fs::create_dir_all(&bench.work)?;
    let mut report = String::new();
    let _ = writeln!(report, "{}", machine());
    let _ = writeln!(
        report,
        "Peak memory is measured with {}.\n",
        if Path::new(TIME).exists() {
            "`/usr/bin/time -f %M` (the child's maximum resident set size)"
        } else {
            "the child's `VmHWM` in `/proc/<pid>/status`, polled until it exits"
        }
    );
    let (out, copy) = (bench.work.join("out"), bench.work.join("copy"));
    remove(&out)?;
    remove(&copy)?;
    let result = stages(&bench, &options, &root, &mut report).and_then(|()| {
        if options.scales.is_empty() {
            Ok(())
        } else {
            scales(&bench, &options, &mut report)
        }
    });
    eprintln!("removing the outputs");
    remove(&out)?;
    remove(&copy)?;
    result?;
    println!("{report}");
    Ok(())
}

/// The options, or `None` when `--help` was asked for.
fn parse_options(args: &[String]) -> Result<Option<Options>> {
    let mut options = Options {
        topics: 3000,
        guidelines: 30,
        runs: 5,
        scales: vec![300, 3000, 30_000],
        seed: 1,
    };
    let Some(flags) = crate::flags(args, USAGE)? else {
        return Ok(None);
    };
    for (flag, value) in flags {
        match flag {
            "--topics" => options.topics = crate::number(flag, value)?,
            "--guidelines" => options.guidelines = crate::number(flag, value)?,
            "--runs" => options.runs = crate::number::<usize>(flag, value)?.max(1),
            "--seed" => options.seed = crate::number(flag, value)?,
            "--scales" => {
                options.scales = value
                    .split(',')
                    .map(|s| s.trim().parse::<usize>())
                    .collect::<Result<Vec<_>, _>>()
                    .with_context(|| format!("--scales takes numbers, not `{value}`"))?;
                options.scales.retain(|&n| n > 0);
            }
            _ => bail!("unknown option `{flag}`\n\n{USAGE}"),
        }
    }
    if options.topics == 0 || options.guidelines == 0 {
        bail!("--topics and --guidelines must be at least 1");
    }
    Ok(Some(options))
}

/// Every stage on one catalog.
fn stages(bench: &Bench, options: &Options, root: &Path, report: &mut String) -> Result<()> {
    let (t, g) = (options.topics, options.guidelines);
    let input = bench.catalog(t, g, options.seed)?;
    let input_bytes = tree_bytes(&input)?;
    let input_arg = input.to_string_lossy().into_owned();
    eprintln!("stages on {t} topics x {g} guidelines");
    let _ = writeln!(
        report,
        "### Stages: {} topics x {g} guidelines ({} files, {} of YAML)\n",
        group(t),
        group(tree_files(&input)?),
        mb(input_bytes)
    );
    let _ = writeln!(
        report,
        "{} runs each; times are wall-clock seconds for the whole process, MB/s is the input \
         (reading) or output (writing) size over the minimum. Each export run and its `cp -r` \
         write into fresh folders, one pair after the other.\n",
        bench.runs
    );
    let _ = writeln!(
        report,
        "| stage | min | median | MB/s | peak memory | floor | floor min | ratio |"
    );
    let _ = writeln!(report, "|---|---:|---:|---:|---:|---|---:|---:|");
    let parse = bench.time(|| bench.xtask_cmd(&["parse-only", &input_arg]))?;
    row(report, "parse only (floor)", &parse, input_bytes, None);
    let validate = bench.time(|| bench.stylebook_cmd(&["validate", &input_arg]))?;
    row(
        report,
        "read + validate",
        &validate,
        input_bytes,
        Some(("parse only", &parse)),
    );
    let mut exports = BTreeMap::new();
    for format in ["api", "pages", "csv", "xlsx", "all"] {
        let (export, cp) = bench.export_and_copy(&input_arg, format, &[format])?;
        let out = bench.out(format, 0);
        let bytes = tree_bytes(&out)?;
        let mut label = format!("export `{format}` ({} files)", group(tree_files(&out)?));
        if format == "xlsx" {
            label = "export `xlsx` (1 file; target: < 1 s, < 200 MB)".to_owned();
        }
        row(report, &label, &export, bytes, Some(("`cp -r`", &cp)));
        exports.insert(format, (export, cp, bytes));
    }
    if let (Some(api), Some(pages)) = (exports.get("api"), exports.get("pages")) {
        let sum = |a: &Sample, b: &Sample| Sample {
            times: a.times.iter().zip(&b.times).map(|(x, y)| *x + *y).collect(),
            peak_kib: a.peak_kib.max(b.peak_kib),
        };
        row(
            report,
            "export `api` + `pages` (target: ratio <= 1.6)",
            &sum(&api.0, &pages.0),
            api.2 + pages.2,
            Some(("`cp -r`", &sum(&api.1, &pages.1))),
        );
    }
    for format in ["api", "pages"] {
        let out = bench.out(format, 0);
        let (again, files) = unchanged(bench, &input_arg, format, &out)?;
        let label = format!(
            "re-export `{format}` unchanged: {} files, none written",
            group(files)
        );
        let fresh = exports.get(format).map(|e| ("fresh export", &e.0));
        row(report, &label, &again, tree_bytes(&out)?, fresh);
    }
    deterministic(bench, &input_arg)?;
    let _ = writeln!(
        report,
        "\nTwo `all` exports of this catalog were compared file by file: byte-identical.\n"
    );
    openapi(bench, root, report)?;
    Ok(())
}

/// Times exports of `format` into `out`, which holds that export already, and fails unless
/// they leave every file as it was (the same modification times). Returns the sample and
/// the number of files.
fn unchanged(bench: &Bench, input: &str, format: &str, out: &Path) -> Result<(Sample, usize)> {
    let stamps = || -> Result<Vec<(PathBuf, std::time::SystemTime)>> {
        tree_files_list(out)?
            .into_iter()
            .map(|f| Ok((f.clone(), fs::metadata(&f)?.modified()?)))
            .collect()
    };
    let before = stamps()?;
    let out_arg = out.to_string_lossy().into_owned();
    let sample = bench
        .time(|| bench.stylebook_cmd(&["export", "--to", format, "--out", &out_arg, input]))?;
    if stamps()? != before {
        bail!("re-exporting an unchanged catalog rewrote files in {out_arg}");
    }
    Ok((sample, before.len()))
}

/// Fails unless two `all` exports are byte-identical (a second one is made when there was
/// only one run).
fn deterministic(bench: &Bench, input: &str) -> Result<()> {
    let first = bench.out("all", 0);
    let second = bench.out("all", 1);
    if !second.exists() {
        bench.once(&[
            "export",
            "--to",
            "all",
            "--out",
            &second.to_string_lossy(),
            input,
        ])?;
    }
    let a = tree_contents(&first)?;
    let b = tree_contents(&second)?;
    if a.len() != b.len() {
        bail!("two exports wrote {} and {} files", a.len(), b.len());
    }
    for ((pa, ca), (pb, cb)) in a.iter().zip(&b) {
        if pa != pb || ca != cb {
            bail!("two exports differ at {}", pa.display());
        }
    }
    Ok(())
}

/// OpenAPI injection into GitHub's REST description, when possible.
fn openapi(bench: &Bench, root: &Path, report: &mut String) -> Result<()> {
    let _ = writeln!(report, "### OpenAPI injection\n");
    let has_command = Command::new(&bench.stylebook)
        .args(["openapi", "--help"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has_command {
        let _ = writeln!(
            report,
            "Skipped: this `stylebook` has no `openapi` command yet.\n"
        );
        return Ok(());
    }
    let spec = match github_spec(bench) {
        Ok(spec) => spec,
        Err(e) => {
            let _ = writeln!(report, "Skipped: {e:#}.\n");
            return Ok(());
        }
    };
    let spec_arg = spec.to_string_lossy().into_owned();
    let data = root.join("data").to_string_lossy().into_owned();
    let out = bench.work.join("out").join("github.annotated.json");
    fs::create_dir_all(bench.work.join("out"))?;
    let out_arg = out.to_string_lossy().into_owned();
    let bytes = fs::metadata(&spec)?.len();
    let bytes = usize::try_from(bytes).unwrap_or(usize::MAX);
    let parse = bench.time(|| bench.xtask_cmd(&["parse-only", &spec_arg]))?;
    let inject = bench.time(|| {
        bench.stylebook_cmd(&["openapi", &spec_arg, "--catalog", &data, "--out", &out_arg])
    })?;
    let _ = writeln!(
        report,
        "GitHub's REST description (`@octokit/openapi`, `{}`, {}) annotated with the \
         project's own catalog (`data/`), {} runs.\n",
        GITHUB_SPEC.trim_start_matches("package/"),
        mb(bytes),
        bench.runs
    );
    let _ = writeln!(
        report,
        "| stage | min | median | MB/s | peak memory | floor | floor min | ratio |"
    );
    let _ = writeln!(report, "|---|---:|---:|---:|---:|---|---:|---:|");
    row(report, "parse the description only", &parse, bytes, None);
    row(
        report,
        "`stylebook openapi` (target: < 1 s)",
        &inject,
        bytes,
        Some(("parse only", &parse)),
    );
    let _ = writeln!(report);
    Ok(())
}

/// The GitHub description, fetched once with `npm pack` into `target/bench/cache/`.
fn github_spec(bench: &Bench) -> Result<PathBuf> {
    let cache = bench.work.join("cache");
    let spec = cache.join(GITHUB_SPEC);
    if spec.is_file() {
        return Ok(spec);
    }
    fs::create_dir_all(&cache)?;
    let packed = Command::new("npm")
        .args(["pack", "--silent", "@octokit/openapi"])
        .current_dir(&cache)
        .stderr(Stdio::inherit())
        .output()
        .context("npm is not available to fetch @octokit/openapi")?;
    if !packed.status.success() {
        bail!("`npm pack @octokit/openapi` failed ({})", packed.status);
    }
    let tarball = String::from_utf8_lossy(&packed.stdout).trim().to_owned();
    let status = Command::new("tar")
        .args(["xzf", &tarball, GITHUB_SPEC])
        .current_dir(&cache)
        .status()
        .context("tar is not available to unpack @octokit/openapi")?;
    if !status.success() || !spec.is_file() {
        bail!("{tarball} has no {GITHUB_SPEC}");
    }
    Ok(spec)
}

/// Reading and the `api` + `pages` export at every scale.
fn scales(bench: &Bench, options: &Options, report: &mut String) -> Result<()> {
    let g = options.guidelines;
    let runs = bench.runs.min(3);
    let bench = Bench {
        stylebook: bench.stylebook.clone(),
        xtask: bench.xtask.clone(),
        work: bench.work.clone(),
        runs,
    };
    let _ = writeln!(report, "### Growth: {g} guidelines, more and more topics\n");
    let _ = writeln!(
        report,
        "Minimum of {runs} runs. Per topic: the time divided by the number of topics; flat means \
         linear growth. `api + pages` is two processes, one per format, each reading the \
         catalog.\n"
    );
    let _ = writeln!(
        report,
        "| topics | input | output files | output | read + validate | per topic | peak | \
         api + pages | per topic | `cp -r` | ratio | peak |"
    );
    let _ = writeln!(
        report,
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for &t in &options.scales {
        eprintln!("growth: {t} topics x {g} guidelines");
        let input = bench.catalog(t, g, options.seed)?;
        let input_arg = input.to_string_lossy().into_owned();
        let validate = bench.time(|| bench.stylebook_cmd(&["validate", &input_arg]))?;
        let name = format!("scale-{t}");
        let (export, cp) = bench.export_and_copy(&input_arg, &name, &["api", "pages"])?;
        let out = bench.out(&name, 0);
        let per_topic = |d: Duration| format!("{:.0} µs", d.as_secs_f64() * 1e6 / t as f64);
        let _ = writeln!(
            report,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.2} | {} |",
            group(t),
            mb(tree_bytes(&input)?),
            group(tree_files(&out)?),
            mb(tree_bytes(&out)?),
            secs(min(&validate)),
            per_topic(min(&validate)),
            peak(validate.peak_kib),
            secs(min(&export)),
            per_topic(min(&export)),
            secs(min(&cp)),
            min(&export).as_secs_f64() / min(&cp).as_secs_f64().max(1e-9),
            peak(export.peak_kib),
        );
    }
    let _ = writeln!(report);
    let largest = options
        .scales
        .iter()
        .copied()
        .max()
        .unwrap_or(options.topics);
    diff(&bench, largest, options, report)?;
    Ok(())
}

/// `stylebook diff --format json` of two catalogs of `t` topics, against reading both (one
/// `validate` of each, the times added up): seed S against seed S+1, where every topic and
/// most references differ, and S against the same catalog with one guideline more.
fn diff(bench: &Bench, t: usize, options: &Options, report: &mut String) -> Result<()> {
    let (g, seed) = (options.guidelines, options.seed);
    let _ = writeln!(report, "### Diff: {} topics\n", group(t));
    let _ = writeln!(
        report,
        "Minimum of {} runs. Reading both is one `validate` of each catalog, the times added \
         up; `diff` reads both in one process, compares them and prints the JSON document \
         (to `/dev/null`).\n",
        bench.runs
    );
    let _ = writeln!(
        report,
        "| compared with seed {seed} x {g} | changes listed | JSON | read both | diff | ratio | \
         peak |"
    );
    let _ = writeln!(report, "|---|---:|---:|---:|---:|---:|---:|");
    let base = bench.catalog(t, g, seed)?;
    let base_arg = base.to_string_lossy().into_owned();
    let read_base = bench.time(|| bench.stylebook_cmd(&["validate", &base_arg]))?;
    for (label, other) in [
        (
            format!("seed {} (everything differs)", seed + 1),
            bench.catalog(t, g, seed + 1)?,
        ),
        (
            format!("{} guidelines (one added)", g + 1),
            bench.catalog(t, g + 1, seed)?,
        ),
    ] {
        eprintln!("diff: {t} topics, {label}");
        let other_arg = other.to_string_lossy().into_owned();
        let read_other = bench.time(|| bench.stylebook_cmd(&["validate", &other_arg]))?;
        let args = ["diff", "--format", "json", &base_arg, &other_arg];
        let compare = bench.time(|| bench.stylebook_cmd(&args))?;
        let output = bench
            .stylebook_cmd(&args)
            .stderr(Stdio::null())
            .output()
            .context("cannot run stylebook diff")?;
        let doc: serde_json::Value =
            serde_json::from_slice(&output.stdout).context("stylebook diff printed no JSON")?;
        let listed: usize = ["topics", "guidelines", "references"]
            .iter()
            .flat_map(|kind| doc[kind].as_object().into_iter().flatten())
            .filter_map(|(_, list)| list.as_array().map(Vec::len))
            .sum();
        let read = min(&read_base) + min(&read_other);
        let _ = writeln!(
            report,
            "| {label} | {} | {} | {} | {} | {:.2} | {} |",
            group(listed),
            mb(output.stdout.len()),
            secs(read),
            secs(min(&compare)),
            min(&compare).as_secs_f64() / read.as_secs_f64().max(1e-9),
            peak(compare.peak_kib),
        );
    }
    let _ = writeln!(report);
    Ok(())
}

impl Bench {
    /// Generates (or reuses) the catalog for a size and returns its folder.
    fn catalog(&self, topics: usize, guidelines: usize, seed: u64) -> Result<PathBuf> {
        let dir = self
            .work
            .join(format!("catalog-{topics}x{guidelines}-seed{seed}"));
        let stamp = dir.join(".complete");
        if stamp.is_file() {
            return Ok(dir);
        }
        remove(&dir)?;
        let generated = r#gen::generate(topics, guidelines, seed);
        generated.write(&dir)?;
        fs::write(&stamp, generated.bytes().to_string())?;
        Ok(dir)
    }

    fn stylebook_cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(&self.stylebook);
        c.args(args);
        c
    }

    fn xtask_cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(&self.xtask);
        c.args(args);
        c
    }

    /// Runs `stylebook` once, untimed, and fails when it fails.
    fn once(&self, args: &[&str]) -> Result<()> {
        let output = self
            .stylebook_cmd(args)
            .stdout(Stdio::null())
            .output()
            .context("cannot run stylebook")?;
        if !output.status.success() {
            bail!(
                "stylebook {} failed ({}):\n{}",
                args.join(" "),
                output.status,
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(())
    }

    /// Times `self.runs` runs of a command, each after a `sync`.
    fn time(&self, command: impl Fn() -> Command) -> Result<Sample> {
        let mut sample = Sample::default();
        for _ in 0..self.runs {
            sync();
            let (elapsed, peak_kib) = measure(command())?;
            sample.times.push(elapsed);
            sample.peak_kib = sample.peak_kib.max(peak_kib);
        }
        Ok(sample)
    }

    /// The output folder of run `run` of stage `name`.
    fn out(&self, name: &str, run: usize) -> PathBuf {
        self.work.join("out").join(format!("{name}-{run}"))
    }

    /// Runs of: export each of `formats` into a fresh folder (one process per format, the
    /// times added up), then `cp -r` of that folder into another fresh one. Nothing is
    /// deleted in between: on ext4, creating files soon after deleting many is much slower,
    /// which would blur both figures.
    fn export_and_copy(
        &self,
        input: &str,
        name: &str,
        formats: &[&str],
    ) -> Result<(Sample, Sample)> {
        let (mut export, mut cp) = (Sample::default(), Sample::default());
        for run in 0..self.runs {
            let out = self.out(name, run);
            let mut total = Duration::ZERO;
            for format in formats {
                let target = if formats.len() == 1 {
                    out.clone()
                } else {
                    out.join(format)
                };
                sync();
                let (elapsed, peak_kib) = measure(self.stylebook_cmd(&[
                    "export",
                    "--to",
                    format,
                    "--out",
                    &target.to_string_lossy(),
                    input,
                ]))?;
                total += elapsed;
                export.peak_kib = export.peak_kib.max(peak_kib);
            }
            export.times.push(total);
            let copy = self.work.join("copy").join(format!("{name}-{run}"));
            fs::create_dir_all(self.work.join("copy"))?;
            sync();
            let mut command = Command::new("cp");
            command.arg("-r").arg(&out).arg(&copy);
            let (elapsed, _) = measure(command)?;
            cp.times.push(elapsed);
        }
        Ok((export, cp))
    }
}

/// Flushes dirty pages so that one run's writes are not paid for by the next.
fn sync() {
    let _ = Command::new("sync").status();
}

const TIME: &str = "/usr/bin/time";

/// Runs a command to its end and returns its wall time and peak resident memory (KiB).
fn measure(mut command: Command) -> Result<(Duration, Option<u64>)> {
    command.stdout(Stdio::null()).stderr(Stdio::piped());
    let mut report = None;
    if Path::new(TIME).exists() {
        let file = tempfile_path("rss");
        let program = command.get_program().to_owned();
        let args: Vec<_> = command.get_args().map(ToOwned::to_owned).collect();
        let mut timed = Command::new(TIME);
        timed
            .arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&file)
            .arg(program)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        report = Some(file);
        command = timed;
    }
    let started = Instant::now();
    let mut child = command
        .spawn()
        .context("cannot start a benchmark command")?;
    let pid = child.id();
    let mut polled = None;
    let status = loop {
        if report.is_none() {
            polled = vm_hwm(pid).or(polled);
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let elapsed = started.elapsed();
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        use std::io::Read as _;
        let _ = pipe.read_to_string(&mut stderr);
    }
    if !status.success() {
        bail!("{:?} failed ({status}):\n{stderr}", command);
    }
    let peak = match report {
        Some(file) => {
            let text = fs::read_to_string(&file).unwrap_or_default();
            let _ = fs::remove_file(&file);
            text.lines().last().and_then(|l| l.trim().parse().ok())
        }
        None => polled,
    };
    Ok((elapsed, peak))
}

/// The peak resident set size of a live process, from `/proc`.
fn vm_hwm(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn tempfile_path(what: &str) -> PathBuf {
    crate::root()
        .join("target")
        .join("bench")
        .join(format!(".{what}-{}", std::process::id()))
}

/// The machine, for the report.
fn machine() -> String {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_else(|| "unknown".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let memory = fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.split_whitespace().next()?.parse::<u64>().ok())
        .map_or_else(
            || "unknown".to_owned(),
            |kib| format!("{:.1} GiB", kib as f64 / 1024.0 / 1024.0),
        );
    let disk = disk().unwrap_or_else(|| "unknown".to_owned());
    let rustc = Command::new("rustc")
        .arg("-V")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|_| "unknown".to_owned());
    format!(
        "### Machine\n\n| | |\n|---|---|\n| cores (nproc) | {cores} |\n| CPU | {model} |\n\
         | memory | {memory} |\n| disk | {disk} |\n| compiler | {rustc} |\n"
    )
}

/// The device and file system holding the workspace, and whether the kernel calls it
/// rotational.
fn disk() -> Option<String> {
    let mounts = fs::read_to_string("/proc/mounts").ok()?;
    let root = crate::root();
    let (device, fs_type) = mounts
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let device = parts.next()?;
            let point = parts.next()?;
            let fs_type = parts.next()?;
            root.starts_with(point)
                .then(|| (point.len(), device.to_owned(), fs_type.to_owned()))
        })
        .max()
        .map(|(_, d, f)| (d, f))?;
    let name = device.rsplit('/').next()?.to_owned();
    let rotational = fs::read_to_string(format!("/sys/block/{name}/queue/rotational"))
        .ok()
        .map(|r| {
            if r.trim() == "1" {
                ", reported rotational"
            } else {
                ", reported non-rotational"
            }
        })
        .unwrap_or_default();
    Some(format!("{name} ({fs_type}{rotational})"))
}

fn row(report: &mut String, label: &str, s: &Sample, bytes: usize, floor: Option<(&str, &Sample)>) {
    let throughput = bytes as f64 / 1e6 / min(s).as_secs_f64().max(1e-9);
    let (floor_name, floor_min, ratio) = match floor {
        Some((name, f)) => (
            name.to_owned(),
            secs(min(f)),
            format!(
                "{:.2}",
                min(s).as_secs_f64() / min(f).as_secs_f64().max(1e-9)
            ),
        ),
        None => (String::new(), String::new(), String::new()),
    };
    let _ = writeln!(
        report,
        "| {label} | {} | {} | {throughput:.0} | {} | {floor_name} | {floor_min} | {ratio} |",
        secs(min(s)),
        secs(median(s)),
        peak(s.peak_kib),
    );
}

fn min(s: &Sample) -> Duration {
    s.times.iter().copied().min().unwrap_or_default()
}

fn median(s: &Sample) -> Duration {
    let mut times = s.times.clone();
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn peak(kib: Option<u64>) -> String {
    kib.map_or_else(
        || "n/a".to_owned(),
        |k| format!("{:.0} MB", k as f64 / 1024.0),
    )
}

/// `12345` as `12,345`.
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn remove(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot remove {}", path.display())),
    }
}

/// Every file below a folder (dot files aside), sorted by path.
fn tree_files_list(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).with_context(|| format!("cannot read {}", d.display()))? {
            let entry = entry?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if entry.file_type()?.is_dir() {
                stack.push(entry.path());
            } else {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    Ok(files)
}

fn tree_files(dir: &Path) -> Result<usize> {
    Ok(tree_files_list(dir)?.len())
}

fn tree_bytes(dir: &Path) -> Result<usize> {
    let mut total = 0;
    for file in tree_files_list(dir)? {
        total += usize::try_from(fs::metadata(&file)?.len()).unwrap_or(usize::MAX);
    }
    Ok(total)
}

fn tree_contents(dir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    tree_files_list(dir)?
        .into_iter()
        .map(|f| {
            let bytes = fs::read(&f)?;
            let rel = f.strip_prefix(dir).unwrap_or(&f).to_path_buf();
            Ok((rel, bytes))
        })
        .collect()
}

/// `xtask parse-only PATH...`: reads every catalog file below the paths and parses its YAML
/// (a page's front matter) with [`stylebook_core::yaml::parse`] on every core, and does nothing
/// else. The floor that reading is compared with; hidden from the usage text.
pub(crate) fn parse_only(args: &[String]) -> Result<()> {
    if args.is_empty() {
        bail!("usage: xtask parse-only PATH...");
    }
    let mut files = Vec::new();
    for arg in args {
        let path = Path::new(arg);
        if path.is_file() {
            files.push(path.to_path_buf());
        } else {
            files.extend(tree_files_list(path)?.into_iter().filter(|f| {
                matches!(
                    f.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "yml" | "json" | "md")
                )
            }));
        }
    }
    let texts = files
        .iter()
        .map(|file| {
            let text = fs::read_to_string(file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            Ok((file.extension().is_some_and(|e| e == "md"), text))
        })
        .collect::<Result<Vec<_>>>()?;
    let bytes: usize = texts.iter().map(|(_, text)| text.len()).sum();
    // Parsing on every core, each thread taking the next file, as `stylebook` reads.
    let next = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some((page, text)) = texts.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let yaml = if *page {
                        stylebook_core::split_front_matter(text).map(|fm| fm.yaml)
                    } else {
                        Ok(0..text.len())
                    };
                    let parsed = yaml.map(|yaml| {
                        stylebook_core::yaml::parse(&text[yaml.clone()], yaml.start).is_ok()
                    });
                    if parsed != Ok(true) {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    let failed = failed.into_inner();
    eprintln!(
        "parsed {} files, {bytes} bytes, {failed} with errors",
        files.len()
    );
    Ok(())
}
