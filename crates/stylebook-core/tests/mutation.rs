//! Mutation test for every reader: real-shaped catalog files, broken thousands of ways.
//!
//! Each case takes one of the fixtures below (a source layout, a pair of pages, a catalog JSON
//! file), damages one of its files with a few random edits (truncate, duplicate, delete, swap,
//! re-indent or garble lines, including bytes that are not UTF-8), and reads the result. Every
//! outcome must be a catalog or located errors: no panic, and every diagnostic's places inside
//! their file, on character boundaries. The random choices come from a fixed seed, so a
//! failure names the case that reproduces it.

use std::panic::{AssertUnwindSafe, catch_unwind};

use stylebook_core::{Diagnostic, FileKind, Sources};

const TOPICS: &str = "\
http-status-409:
  category: HTTP Status User Error
  name: 409 Conflict
  description: |
    The request conflicts with the current state of the resource:
    an edit based on an outdated version, a duplicate key.
pagination:
  category: Collection Resources
  name: Pagination
  description: 'How to split a long collection into pages: offsets, cursors, links'
naming-fields:
  category: Naming
  name: Field names
  description: camelCase or snake_case, and données in other scripts
";

const GUIDELINE: &str = "\
id: acme-api-guide
title: ACME API Guide
type: website
url: https://acme.example.com/api-guide/
company: ACME
companyLogoUrl: /media/logos/acme.png
companyUrl: https://acme.example.com/
screenshotUrl: /media/screenshots/acme.png
date: 2016-03-01
reviewDate: 2019-07-01
authors:
  - name: Ada Example
    twitter: ada
  - name: Bob Example

topics:
  http-status-409:
    - name: '4.3 Conflicts'
      url: https://acme.example.com/api-guide/#conflicts
      quote: Use 409 when the resource changed since it was read
  pagination:
    - name: Paging
      url: https://acme.example.com/api-guide/#paging
    - name: 'Cursors: when offsets are not enough'
      url: https://acme.example.com/api-guide/#cursors
      quote: ''
  naming-fields:
    - name: Naming
      url: https://acme.example.com/api-guide/#naming
";

const TOPIC_PAGE: &str = "\
---
layout: topic
title: 409 Conflict
permalink: /design/topics/http-status-409
sort: HTTP Status User Error_409 Conflict
topic_id: http-status-409
topic_category: HTTP Status User Error
topic_name: 409 Conflict
topic_description: The request conflicts with the current state of the resource.
guidelines:
  - guideline_id: acme-api-guide
    guideline_title: ACME API Guide
    guideline_type: website
    guideline_url: 'https://acme.example.com/api-guide/'
    guideline_company: ACME
    guideline_date: 2016-03-01T00:00:00.000Z
    guideline_reviewDate: 2019-07-01T00:00:00.000Z
    guideline__links:
      self:
        href: /design/guidelines/acme-api-guide
    references:
      - name: 4.3 Conflicts
        url: 'https://acme.example.com/api-guide/#conflicts'
        quote: Use 409 when the resource changed since it was read
---
";

const GUIDELINE_PAGE: &str = "\
---
layout: guideline
title: ACME API Guide
permalink: /design/guidelines/acme-api-guide
sort: ACME_ACME API Guide
guideline_id: acme-api-guide
guideline_title: ACME API Guide
guideline_type: website
guideline_url: 'https://acme.example.com/api-guide/'
guideline_company: ACME
guideline_date: 2016-03-01T00:00:00.000Z
guideline_reviewDate: 2019-07-01T00:00:00.000Z
topics:
  - topic_id: http-status-409
    topic_category: HTTP Status User Error
    topic_name: 409 Conflict
    topic_description: The request conflicts with the current state of the resource.
    topic__links:
      self:
        href: /design/topics/http-status-409
    references:
      - name: 4.3 Conflicts
        url: 'https://acme.example.com/api-guide/#conflicts'
        quote: Use 409 when the resource changed since it was read
---
Body text after the front matter.
";

