//! `cargo xtask crash`: the export's crash test. Kills `stylebook export` with SIGKILL at
//! random moments while it writes a catalog over a previous export, lets the next run recover
//! the folder, and checks every time that the folder holds exactly the old export or exactly
//! the new one, with nothing else left behind.
//!
//! Each trial: bring the folder back to the old export (a normal export, which itself checks
//! that a re-export converges), start exporting the new catalog, kill it, run `stylebook export
//! --check` (which completes or rolls back the interrupted export before it compares), then
//! compare every file with the two reference trees, and `.stylebook/` with what it must hold.
//! Half the kills come after a random delay between zero and 1.2 times a whole export's
//! duration; since moving files into place is a small part of an export, the other half are
//! aimed at it: they wait for the commit's plan to appear, then for a random part of 1.1 times
//! the commit's measured duration. The delays come from the generator's seeded SplitMix64, so
//! a seed repeats a run's schedule.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::r#gen::{self, Rng};

const USAGE: &str = "\
usage: cargo xtask crash [--trials N] [--topics N] [--guidelines M] [--format F] [--seed S]

  --trials N       kills (default 200)
  --topics N       topics of the two catalogs (default 3000)
  --guidelines M   guidelines of the two catalogs (default 30)
  --format F       the export format (default all)
  --seed S         seed of the catalogs and of the delays (default 1)";

