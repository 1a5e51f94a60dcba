//! What a check takes: links, each a URL with the places that use it.

/// A place that uses a URL: a position in a file, and what the URL is there.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Place {
    /// The file, as it should be shown.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What the place belongs to, for grouping results (a guideline id); may be empty.
    pub group: String,
    /// What the URL is at this place (a field name); may be empty.
    pub field: String,
}

/// A URL to check, with every place that uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    url: String,
    places: Vec<Place>,
}

impl Link {
    /// A link used nowhere yet; add places with [`Link::with_place`].
    pub fn new(url: impl Into<String>) -> Self {
        Link {
            url: url.into(),
            places: Vec::new(),
        }
    }

    /// The link with one more place.
    #[must_use]
    pub fn with_place(mut self, place: Place) -> Self {
        self.places.push(place);
        self
    }

    /// Adds a place.
    pub fn add_place(&mut self, place: Place) {
        self.places.push(place);
    }

    /// The URL, as written.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The places that use it, in the order given.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    pub(crate) fn into_places(self) -> Vec<Place> {
        self.places
    }
}
