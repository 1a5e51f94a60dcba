//! The validated catalog: topics, guidelines, and the references that join them.
//!
//! Every reader produces a [`Catalog`]; every writer consumes one. Values are kept exactly as
//! written (a description's trailing newline, a category's stray space, an optional key written
//! with no value), and so is the order the reference outputs depend on: a guideline's metadata
//! fields, a topic's and an author's keys keep their written order. What is normalized is
//! documented on [`Catalog`].

use std::fmt;

use crate::yaml::is_array_index;

/// A whole catalog.
///
/// Normal form: `topics` sorted by id; `guidelines` in the order the reference builder reads
/// them, that is by file name `<id>.yaml` in byte order; each guideline's topics in the order
/// JavaScript keeps the keys of the object js-yaml reads them into: ids that are array indexes
/// (`404`) first, by value, then the others as written. [`Catalog::new`] puts them so.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Catalog {
    /// Every topic, sorted by id.
    pub(crate) topics: Vec<Topic>,
    /// Every guideline, in reading order.
    pub(crate) guidelines: Vec<Guideline>,
}

/// One design question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// Kebab-case id, unique in the catalog (`http-status-409`).
    pub id: String,
    /// The group it belongs to (`HTTP Status User Error`).
    pub category: String,
    /// Display name (`409 Conflict`).
    pub name: String,
    /// What the topic is about.
    pub description: String,
    /// The keys in written order (the reference outputs keep it).
    pub(crate) order: [TopicField; 3],
}

/// The keys of a topic definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TopicField {
    /// `category`
    Category,
    /// `name`
    Name,
    /// `description`
    Description,
}

impl TopicField {
    /// The conventional order.
    pub const ALL: [TopicField; 3] = [
        TopicField::Category,
        TopicField::Name,
        TopicField::Description,
    ];

    /// The key as written in files.
    pub const fn key(self) -> &'static str {
        match self {
            TopicField::Category => "category",
            TopicField::Name => "name",
            TopicField::Description => "description",
        }
    }
}

impl Topic {
    /// A topic with the conventional key order.
    pub fn new(
        id: impl Into<String>,
        category: impl Into<String>,
        name: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        Topic {
            id: id.into(),
            category: category.into(),
            name: name.into(),
            description: description.into(),
            order: TopicField::ALL,
        }
    }

    /// The value of a key.
    pub fn field(&self, field: TopicField) -> &str {
        match field {
            TopicField::Category => &self.category,
            TopicField::Name => &self.name,
            TopicField::Description => &self.description,
        }
    }

    /// The keys with their values, in written order.
    pub fn fields(&self) -> impl Iterator<Item = (TopicField, &str)> {
        self.order.into_iter().map(|f| (f, self.field(f)))
    }
}

/// One company style guide, with the sections of it that cover each topic.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Guideline {
    /// Kebab-case id, unique in the catalog; also its file name.
    pub id: String,
    /// Title of the guide.
    pub title: String,
    /// How it is published: `website`, `github`, `gitbook`, `pdf`.
    pub kind: String,
    /// Where to read it.
    pub url: String,
    /// Its source repository, when it has one apart from `url`.
    pub github_url: Option<String>,
    /// The publisher.
    pub company: String,
    /// The publisher's logo (URL or site-relative path).
    pub company_logo_url: Option<String>,
    /// The publisher's web site.
    pub company_url: Option<String>,
    /// A screenshot of the guide (URL or site-relative path).
    pub screenshot_url: Option<String>,
    /// When the guide was published.
    pub date: Option<Timestamp>,
    /// When the catalog last reviewed it.
    pub review_date: Option<Timestamp>,
    /// The guide's language, when not English.
    pub language: Option<String>,
    /// Its authors.
    pub authors: Option<Vec<Author>>,
    /// The metadata fields in the order they were written (the reference outputs keep it). An
    /// optional field listed here whose value is `None` was written with no value, and is
    /// kept as null. Fields set but not listed follow the listed ones (see
    /// [`Guideline::fields`]).
    pub(crate) field_order: Vec<GuidelineField>,
    /// The topics it covers, in written order, each with its references.
    pub topics: Vec<TopicReferences>,
}

/// A person credited for a guideline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// Full name.
    pub name: String,
    /// Twitter handle, without `@`: `None` when absent, `Some(None)` when written with no
    /// value (kept as null).
    pub twitter: Option<Option<String>>,
    /// Whether `twitter` was written before `name`.
    pub(crate) twitter_first: bool,
}

/// The keys of an author.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AuthorField {
    /// `name`
    Name,
    /// `twitter`
    Twitter,
}