const CATALOG_JSON: &str = r#"{
  "topics": [
    {
      "id": "http-status-409",
      "category": "HTTP Status User Error",
      "name": "409 Conflict",
      "description": "The request conflicts with the current state of the resource.\n"
    },
    {
      "id": "pagination",
      "category": "Collection Resources",
      "name": "Pagination",
      "description": "Pages: offsets, cursors, “links”"
    }
  ],
  "guidelines": [
    {
      "id": "acme-api-guide",
      "title": "ACME API Guide",
      "type": "website",
      "url": "https://acme.example.com/api-guide/",
      "company": "ACME",
      "date": "2016-03-01",
      "authors": [{"name": "Ada Example", "twitter": "ada"}],
      "topics": [
        {
          "topic": "http-status-409",
          "references": [
            {"name": "4.3 Conflicts", "url": "https://acme.example.com/api-guide/#conflicts", "quote": null}
          ]
        },
        {
          "topic": "pagination",
          "references": [{"name": "Paging", "url": "https://acme.example.com/api-guide/#paging"}]
        }
      ]
    }
  ]
}
"#;

/// A set of files read together: `(name, text, kind)`.
type Fixture = &'static [(&'static str, &'static str, FileKind)];

const FIXTURES: &[Fixture] = &[
    &[
        ("data/topics.yaml", TOPICS, FileKind::Topics),
        (
            "data/guidelines/acme-api-guide.yaml",
            GUIDELINE,
            FileKind::Guideline,
        ),
    ],
    &[
        (
            "pages/topics/http-status-409-guidelines.md",
            TOPIC_PAGE,
            FileKind::Page,
        ),
        (
            "pages/guidelines/acme-api-guide-topics.md",
            GUIDELINE_PAGE,
            FileKind::Page,
        ),
    ],
    &[("catalog.json", CATALOG_JSON, FileKind::CatalogJson)],
];

/// Cases per fixture.
const CASES: u64 = 1200;

#[test]
fn fixtures_read_cleanly() {
    for fixture in FIXTURES {
        let files: Vec<(String, Vec<u8>, FileKind)> = fixture
            .iter()
            .map(|(name, text, kind)| ((*name).to_owned(), text.as_bytes().to_vec(), *kind))
            .collect();
        let diagnostics = read_checked(&files);
        assert!(
            diagnostics.iter().all(|d| !d.is_error()),
            "{:?}: {diagnostics:#?}",
            fixture[0].0
        );
    }
}

#[test]
fn damaged_files_give_located_errors_never_a_panic() {
    let mut reports = 0;
    for (index, fixture) in FIXTURES.iter().enumerate() {
        for case in 0..CASES {
            let seed = (index as u64) << 32 | case;
            let mut rng = Rng(seed);
            let mut files: Vec<(String, Vec<u8>, FileKind)> = fixture
                .iter()
                .map(|(name, text, kind)| ((*name).to_owned(), text.as_bytes().to_vec(), *kind))
                .collect();
            let victim = rng.below(files.len());
            for _ in 0..=rng.below(3) {
                files[victim].1 = mutate(&files[victim].1, &mut rng);
            }
            let outcome = catch_unwind(AssertUnwindSafe(|| read_checked(&files)));
            match outcome {
                Ok(diagnostics) => reports += usize::from(!diagnostics.is_empty()),
                Err(_) => panic!(
                    "case {seed:#x} ({}) panicked on:\n{}",
                    files[victim].0,
                    String::from_utf8_lossy(&files[victim].1)
                ),
            }
        }
    }
    // Most damage is noticed; a test whose mutations never broke anything would prove little.
    assert!(reports > FIXTURES.len() * CASES as usize / 2, "{reports}");
}

#[test]
fn invalid_utf8_is_reported_on_whole_characters() {
    // Regression: the span was one byte wide, splitting the U+FFFD that replaced the bad byte.
    let mut text = b"id: acme\ntitle: ACME ".to_vec();
    text.push(0xFF);
    text.extend_from_slice(b" Guide\n");
    let files = vec![("guidelines/acme.yaml".to_owned(), text, FileKind::Guideline)];
    let diagnostics = read_checked(&files);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].primary.span, 21..24);
}