/// Runs the crash test and prints its tally.
pub(crate) fn run(args: &[String]) -> Result<()> {
    let mut trials = 200;
    let mut topics = 3000;
    let mut guidelines = 30;
    let mut format = "all".to_owned();
    let mut seed = 1u64;
    let Some(flags) = crate::flags(args, USAGE)? else {
        return Ok(());
    };
    for (flag, value) in flags {
        match flag {
            "--trials" => trials = crate::number(flag, value)?,
            "--topics" => topics = crate::number::<usize>(flag, value)?.max(1),
            "--guidelines" => guidelines = crate::number::<usize>(flag, value)?.max(1),
            "--format" => format = value.to_owned(),
            "--seed" => seed = crate::number(flag, value)?,
            _ => bail!("unknown option `{flag}`\n\n{USAGE}"),
        }
    }
    let stylebook = crate::build_release()?.join("stylebook");
    let work = crate::root().join("target").join("crash");
    remove(&work)?;
    fs::create_dir_all(&work)?;
    let old_catalog = work.join("old-catalog");
    let new_catalog = work.join("new-catalog");
    r#gen::generate(topics, guidelines, seed).write(&old_catalog)?;
    r#gen::generate(topics, guidelines, seed + 1).write(&new_catalog)?;
    let export = |catalog: &Path, out: &Path, extra: &[&str]| {
        let mut c = Command::new(&stylebook);
        c.args(["export", "--to", &format, "--out"])
            .arg(out)
            .args(extra)
            .arg(catalog)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        c
    };
    let run_ok = |mut c: Command| -> Result<String> {
        let out = c.output().context("cannot run stylebook")?;
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if !out.status.success() {
            bail!("{c:?} failed ({}):\n{stderr}", out.status);
        }
        Ok(stderr)
    };

    eprintln!("exporting the two reference trees ({topics} topics x {guidelines} guidelines)");
    run_ok(export(&old_catalog, &work.join("old"), &[]))?;
    run_ok(export(&new_catalog, &work.join("new"), &[]))?;
    let old = tree(&work.join("old"))?;
    let new = tree(&work.join("new"))?;

    // How long an export over the old one takes, and how long its commit.
    let out = work.join("out");
    let plan = out.join(".stylebook").join("txn").join("plan.json");
    run_ok(export(&old_catalog, &out, &[]))?;
    let started = Instant::now();
    let mut child = export(&new_catalog, &out, &[])
        .spawn()
        .context("cannot start stylebook")?;
    let mut committing = None;
    while child.try_wait()?.is_none() {
        if committing.is_none() && plan.exists() {
            committing = Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let whole = started.elapsed();
    let commit = whole - committing.context("the export never wrote its plan")?;

    let mut rng = Rng::new(seed);
    let mut tally = Tally::default();
    for trial in 0..trials {
        run_ok(export(&old_catalog, &out, &[]))?;
        if tree(&out)? != old {
            bail!("trial {trial}: a re-export of the old catalog did not give the old tree");
        }
        let aimed = trial % 2 == 1;
        let part = rng.range(0, 1_000_000) as f64 / 1_000_000.0;
        let mut child = export(&new_catalog, &out, &[])
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start stylebook")?;
        let delay = if aimed {
            while !plan.exists() && child.try_wait()?.is_none() {
                std::thread::sleep(Duration::from_millis(1));
            }
            commit.mul_f64(1.1 * part)
        } else {
            whole.mul_f64(1.2 * part)
        };
        std::thread::sleep(delay);
        let finished = child.try_wait()?.is_some();
        let _ = child.kill();
        let _ = child.wait();
        let mut check = export(&new_catalog, &out, &["--check"]);
        let output = check.output().context("cannot run stylebook")?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        let now = tree(&out)?;
        let state = if now == old {
            "old"
        } else if now == new {
            "new"
        } else {
            bail!(
                "trial {trial}: after a kill at {delay:?} the folder is neither the old nor the \
                 new export:\n{}",
                difference(&now, &old, &new)
            );
        };
        let expected_code = if state == "new" { 0 } else { 1 };
        if output.status.code() != Some(expected_code) {
            bail!(
                "trial {trial}: `--check` exited {} on the {state} tree:\n{stderr}",
                output.status
            );
        }
        let recovery = if stderr.contains("was rolled back") {
            "rolled back the moves made"
        } else if stderr.contains("was completed") {
            "completed the clean-up"
        } else if stderr.contains("had changed nothing") {
            "removed the staged files"
        } else {
            "found nothing to recover"
        };
        *tally
            .outcomes
            .entry((aimed, finished, recovery, state))
            .or_default() += 1;
        if (trial + 1) % 20 == 0 {
            eprintln!("{} trials, all old or new", trial + 1);
        }
    }
    println!(
        "{trials} kills of `stylebook export --to {format}` ({topics} topics x {guidelines} \
         guidelines over another such catalog: {} files before, {} after; a whole export took \
         {:.2} s, its commit the last {:.2} s), seed {seed}:\n",
        old.len(),
        new.len(),
        whole.as_secs_f64(),
        commit.as_secs_f64()
    );
    println!("| kill | when it came | the next run | the folder after it | trials |");
    println!("|---|---|---|---|---:|");
    for ((aimed, finished, recovery, state), n) in &tally.outcomes {
        let kill = if *aimed {
            "aimed at the commit"
        } else {
            "anywhere in the export"
        };
        let when = if *finished {
            "after the export had finished"
        } else {
            "during the export"
        };
        println!("| {kill} | {when} | {recovery} | exactly the {state} export | {n} |");
    }
    println!("\nEvery trial left exactly the old or exactly the new tree, and nothing else.");
    remove(&work)?;
    Ok(())
}

/// Trials by (aimed at the commit, finished before the kill, what the next run did, the
/// tree after it).
#[derive(Default)]
struct Tally {
    outcomes: BTreeMap<(bool, bool, &'static str, &'static str), usize>,
}

/// Every file of an output folder with its contents. `.stylebook/` must hold only the lock
/// and a manifest that lists exactly the other files; the manifest itself is left out, since
/// it records times.
fn tree(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).with_context(|| format!("cannot read {}", d.display()))? {
            let path = entry?.path();
            let rel = path.strip_prefix(dir)?.to_string_lossy().replace('\\', "/");
            if fs::symlink_metadata(&path)?.is_dir() {
                stack.push(path);
            } else {
                files.insert(rel, fs::read(&path)?);
            }
        }
    }
    let control: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with(".stylebook/"))
        .collect();
    if control != [".stylebook/lock", ".stylebook/manifest.json"] {
        bail!("{} holds {control:?} in .stylebook/", dir.display());
    }
    let manifest: serde_json::Value = serde_json::from_slice(&files[".stylebook/manifest.json"])
        .context("the manifest is not JSON")?;
    let listed: Vec<&String> = manifest["files"]
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    files.remove(".stylebook/manifest.json");
    files.remove(".stylebook/lock");
    let present: Vec<&String> = files.keys().collect();
    if listed != present {
        bail!("the manifest of {} does not list its files", dir.display());
    }
    Ok(files)
}

/// The first few differences of a tree from the two it should equal.
fn difference(
    now: &BTreeMap<String, Vec<u8>>,
    old: &BTreeMap<String, Vec<u8>>,
    new: &BTreeMap<String, Vec<u8>>,
) -> String {
    let mut lines = Vec::new();
    for (path, bytes) in now {
        let state = match (old.get(path) == Some(bytes), new.get(path) == Some(bytes)) {
            (true, true) => continue,
            (true, false) => "old",
            (false, true) => "new",
            (false, false) => "neither",
        };
        lines.push(format!("  {path}: {state}"));
    }
    for path in old.keys().chain(new.keys()) {
        if !now.contains_key(path) {
            lines.push(format!("  {path}: missing"));
        }
    }
    lines.truncate(20);
    lines.join("\n")
}

fn remove(path: &PathBuf) -> Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}
