//! Adversarial catalogs: source layouts full of what js-yaml 3 reads in its own way (numeric
//! and tagged keys, `-.5` and `1e3`, explicit nulls, quoted dates, merge keys, aliases, key
//! orders, ids that JavaScript sorts first), made by a deterministic generator.
//!
//! - `builder_outputs_are_matched_or_refused`: for each catalog of `tests/adversarial/`, the
//!   `.out` file holds what the reference builder (js-yaml 3.15) generated from it, made once
//!   with the real builder. `stylebook export` must write the same API tree and pages byte for
//!   byte, or refuse the catalog with located errors; never write something else.
//! - `accepted_catalogs_round_trip`: a catalog that reads without errors exports to every form,
//!   and each form (source layout, pages, catalog JSON) reads back as the same catalog and
//!   exports the same files again (in memory, through the library).
//!
//! `ADVERSARIAL_WRITE=DIR cargo test --test adversarial` writes the generated inputs into
//! `DIR/<seed>/data/design/`, the layout the builder reads.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use stylebook_core::{Catalog, FileKind, Sources, read};
use stylebook_export::{Format, MemorySink, Options, export};

/// Seeds compared with the reference builder's outputs.
const BUILDER_SEEDS: std::ops::Range<u64> = 0..48;
/// Seeds of the round-trip test.
const ROUND_TRIP_SEEDS: std::ops::Range<u64> = 0..160;

type Files = BTreeMap<String, Vec<u8>>;

#[test]
fn builder_outputs_are_matched_or_refused() {
    let root = repo().join("tests/adversarial");
    if let Some(dir) = std::env::var_os("ADVERSARIAL_WRITE") {
        for seed in BUILDER_SEEDS.start..ROUND_TRIP_SEEDS.end {
            write_files(
                &Path::new(&dir).join(seed.to_string()).join("data/design"),
                &catalog(seed),
            );
        }
    }
    let (mut identical, mut refused, mut different) = (Vec::new(), Vec::new(), Vec::new());
    for seed in BUILDER_SEEDS {
        let expected = fs::read(root.join(format!("{seed}.out")))
            .unwrap_or_else(|e| panic!("tests/adversarial/{seed}.out: {e}"));
        let builder = parse_out(&expected);
        let work = tempfile::tempdir().expect("temporary folder");
        let input = work.path().join("in");
        write_files(&input, &catalog(seed));
        let out = work.path().join("out");
        let run = stylebook(&["export", "--to", "all", "--out"], &out, &input);
        match (run.status.code(), builder) {
            (Some(0), Some(builder)) => {
                let ours = read_tree(&out);
                let mut mine = Files::new();
                for (path, bytes) in &ours {
                    if let Some(rest) = path.strip_prefix("api/") {
                        mine.insert(format!("api/{rest}"), bytes.clone());
                    } else if let Some(rest) = path.strip_prefix("pages/") {
                        mine.insert(format!("web/{rest}"), bytes.clone());
                    }
                }
                if mine == builder {
                    identical.push(seed);
                } else {
                    different.push(format!(
                        "seed {seed}: {}",
                        first_difference(&builder, &mine)
                    ));
                }
            }
            (Some(0), None) => different.push(format!(
                "seed {seed}: the builder refused this catalog, stylebook exported it"
            )),
            (Some(1), _) => {
                let stderr = String::from_utf8_lossy(&run.stderr);
                assert!(
                    stderr.lines().any(is_located_error),
                    "seed {seed}: refused without a located error:\n{stderr}"
                );
                refused.push(seed);
            }
            (code, _) => panic!(
                "seed {seed}: exit {code:?}\n{}",
                String::from_utf8_lossy(&run.stderr)
            ),
        }
    }
    println!(
        "{} catalogs: {} identical, {} refused with located errors, {} different",
        BUILDER_SEEDS.end - BUILDER_SEEDS.start,
        identical.len(),
        refused.len(),
        different.len()
    );
    assert!(different.is_empty(), "{}", different.join("\n"));
    // The generator is meant to produce both kinds; a change that refuses everything fails.
    assert!(identical.len() >= 12, "only {} identical", identical.len());
    assert!(!refused.is_empty());
}