impl AuthorField {
    /// The conventional order.
    pub const ALL: [AuthorField; 2] = [AuthorField::Name, AuthorField::Twitter];

    /// The key as written in files.
    pub const fn key(self) -> &'static str {
        match self {
            AuthorField::Name => "name",
            AuthorField::Twitter => "twitter",
        }
    }
}

impl Author {
    /// An author, written with `name` first.
    pub fn new(name: impl Into<String>, twitter: Option<String>) -> Self {
        Author {
            name: name.into(),
            twitter: twitter.map(Some),
            twitter_first: false,
        }
    }

    /// Whether `twitter` was written before `name` (the reference outputs keep the order).
    pub fn twitter_first(&self) -> bool {
        self.twitter_first
    }

    /// The present keys with their values (`None` for `twitter` written with no value), in
    /// written order.
    pub fn fields(&self) -> impl Iterator<Item = (AuthorField, Option<&str>)> {
        let name = (AuthorField::Name, Some(self.name.as_str()));
        let twitter = self
            .twitter
            .as_ref()
            .map(|t| (AuthorField::Twitter, t.as_deref()));
        let (first, second) = if self.twitter_first {
            (twitter, Some(name))
        } else {
            (Some(name), twitter)
        };
        first.into_iter().chain(second)
    }
}

/// The references of one guideline for one topic: an entry of the guideline's `topics`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicReferences {
    /// The topic's id.
    pub topic: String,
    /// The sections of the guideline that cover it, in written order.
    pub references: Vec<Reference>,
}

/// A section of a guideline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The section's title; `None` when the key is written with no value (the published data
    /// has such entries, and the reference outputs keep them as `null`).
    pub name: Option<String>,
    /// Its URL.
    pub url: String,
    /// A short quote from it: `None` when absent, `Some(None)` when written with no value.
    pub quote: Option<Option<String>>,
    /// The keys in written order (`quote`, when absent, is last).
    pub(crate) order: [ReferenceField; 3],
}

/// The keys of a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReferenceField {
    /// `name`
    Name,
    /// `url`
    Url,
    /// `quote`
    Quote,
}

impl ReferenceField {
    /// The conventional order.
    pub const ALL: [ReferenceField; 3] = [
        ReferenceField::Name,
        ReferenceField::Url,
        ReferenceField::Quote,
    ];

    /// The key as written in files.
    pub const fn key(self) -> &'static str {
        match self {
            ReferenceField::Name => "name",
            ReferenceField::Url => "url",
            ReferenceField::Quote => "quote",
        }
    }
}

impl Reference {
    /// A reference with the conventional key order.
    pub fn new(name: impl Into<String>, url: impl Into<String>, quote: Option<String>) -> Self {
        Reference {
            name: Some(name.into()),
            url: url.into(),
            quote: quote.map(Some),
            order: ReferenceField::ALL,
        }
    }

    /// The present keys with their values (`None` for a key written without a value), in
    /// written order.
    pub fn fields(&self) -> impl Iterator<Item = (ReferenceField, Option<&str>)> {
        self.order.into_iter().filter_map(|f| match f {
            ReferenceField::Name => Some((f, self.name.as_deref())),
            ReferenceField::Url => Some((f, Some(self.url.as_str()))),
            ReferenceField::Quote => self.quote.as_ref().map(|q| (f, q.as_deref())),
        })
    }
}

/// The metadata fields of a guideline, named as in the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GuidelineField {
    /// `id`
    Id,
    /// `title`
    Title,
    /// `type`
    Type,
    /// `url`
    Url,
    /// `githubUrl`
    GithubUrl,
    /// `company`
    Company,
    /// `companyLogoUrl`
    CompanyLogoUrl,
    /// `companyUrl`
    CompanyUrl,
    /// `screenshotUrl`
    ScreenshotUrl,
    /// `date`
    Date,
    /// `reviewDate`
    ReviewDate,
    /// `language`
    Language,
    /// `authors`
    Authors,
}

/// A guideline field's value, borrowed, for writers that walk [`Guideline::fields`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldValue<'a> {
    /// A text value.
    Text(&'a str),
    /// A date.
    Timestamp(Timestamp),
    /// The authors.
    Authors(&'a [Author]),
    /// An optional field written with no value.
    Null,
}

/// A point in time with millisecond precision, in UTC, as js-yaml reads YAML timestamps.
///
/// A bare date `2015-01-15` is midnight UTC, so it equals `2015-01-15T00:00:00.000Z` read from
/// a generated page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Days since 1970-01-01.
    days: i64,
    /// Milliseconds since midnight, below 86,400,000.
    millis: u32,
}