#[test]
fn a_duplicate_key_is_located_on_itself() {
    // Regression (found by the `source` fuzz target): the duplicate was given the length of
    // the first key as written, so a quoted first key pushed the span past the end of the file.
    let files = vec![(
        "topics.yaml".to_owned(),
        b"'ab': 1\nab:".to_vec(),
        FileKind::Topics,
    )];
    let diagnostics = read_checked(&files);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].primary.span, 8..10);
    assert_eq!(diagnostics[0].secondary[0].span, 0..4);
}

/// Reads the files and checks every diagnostic's places; returns the diagnostics.
fn read_checked(files: &[(String, Vec<u8>, FileKind)]) -> Vec<Diagnostic> {
    let mut sources = Sources::new();
    let inputs: Vec<_> = files
        .iter()
        .map(|(name, bytes, kind)| (sources.add_bytes(name.clone(), bytes.clone()), *kind))
        .collect();
    let loaded = stylebook_core::read(&sources, &inputs);
    for d in &loaded.diagnostics {
        for label in std::iter::once(&d.primary).chain(&d.secondary) {
            let file = sources.get(label.file);
            let span = &label.span;
            assert!(
                span.start <= span.end && span.end <= file.text.len(),
                "{} {span:?} outside {} ({} bytes): {}",
                d.code,
                file.name,
                file.text.len(),
                d.message
            );
            assert!(
                file.text.is_char_boundary(span.start) && file.text.is_char_boundary(span.end),
                "{} {span:?} splits a character in {}",
                d.code,
                file.name
            );
            let (line, _) = file.line_col(span.start);
            let _ = file.line_text(line);
        }
    }
    loaded.diagnostics
}

/// Bytes that mean something to YAML, JSON or front matter, and some that are not UTF-8.
const NOISE: &[&[u8]] = &[
    b":",
    b"- ",
    b"-",
    b"[",
    b"]",
    b"{",
    b"}",
    b"#",
    b"&a",
    b"*a",
    b"!",
    b"|",
    b">",
    b"'",
    b"\"",
    b"%",
    b"@",
    b"`",
    b"\t",
    b"\n",
    b"\r\n",
    b" ",
    b"  ",
    b"---",
    b"...",
    b"? ",
    b",",
    b"\\",
    b"null",
    b"~",
    b"2019-02-29",
    b"404",
    b"\xEF\xBB\xBF",
    b"\xC3\xA9",
    b"\xFF",
    b"\xC3",
    b"\xE2\x80\xA8",
    b"\0",
];

/// One random edit.
fn mutate(text: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = text
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    if lines.is_empty() {
        lines.push(Vec::new());
    }
    let n = lines.len();
    let at = rng.below(n);
    match rng.below(8) {
        // Truncate anywhere, even inside a character.
        0 => return text[..rng.below(text.len() + 1)].to_vec(),
        1 => {
            let copy = lines[at].clone();
            lines.insert(rng.below(n + 1), copy);
        }
        2 => {
            lines.remove(at);
        }
        3 => lines.swap(at, rng.below(n)),
        4 => {
            lines[at].splice(0..0, *b"  ");
        }
        5 => {
            let strip = lines[at].iter().take_while(|&&b| b == b' ').count().min(2);
            lines[at].drain(..strip);
        }
        6 => {
            let line = &mut lines[at];
            let pos = rng.below(line.len() + 1);
            let noise = NOISE[rng.below(NOISE.len())];
            line.splice(pos..pos, noise.iter().copied());
        }
        _ => {
            let line = &mut lines[at];
            if !line.is_empty() {
                let pos = rng.below(line.len());
                let end = (pos + 1 + rng.below(4)).min(line.len());
                let noise = NOISE[rng.below(NOISE.len())];
                line.splice(pos..end, noise.iter().copied());
            }
        }
    }
    lines.concat()
}

/// SplitMix64, so that every case can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        let n64 = u64::try_from(n).unwrap_or(u64::MAX).max(1);
        usize::try_from(self.next() % n64).unwrap_or(0)
    }
}
