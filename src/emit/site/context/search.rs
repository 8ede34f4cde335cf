//! The search page and the index it searches.

use schemars::JsonSchema;
use serde::Serialize;

use crate::emit::site::markdown::plain_summary;
use crate::model::{Model, Value};
use crate::spec::Field;

use super::{element_url, text_field};

/// The search page's data (`search.html`): it has none, the page reads the index from
/// `search-index.js`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Search {}

/// An element in the search index (`search-index.js`), which the site's script reads.
/// The fields are in the order the file has them.
#[derive(Debug, Serialize)]
pub struct SearchEntry {
    /// The first paragraph of its description, as plain text of at most 160 characters.
    pub description: String,
    /// Its id.
    pub id: String,
    /// Its kind, singular.
    pub kind: &'static str,
    /// Its name.
    pub name: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// Its page, from the site root.
    pub url: String,
}

/// The search index: every element by id, name, kind, tags and description.
pub fn search_index(model: &Model) -> Vec<SearchEntry> {
    model
        .iter()
        .map(|(_, e)| SearchEntry {
            description: text_field(e, Field::Description, e.until)
                .map(|d| plain_summary(&d, 160))
                .unwrap_or_default(),
            id: e.id.clone(),
            kind: e.kind.singular(),
            name: e.name().to_owned(),
            tags: match e.value_at(Field::Tags, e.until) {
                Some(Value::Strings(t)) => t.clone(),
                _ => Vec::new(),
            },
            url: element_url(&e.id),
        })
        .collect()
}