/// The guideline types the catalog knows.
pub const GUIDELINE_TYPES: &[&str] = &["website", "github", "gitbook", "pdf"];

impl GuidelineField {
    /// Every field, in the conventional order.
    pub const ALL: [GuidelineField; 13] = [
        GuidelineField::Id,
        GuidelineField::Title,
        GuidelineField::Type,
        GuidelineField::Url,
        GuidelineField::GithubUrl,
        GuidelineField::Company,
        GuidelineField::CompanyLogoUrl,
        GuidelineField::CompanyUrl,
        GuidelineField::ScreenshotUrl,
        GuidelineField::Date,
        GuidelineField::ReviewDate,
        GuidelineField::Language,
        GuidelineField::Authors,
    ];

    /// The key as written in files.
    pub const fn key(self) -> &'static str {
        match self {
            GuidelineField::Id => "id",
            GuidelineField::Title => "title",
            GuidelineField::Type => "type",
            GuidelineField::Url => "url",
            GuidelineField::GithubUrl => "githubUrl",
            GuidelineField::Company => "company",
            GuidelineField::CompanyLogoUrl => "companyLogoUrl",
            GuidelineField::CompanyUrl => "companyUrl",
            GuidelineField::ScreenshotUrl => "screenshotUrl",
            GuidelineField::Date => "date",
            GuidelineField::ReviewDate => "reviewDate",
            GuidelineField::Language => "language",
            GuidelineField::Authors => "authors",
        }
    }

    /// The field for a key.
    pub fn from_key(key: &str) -> Option<Self> {
        GuidelineField::ALL.into_iter().find(|f| f.key() == key)
    }
}

impl Guideline {
    /// The value of a field: `None` when absent, [`FieldValue::Null`] when written with no
    /// value.
    pub fn field(&self, field: GuidelineField) -> Option<FieldValue<'_>> {
        self.value(field).or_else(|| {
            self.field_order
                .contains(&field)
                .then_some(FieldValue::Null)
        })
    }

    fn value(&self, field: GuidelineField) -> Option<FieldValue<'_>> {
        fn text(s: &Option<String>) -> Option<FieldValue<'_>> {
            s.as_deref().map(FieldValue::Text)
        }
        match field {
            GuidelineField::Id => Some(FieldValue::Text(&self.id)),
            GuidelineField::Title => Some(FieldValue::Text(&self.title)),
            GuidelineField::Type => Some(FieldValue::Text(&self.kind)),
            GuidelineField::Url => Some(FieldValue::Text(&self.url)),
            GuidelineField::GithubUrl => text(&self.github_url),
            GuidelineField::Company => Some(FieldValue::Text(&self.company)),
            GuidelineField::CompanyLogoUrl => text(&self.company_logo_url),
            GuidelineField::CompanyUrl => text(&self.company_url),
            GuidelineField::ScreenshotUrl => text(&self.screenshot_url),
            GuidelineField::Date => self.date.map(FieldValue::Timestamp),
            GuidelineField::ReviewDate => self.review_date.map(FieldValue::Timestamp),
            GuidelineField::Language => text(&self.language),
            GuidelineField::Authors => self.authors.as_deref().map(FieldValue::Authors),
        }
    }

    /// The set fields with their values: those written in a file in written order, then any
    /// other field that has a value in the conventional order ([`GuidelineField::ALL`]).
    pub fn fields(&self) -> impl Iterator<Item = (GuidelineField, FieldValue<'_>)> {
        let unlisted = GuidelineField::ALL
            .into_iter()
            .filter(|f| !self.field_order.contains(f));
        self.field_order
            .iter()
            .copied()
            .filter_map(|f| self.field(f).map(|v| (f, v)))
            .chain(unlisted.filter_map(|f| self.value(f).map(|v| (f, v))))
    }

    /// A guideline with its required fields, its optional ones unset, and no topics.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        kind: impl Into<String>,
        url: impl Into<String>,
        company: impl Into<String>,
    ) -> Self {
        Guideline {
            id: id.into(),
            title: title.into(),
            kind: kind.into(),
            url: url.into(),
            company: company.into(),
            ..Guideline::default()
        }
    }

    /// The references for a topic, if the guideline covers it.
    pub fn references(&self, topic: &str) -> Option<&[Reference]> {
        self.topics
            .iter()
            .find(|c| c.topic == topic)
            .map(|c| c.references.as_slice())
    }
}

