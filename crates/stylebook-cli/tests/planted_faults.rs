//! One fault, one report: a single fault planted in the project's own catalog (`data/`, in the
//! source layout and as pages made from it with `stylebook export --to pages`) gives at most two
//! diagnostics in all, and one of them is an error on the planted line.
//!
//! Each fault is planted in a fresh copy, validated with `--format json`, and counted. Run with
//! `-- --nocapture` to see the table of counts.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Where a fault is planted: the file (relative to the copy) and the input to validate.
#[derive(Clone, Copy)]
struct Target {
    file: &'static str,
    input: &'static str,
}

const TOPICS: Target = Target {
    file: "data/topics.yaml",
    input: "data",
};
const GUIDELINE: Target = Target {
    file: "data/guidelines/zalando-restful-api-guidelines.yaml",
    input: "data",
};
const TOPIC_PAGE: Target = Target {
    file: "pages/design/topics/collection-pagination-guidelines.md",
    input: "pages",
};
const GUIDELINE_PAGE: Target = Target {
    file: "pages/design/guidelines/zalando-restful-api-guidelines-topics.md",
    input: "pages",
};

/// A fault: its kind, where, and the text replaced (which occurs once in the file).
struct Plant {
    fault: &'static str,
    target: Target,
    old: &'static str,
    new: &'static str,
}

const PAGINATION: &str = "\ncollection-pagination:\n  category: Collection Resources\n";
const PAGINATION_DESCRIPTION: &str = "next links and total counts.'\n";

fn plants() -> Vec<Plant> {
    let p = |fault, target, old, new| Plant {
        fault,
        target,
        old,
        new,
    };
    vec![
        p(
            "tab",
            TOPICS,
            "Collection Resources\n  name: Pagination\n",
            "Collection Resources\n\tname: Pagination\n",
        ),
        p(
            "wrong type",
            TOPICS,
            "Collection Resources\n  name: Pagination\n",
            "Collection Resources\n  name: [Pagination]\n",
        ),
        p(
            "duplicate key",
            TOPICS,
            "Collection Resources\n  name: Pagination\n",
            "Collection Resources\n  name: Pagination\n  name: Paging\n",
        ),
        p(
            "syntax error",
            TOPICS,
            PAGINATION_DESCRIPTION,
            "next links and total counts.\n",
        ),
        p(
            "misspelled key",
            TOPICS,
            "Collection Resources\n  name: Pagination\n",
            "Collection Resources\n  nmae: Pagination\n",
        ),
        p(
            "bad id",
            TOPICS,
            PAGINATION,
            "\nCollection-Pagination:\n  category: Collection Resources\n",
        ),
        p(
            "tab",
            GUIDELINE,
            "\n  collection-pagination:\n",
            "\n\tcollection-pagination:\n",
        ),
        p(
            "wrong type",
            GUIDELINE,
            "\ncompany: Zalando\n",
            "\ncompany: [Zalando]\n",
        ),
        p(
            "duplicate key",
            GUIDELINE,
            "\ntitle: Zalando RESTful API and Event Guidelines\n",
            "\ntitle: Zalando RESTful API and Event Guidelines\ntitle: Zalando API\n",
        ),
        p(
            "syntax error",
            GUIDELINE,
            "    - name: MUST support pagination\n",
            "    - name: 'MUST support pagination\n",
        ),
        p(
            "misspelled key",
            GUIDELINE,
            "    - name: MUST support pagination\n",
            "    - nmae: MUST support pagination\n",
        ),
        p("misspelled key", GUIDELINE, "\ntopics:\n", "\ntopcis:\n"),
        p(
            "bad date",
            GUIDELINE,
            "\ndate: 2016-01-22\n",
            "\ndate: 2016-02-30\n",
        ),
        p(
            "bad id",
            GUIDELINE,
            "\nid: zalando-restful-api-guidelines\n",
            "\nid: Zalando-RESTful\n",
        ),
        p(
            "tab",
            TOPIC_PAGE,
            "\n  - guideline_id: belgif-rest-guide\n",
            "\n\t- guideline_id: belgif-rest-guide\n",
        ),
        p(
            "wrong type",
            TOPIC_PAGE,
            "\ntopic_name: Pagination\n",
            "\ntopic_name: [Pagination]\n",
        ),
        p(
            "duplicate key",
            TOPIC_PAGE,
            "\ntopic_name: Pagination\n",
            "\ntopic_name: Pagination\ntopic_name: Paging\n",
        ),
        p(
            "syntax error",
            TOPIC_PAGE,
            PAGINATION_DESCRIPTION,
            "next links and total counts.\n",
        ),
        p(
            "misspelled key",
            TOPIC_PAGE,
            "\ntopic_name: Pagination\n",
            "\ntopic_nmae: Pagination\n",
        ),
        p(
            "bad date",
            TOPIC_PAGE,
            "    guideline_date: 2017-07-11T00:00:00.000Z\n",
            "    guideline_date: 2017-02-30T00:00:00.000Z\n",
        ),
        p(
            "bad id",
            TOPIC_PAGE,
            "\ntopic_id: collection-pagination\n",
            "\ntopic_id: Collection-Pagination\n",
        ),
        p(
            "tab",
            GUIDELINE_PAGE,
            "\n  - topic_id: collection-pagination\n",
            "\n\t- topic_id: collection-pagination\n",
        ),
        p(
            "wrong type",
            GUIDELINE_PAGE,
            "\nguideline_company: Zalando\n",
            "\nguideline_company: [Zalando]\n",
        ),
        p(
            "duplicate key",
            GUIDELINE_PAGE,
            "\nguideline_title: Zalando RESTful API and Event Guidelines\n",
            "\nguideline_title: Zalando RESTful API and Event Guidelines\nguideline_title: Zalando\n",
        ),
        p(
            "syntax error",
            GUIDELINE_PAGE,
            "\nguideline_url: 'https://opensource.zalando.com/restful-api-guidelines/'\n",
            "\nguideline_url: 'https://opensource.zalando.com/restful-api-guidelines/\n",
        ),
        p(
            "misspelled key",
            GUIDELINE_PAGE,
            "\nguideline_title: Zalando RESTful API and Event Guidelines\n",
            "\nguideline_titel: Zalando RESTful API and Event Guidelines\n",
        ),
        p(
            "bad date",
            GUIDELINE_PAGE,
            "\nguideline_date: 2016-01-22T00:00:00.000Z\n",
            "\nguideline_date: 2016-02-30T00:00:00.000Z\n",
        ),
        p(
            "bad id",
            GUIDELINE_PAGE,
            "\nguideline_id: zalando-restful-api-guidelines\n",
            "\nguideline_id: Zalando-RESTful\n",
        ),
    ]
}