#[test]
fn accepted_catalogs_round_trip() {
    let mut accepted = 0;
    for seed in ROUND_TRIP_SEEDS {
        let input: Files = catalog(seed)
            .into_iter()
            .map(|(name, text)| (name, text.into_bytes()))
            .collect();
        let Some(catalog) = load(&input) else {
            continue;
        };
        accepted += 1;
        let exported = write(&catalog);
        for form in ["source/", "pages/", "catalog.json"] {
            let files: Files = exported
                .iter()
                .filter_map(|(path, bytes)| {
                    let name = if path == form {
                        form
                    } else {
                        path.strip_prefix(form).filter(|_| form.ends_with('/'))?
                    };
                    Some((name.to_owned(), bytes.clone()))
                })
                .collect();
            let again =
                load(&files).unwrap_or_else(|| panic!("seed {seed}: {form} does not read back"));
            assert!(
                again == catalog,
                "seed {seed}: {form} reads back another catalog"
            );
            let second = write(&again);
            if let Some(path) = exported.keys().find(|p| second.get(*p) != exported.get(*p)) {
                panic!("seed {seed}: {path} differs after reading back {form}");
            }
        }
    }
    println!(
        "{accepted} of {} catalogs validate and round-trip",
        ROUND_TRIP_SEEDS.end
    );
    assert!(accepted >= 40, "only {accepted} catalogs validate");
}

/// Reads in-memory files by their names' kinds; `None` when the catalog has errors.
fn load(files: &Files) -> Option<Catalog> {
    let mut sources = Sources::new();
    let inputs: Vec<_> = files
        .iter()
        .filter_map(|(name, bytes)| {
            let kind = FileKind::from_path(name)?;
            Some((sources.add_bytes(name.clone(), bytes.clone()), kind))
        })
        .collect();
    let loaded = read(&sources, &inputs);
    (!loaded.has_errors()).then_some(loaded.catalog)
}

/// Every form of a catalog, in memory.
fn write(catalog: &Catalog) -> Files {
    let sink = MemorySink::new();
    export(catalog, Format::All, &Options::default(), &sink).expect("export");
    sink.into_files()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn stylebook(args: &[&str], out: &Path, input: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stylebook"))
        .args(args)
        .arg(out)
        .arg(input)
        .env("NO_COLOR", "1")
        .output()
        .expect("stylebook runs")
}

/// `path:line:col: error[code]: ...`
fn is_located_error(line: &str) -> bool {
    let mut parts = line.splitn(4, ':');
    let (Some(_), Some(line_no), Some(col), Some(rest)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    line_no.parse::<u32>().is_ok() && col.parse::<u32>().is_ok() && rest.starts_with(" error[")
}

/// An expectation file: `== PATH LENGTH` then the file's bytes and a newline, for each file the
/// builder wrote (`api/...`, `web/...`); or a first line `!! refused: MESSAGE`.
fn parse_out(bytes: &[u8]) -> Option<Files> {
    if bytes.starts_with(b"!! refused") {
        return None;
    }
    let mut files = Files::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .expect("a header line");
        let header = std::str::from_utf8(&rest[..end]).expect("a UTF-8 header");
        let (path, length) = header
            .strip_prefix("== ")
            .and_then(|h| h.rsplit_once(' '))
            .expect("`== PATH LENGTH`");
        let length: usize = length.parse().expect("a length");
        let body = &rest[end + 1..end + 1 + length];
        files.insert(path.to_owned(), body.to_vec());
        rest = &rest[end + 2 + length..];
    }
    Some(files)
}

fn first_difference(builder: &Files, ours: &Files) -> String {
    for (path, bytes) in builder {
        match ours.get(path) {
            None => return format!("{path} is missing"),
            Some(mine) if mine != bytes => {
                return format!(
                    "{path} differs:\n--- builder\n{}\n--- stylebook\n{}",
                    String::from_utf8_lossy(bytes),
                    String::from_utf8_lossy(mine)
                );
            }
            Some(_) => {}
        }
    }
    match ours.keys().find(|p| !builder.contains_key(*p)) {
        Some(extra) => format!("{extra} is extra"),
        None => "no difference".to_owned(),
    }
}

fn read_tree(dir: &Path) -> Files {
    let mut files = Files::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("readable folder") {
            let path = entry.expect("entry").path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("inside").to_string_lossy();
                files.insert(rel.replace('\\', "/"), fs::read(&path).expect("readable"));
            }
        }
    }
    files
}