impl Catalog {
    /// A catalog of these topics and guidelines, in normal form (see [`Catalog`]).
    pub fn new(topics: Vec<Topic>, guidelines: Vec<Guideline>) -> Self {
        let mut catalog = Catalog { topics, guidelines };
        catalog.normalize();
        catalog
    }

    /// Every topic, sorted by id.
    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    /// Every guideline, in the order the reference builder reads them.
    pub fn guidelines(&self) -> &[Guideline] {
        &self.guidelines
    }

    /// The topics and the guidelines, to change them and make a new catalog.
    pub fn into_parts(self) -> (Vec<Topic>, Vec<Guideline>) {
        (self.topics, self.guidelines)
    }

    /// Puts topics and guidelines in normal form.
    pub(crate) fn normalize(&mut self) {
        self.topics.sort_by(|a, b| a.id.cmp(&b.id));
        self.guidelines
            .sort_by_cached_key(|g| guideline_order_key(&g.id));
        for g in &mut self.guidelines {
            if g.topics.iter().any(|c| is_array_index(&c.topic)) {
                g.topics.sort_by(|a, b| js_key_order(&a.topic, &b.topic));
            }
        }
    }

    /// The topic with this id.
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics
            .binary_search_by(|t| t.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.topics[i])
    }

    /// The guideline with this id.
    pub fn guideline(&self, id: &str) -> Option<&Guideline> {
        self.guidelines.iter().find(|g| g.id == id)
    }

    /// Topic ids in the reference builder's order, the keys of the object it gathers them in:
    /// first appearance while walking guidelines in reading order and each guideline's topics
    /// in order, except that ids which are array indexes (`404`) come first, by value.
    pub fn topic_order(&self) -> Vec<&Topic> {
        let mut seen = std::collections::HashSet::new();
        let mut order = Vec::with_capacity(self.topics.len());
        for g in &self.guidelines {
            for c in &g.topics {
                if seen.insert(c.topic.as_str())
                    && let Some(t) = self.topic(&c.topic)
                {
                    order.push(t);
                }
            }
        }
        if order.iter().any(|t| is_array_index(&t.id)) {
            order.sort_by(|a, b| js_key_order(&a.id, &b.id));
        }
        order
    }

    /// For each topic (by index in `topics`), the guidelines listing it with their references,
    /// in guideline reading order. Built in one pass: no quadratic lookups.
    pub fn guidelines_by_topic(&self) -> Vec<Vec<(&Guideline, &[Reference])>> {
        let mut out: Vec<Vec<(&Guideline, &[Reference])>> = vec![Vec::new(); self.topics.len()];
        for g in &self.guidelines {
            for c in &g.topics {
                if let Ok(i) = self
                    .topics
                    .binary_search_by(|t| t.id.as_str().cmp(&c.topic))
                {
                    out[i].push((g, &c.references));
                }
            }
        }
        out
    }

    /// Number of references in the whole catalog.
    pub fn reference_count(&self) -> usize {
        self.guidelines
            .iter()
            .flat_map(|g| &g.topics)
            .map(|c| c.references.len())
            .sum()
    }
}

/// How JavaScript orders two keys of one object, for a stable sort of keys in insertion order:
/// array indexes (`0`, `404`) before all other keys and by value; other keys keep their order.
pub(crate) fn js_key_order(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (is_array_index(a), is_array_index(b)) {
        (true, true) => a.len().cmp(&b.len()).then_with(|| a.cmp(b)),
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => Ordering::Equal,
    }
}

/// The sort key of a guideline: its source file name, `<id>.yaml`, compared as bytes.
pub(crate) fn guideline_order_key(id: &str) -> Vec<u8> {
    let mut key = id.as_bytes().to_vec();
    key.extend_from_slice(b".yaml");
    key
}