fn stylebook(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_stylebook"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Copies a folder's files (recursively) into `to`.
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> u64 {
    1 + text[..offset].matches('\n').count() as u64
}

#[test]
fn each_planted_fault_gives_at_most_two_diagnostics() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"),
        &root.join("data"),
    );
    let export = stylebook(
        root,
        &["export", "--to", "pages", "--out", "exported", "data"],
    );
    assert!(export.status.success(), "{export:?}");
    fs::rename(root.join("exported"), root.join("pages")).unwrap();

    let mut table = Vec::new();
    let mut failures = Vec::new();
    for plant in plants() {
        let path = root.join(plant.target.file);
        let clean = fs::read_to_string(&path).unwrap();
        assert_eq!(
            clean.matches(plant.old).count(),
            1,
            "{}: the planted text must occur once in {}",
            plant.fault,
            plant.target.file
        );
        let at = clean.find(plant.old).unwrap();
        // The planted line: the first one that differs.
        let first_change = plant
            .old
            .bytes()
            .zip(plant.new.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(plant.old.len().min(plant.new.len()));
        let planted = clean.replacen(plant.old, plant.new, 1);
        let line = line_of(&planted, at + first_change);
        fs::write(&path, &planted).unwrap();
        let out = stylebook(root, &["validate", "--format", "json", plant.target.input]);
        fs::write(&path, &clean).unwrap();

        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let diags = report["diagnostics"].as_array().unwrap();
        let summary: Vec<String> = diags
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {}[{}] {}",
                    d["file"].as_str().unwrap_or_default(),
                    d["line"],
                    d["severity"].as_str().unwrap_or_default(),
                    d["code"].as_str().unwrap_or_default(),
                    d["message"].as_str().unwrap_or_default()
                )
            })
            .collect();
        let located = diags.iter().any(|d| {
            d["severity"] == "error" && d["file"] == plant.target.file && d["line"] == line
        });
        table.push(format!(
            "{:<15} {:<58} {:>4}",
            plant.fault,
            plant.target.file,
            diags.len()
        ));
        if !(1..=2).contains(&diags.len()) || !located {
            failures.push(format!(
                "{} in {} (line {line}): {} diagnostics, {}:\n  {}",
                plant.fault,
                plant.target.file,
                diags.len(),
                if located {
                    "one on the planted line"
                } else {
                    "none an error on the planted line"
                },
                summary
                    .iter()
                    .take(6)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n  ")
            ));
        }
    }
    eprintln!("{}", table.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