fn write_files(dir: &Path, files: &[(String, String)]) {
    for (name, text) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().expect("a parent")).expect("folder created");
        fs::write(path, text).expect("file written");
    }
}

// ---------------------------------------------------------------------------------------------
// The generator.

/// SplitMix64: small, deterministic, good enough to pick features.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// Topic ids as keys: how each may be spelled (the first spelling is the definition's, the
/// others mean the same key to js-yaml).
const SPECIAL_IDS: &[&[&str]] = &[
    &["404", "'404'", "\"404\""],
    &["'405'", "405"],
    &["1e3", "1000", "'1000'", "1_000", "10e2"],
    &["0x1F", "31", "'31'"],
    &["010", "8"],
    &["!!str 406", "406"],
    &["0", "'0'", "-0"],
    &["null", "~", "'null'"],
    &["true", "True", "'true'"],
];

/// Texts as written in YAML that js-yaml reads as text: plain ones that look like numbers and
/// are not, quoted and tagged ones.
const TEXTS: &[&str] = &[
    "409 Conflict",
    "-.5",
    "+.5",
    "01.5",
    "1_",
    "0x1F_",
    "yes",
    "No",
    "C#",
    "3.5.2 TrackingID Header",
    "'1e3'",
    "\"2019-01-01\"",
    "'-.5'",
    "'.inf'",
    "'true'",
    "'a: b'",
    "!!str 404",
    "!!str 1e3",
    "! 12",
    "'<<'",
    "\"tab\\there\"",
    "Miscellaneous ",
    "\"1.0\"",
];

/// Values js-yaml reads as something other than text, where text belongs.
const NOT_TEXTS: &[&str] = &[
    "1e3",
    ".5",
    "404",
    "true",
    "~",
    "2019-01-01",
    "1:30",
    "0x1F",
    "1.0",
];

const CATEGORIES: &[&str] = &["HTTP Status", "Versioning", "'Miscellaneous '", "Security"];

/// What one catalog gets wrong, if anything: a third of the catalogs hold one value that the
/// reference builder would read differently from what the catalog means.
#[derive(Clone, Copy, PartialEq)]
enum Fault {
    None,
    /// The n-th text value is a number, a boolean, null or a date.
    NotText(usize),
    /// The dates are quoted: text to js-yaml.
    QuotedDate,
    /// A topic id that is not an id (`1.5`).
    BadId,
    /// The title written with no value.
    NullTitle,
}

/// The generator's state: its random numbers, the fault it plants and the texts drawn so far.
struct Gen {
    rng: Rng,
    fault: Fault,
    texts: usize,
}

impl Gen {
    /// A text value as written in YAML; the planted one is not text to js-yaml.
    fn text(&mut self) -> String {
        let n = self.texts;
        self.texts += 1;
        if self.fault == Fault::NotText(n) {
            (*self.rng.pick(NOT_TEXTS)).to_owned()
        } else {
            (*self.rng.pick(TEXTS)).to_owned()
        }
    }
}