impl Timestamp {
    /// Midnight UTC of a calendar date, if the date exists.
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Timestamp {
            days: days_from_civil(year, month, day),
            millis: 0,
        })
    }

    /// Parses a YAML timestamp: `YYYY-MM-DD`, or with a time `THH:MM:SS[.fff]` and a zone
    /// (`Z`, `+HH:MM`, none meaning UTC). `None` when malformed or impossible.
    pub fn parse(text: &str) -> Option<Self> {
        let (date, rest) = match text.find(['T', 't', ' ', '\t']) {
            Some(i) => (&text[..i], Some(text[i + 1..].trim_start())),
            None => (text, None),
        };
        let mut parts = date.splitn(3, '-');
        let year: i64 = parse_digits(parts.next()?, 4, 4)?;
        let month: u32 = parse_digits(parts.next()?, 1, 2)?;
        let day: u32 = parse_digits(parts.next()?, 1, 2)?;
        let mut ts = Timestamp::from_ymd(year, month, day)?;
        let Some(rest) = rest else {
            return Some(ts);
        };
        let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
        let (clock, zone) = rest.split_at(zone_at);
        let clock = clock.trim_end();
        let mut hms = clock.splitn(3, ':');
        let hour: u32 = parse_digits(hms.next()?, 1, 2)?;
        let minute: u32 = parse_digits(hms.next()?, 2, 2)?;
        let sec_text = hms.next()?;
        let (sec, frac) = sec_text.split_once('.').unwrap_or((sec_text, ""));
        let second: u32 = parse_digits(sec, 2, 2)?;
        if hour > 23 || minute > 59 || second > 60 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let millis: u32 = format!("{frac:0<3}").get(..3)?.parse().ok()?;
        let mut total = i64::from(((hour * 60 + minute) * 60 + second) * 1000 + millis);
        match zone {
            "" | "Z" | "z" => {}
            z => {
                let sign = if z.starts_with('-') { 1 } else { -1 };
                let (h, m) = z[1..].split_once(':').unwrap_or((&z[1..], "0"));
                let h: i64 = parse_digits(h, 1, 2)?;
                let m: i64 = parse_digits(m, 1, 2)?;
                total += sign * (h * 60 + m) * 60_000;
            }
        }
        ts.days += total.div_euclid(86_400_000);
        ts.millis = u32::try_from(total.rem_euclid(86_400_000)).ok()?;
        Some(ts)
    }

    /// Year, month, day (UTC).
    pub fn ymd(self) -> (i64, u32, u32) {
        civil_from_days(self.days)
    }

    /// True when the time of day is midnight: the value can be written as a bare date.
    pub fn is_date_only(self) -> bool {
        self.millis == 0
    }

    /// Milliseconds since midnight (UTC).
    pub fn millis_of_day(self) -> u32 {
        self.millis
    }

    /// `YYYY-MM-DD`.
    pub fn date_string(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y:04}-{m:02}-{d:02}")
    }
}

impl fmt::Display for Timestamp {
    /// Writes what JavaScript's `Date.prototype.toISOString` writes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        let ms = self.millis;
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        )
    }
}

fn parse_digits<T: std::str::FromStr>(s: &str, min: usize, max: usize) -> Option<T> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days-from-civil algorithm.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_like_javascript() {
        let t = Timestamp::parse("2015-01-15").unwrap();
        assert_eq!(t.to_string(), "2015-01-15T00:00:00.000Z");
        assert_eq!(Timestamp::parse("2015-01-15T00:00:00.000Z"), Some(t));
        assert_eq!(
            Timestamp::parse("2001-12-14t21:59:43.10-05:00")
                .unwrap()
                .to_string(),
            "2001-12-15T02:59:43.100Z"
        );
        assert_eq!(
            Timestamp::parse("1969-12-31").unwrap().to_string(),
            "1969-12-31T00:00:00.000Z"
        );
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for bad in [
            "2019-02-29",
            "2019-13-01",
            "2019-00-10",
            "2019-04-31",
            "19-01-01",
            "x",
        ] {
            assert_eq!(Timestamp::parse(bad), None, "{bad}");
        }
        assert!(Timestamp::parse("2020-02-29").is_some());
    }

    #[test]
    fn a_guideline_made_in_code_lists_every_field_it_holds() {
        let mut g = Guideline::new(
            "acme",
            "ACME Guide",
            "website",
            "https://a.example/",
            "ACME",
        );
        g.github_url = Some("https://github.example/acme".to_owned());
        g.date = Timestamp::from_ymd(2020, 3, 1);
        let keys: Vec<&str> = g.fields().map(|(f, _)| f.key()).collect();
        assert_eq!(
            keys,
            ["id", "title", "type", "url", "githubUrl", "company", "date"]
        );
        // Written fields keep their order; a field set afterwards follows them.
        g.field_order = vec![GuidelineField::Url, GuidelineField::Id];
        let keys: Vec<&str> = g.fields().map(|(f, _)| f.key()).collect();
        assert_eq!(
            keys,
            ["url", "id", "title", "type", "githubUrl", "company", "date"]
        );
    }

    #[test]
    fn guideline_order_is_file_name_order() {
        let mut ids = vec!["a", "a-b"];
        ids.sort_by_key(|id| guideline_order_key(id));
        assert_eq!(ids, ["a-b", "a"]);
    }
}