/// The files of catalog `seed`: `topics.yaml` and `guidelines/<id>.yaml`.
fn catalog(seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x5EED);
    let fault = match rng.below(12) {
        0 | 1 => Fault::NotText(rng.below(8)),
        2 => Fault::QuotedDate,
        3 => Fault::BadId,
        4 if rng.chance(50) => Fault::NullTitle,
        _ => Fault::None,
    };
    let mut g = Gen {
        rng,
        fault,
        texts: 0,
    };
    let topic_count = 2 + g.rng.below(3);
    let mut specials: Vec<&[&str]> = SPECIAL_IDS.to_vec();
    g.rng.shuffle(&mut specials);
    let mut topics: Vec<Vec<String>> = (0..topic_count)
        .map(|i| {
            if g.rng.chance(45) {
                specials[i].iter().map(|s| (*s).to_owned()).collect()
            } else {
                vec![format!("topic-{}", char::from(b'a' + i as u8))]
            }
        })
        .collect();
    if fault == Fault::BadId {
        topics[0] = vec!["1.5".to_owned(), "'1.5'".to_owned()];
    }
    let mut out = Vec::new();
    out.push(("topics.yaml".to_owned(), topics_yaml(&mut g, &topics)));
    let guideline_count = 1 + g.rng.below(3);
    // Every topic is used by at least one guideline, or the builder throws.
    let mut uses: Vec<Vec<usize>> = vec![Vec::new(); guideline_count];
    for t in 0..topic_count {
        let first = g.rng.below(guideline_count);
        uses[first].push(t);
        for list in uses.iter_mut() {
            if !list.contains(&t) && g.rng.chance(30) {
                list.push(t);
            }
        }
    }
    for (n, used) in uses.iter_mut().enumerate() {
        g.rng.shuffle(used);
        let id = format!("guide-{}", char::from(b'a' + n as u8));
        let text = guideline_yaml(&mut g, &id, used, &topics);
        out.push((format!("guidelines/{id}.yaml"), text));
    }
    out
}

fn topics_yaml(g: &mut Gen, topics: &[Vec<String>]) -> String {
    let mut text = String::new();
    let mut anchored_category = false;
    let mut anchored_topic = false;
    for (i, spellings) in topics.iter().enumerate() {
        let mut keys = ["category", "name", "description"];
        g.rng.shuffle(&mut keys);
        let merge = anchored_topic && g.rng.chance(50);
        let anchor = i == 0 && g.rng.chance(40);
        text.push_str(&spellings[0]);
        text.push(':');
        if anchor {
            text.push_str(" &base");
            anchored_topic = true;
        }
        text.push('\n');
        if merge {
            text.push_str("  <<: *base\n");
        }
        for key in keys {
            if merge && g.rng.chance(40) {
                // Left to the merge, in the base's place.
                continue;
            }
            let value = match key {
                "category" if anchored_category && g.rng.chance(40) => "*cat".to_owned(),
                "category" if !anchored_category && g.rng.chance(30) => {
                    anchored_category = true;
                    format!("&cat {}", g.rng.pick(CATEGORIES))
                }
                "category" => (*g.rng.pick(CATEGORIES)).to_owned(),
                "name" => g.text(),
                _ => description(g, i),
            };
            text.push_str(&format!("  {key}: {value}\n"));
        }
    }
    text
}

fn description(g: &mut Gen, i: usize) -> String {
    match g.rng.below(4) {
        0 => format!("|\n    Topic {i}, first line.\n    Second line: with a colon.\n"),
        1 => format!("\"Topic {i}\\nwith a line break\""),
        2 => g.text(),
        _ => format!("Plain description of topic {i}."),
    }
    .trim_end()
    .to_owned()
}

fn guideline_yaml(g: &mut Gen, id: &str, used: &[usize], topics: &[Vec<String>]) -> String {
    let title = if g.fault == Fault::NullTitle {
        String::new()
    } else {
        g.text()
    };
    let mut keys: Vec<(&str, String)> = vec![
        ("id", id.to_owned()),
        ("title", title),
        (
            "type",
            (*g.rng.pick(&["website", "github", "pdf"])).to_owned(),
        ),
        ("url", format!("https://example.com/{id}")),
        (
            "company",
            (*g.rng.pick(&["ACME", "'Zeta & Co'", "'404'", "\"3M\""])).to_owned(),
        ),
    ];
    let (dates, review_dates): (&[&str], &[&str]) = if g.fault == Fault::QuotedDate {
        (&["'2019-01-01'", "\"2016-08-18\""], &["'2017-11-02'"])
    } else {
        (
            &["2016-08-18", "2015-01-15", "2016-08-18T10:00:00Z"],
            &["2017-11-02"],
        )
    };
    let optional: [(&str, &[&str]); 8] = [
        ("githubUrl", &["https://github.com/example/guide"]),
        (
            "companyLogoUrl",
            &["/media/logo.png", "'https://example.com/logo.png'"],
        ),
        ("companyUrl", &["https://example.com/"]),
        ("screenshotUrl", &["/media/shot.png"]),
        ("date", dates),
        ("reviewDate", review_dates),
        ("language", &["italian", "'no'", "fr"]),
        ("authors", &[""]),
    ];
    for (key, values) in optional {
        let quoted_date = g.fault == Fault::QuotedDate && key == "date";
        match g.rng.below(10) {
            0..=4 if !quoted_date => {}
            5 if !quoted_date => keys.push((key, String::new())),
            _ if key == "authors" => keys.push((key, authors(g))),
            _ => keys.push((key, (*g.rng.pick(values)).to_owned())),
        }
    }
    g.rng.shuffle(&mut keys);
    let mut text = String::new();
    for (key, value) in keys {
        if value.is_empty() {
            text.push_str(&format!("{key}:\n"));
        } else if value.starts_with('\n') {
            text.push_str(&format!("{key}:{value}\n"));
        } else {
            text.push_str(&format!("{key}: {value}\n"));
        }
    }
    if !used.is_empty() {
        text.push_str("topics:\n");
    }
    for (n, &t) in used.iter().enumerate() {
        text.push_str(&format!("  {}:\n", g.rng.pick(&topics[t])));
        for r in 0..1 + g.rng.below(2) {
            let mut fields = vec![
                ("name", g.text()),
                ("url", format!("https://example.com/{id}#s{n}-{r}")),
            ];
            if g.rng.chance(40) {
                fields.push(("quote", g.text()));
            }
            if g.rng.chance(10) {
                fields[0].1 = String::new();
            }
            g.rng.shuffle(&mut fields);
            for (k, (key, value)) in fields.into_iter().enumerate() {
                let lead = if k == 0 { "    - " } else { "      " };
                let sep = if value.is_empty() { "" } else { " " };
                text.push_str(&format!("{lead}{key}:{sep}{value}\n"));
            }
        }
    }
    text
}

fn authors(g: &mut Gen) -> String {
    let mut text = String::new();
    for a in 0..1 + g.rng.below(2) {
        let name = format!(
            "name: {}",
            g.rng.pick(&["Ada Lovelace", "Grace Hopper", "'1e3'"])
        );
        let twitter = match g.rng.below(4) {
            0 => None,
            1 => Some("twitter:".to_owned()),
            _ => Some(format!("twitter: handle{a}")),
        };
        let lines: Vec<String> = match twitter {
            Some(t) if g.rng.chance(50) => vec![t, name],
            Some(t) => vec![name, t],
            None => vec![name],
        };
        for (i, line) in lines.iter().enumerate() {
            let lead = if i == 0 { "  - " } else { "    " };
            text.push_str(&format!("\n{lead}{line}"));
        }
    }
    text
}
