//! What the site's templates see: the checked model turned into plain data (strings,
//! numbers, lists, records), with links as relative URLs and descriptions as safe HTML.
//! Every page gets the shared data ([`SiteData`], `site`) as a global and its own data as
//! `page`: a struct per page, in the module of that page. The Markdown site reads the same
//! structs.
//!
//! Every field of these structs is a template variable: renaming one breaks the
//! templates that read it, the built-in ones and a project's overrides.

pub mod channels;
pub mod diagram;
pub mod element;
pub mod gaps;
pub mod heatmap;
pub mod insights;
pub mod journeys;
pub mod kpis;
pub mod overview;
pub mod personas;
pub mod roadmap;
pub mod rules;
pub mod search;
pub mod strategy;
pub mod summary;
pub mod timeline;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Serialize;

use crate::analysis::gaps::GapReport;
use crate::analysis::impact::{Reachability, reachability};
use crate::analysis::plateau::Projection;
use crate::compile::Compiled;
use crate::diag::Diagnostic;
use crate::emit::findings::location;
use crate::model::{Element, ElementIdx, Model, PlateauIdx, Value};
use crate::spec::Field;

use super::markdown::to_safe_html;
use super::pages::{ELEMENT_PAGE, EachPage, JOURNEY_PAGE, PAGES, PageKind};

/// URL of an element's page from the site root.
pub fn element_url(id: &str) -> String {
    page_url(&ELEMENT_PAGE, id)
}

/// URL of a journey's page from the site root.
pub fn journey_url(id: &str) -> String {
    page_url(&JOURNEY_PAGE, id)
}

/// URL of the page of element `id` among the pages `each`, from the site root.
pub fn page_url(each: &EachPage, id: &str) -> String {
    format!("{}/{}.html", each.dir, file_stem(id))
}

/// The file name (without extension) for an id: the id itself, except that
/// - a name Windows reserves for a device (`con`, `nul`, `aux`, `prn`, `com0`–`com9`,
///   `lpt0`–`lpt9`, in any case, alone or before a `.`) gets a `~` after it (`con~`,
///   `nul~.x`), so a site built anywhere opens on Windows;
/// - an id that is not valid (reported by `invalid-id`; the site still shows it) has
///   every byte but `a`–`z`, `0`–`9`, `_` and `-` written as `~` and two hex digits,
///   so `../x` or `a/b` names a file in its own directory, never another (an empty
///   id is `~`).
///
/// Ids cannot contain `~`, so the name is never another valid id's.
pub fn file_stem(id: &str) -> String {
    if !crate::spec::is_valid_id(id) {
        if id.is_empty() {
            return "~".into();
        }
        let mut out = String::with_capacity(id.len() * 3);
        for b in id.bytes() {
            if b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-' {
                out.push(char::from(b));
            } else {
                let _ = write!(out, "~{b:02x}");
            }
        }
        return out;
    }
    let (base, rest) = id.find('.').map_or((id, ""), |dot| id.split_at(dot));
    if is_windows_device(base) {
        format!("{base}~{rest}")
    } else {
        id.to_owned()
    }
}

/// Whether Windows reserves `name` (the part of a file name before its first dot).
fn is_windows_device(name: &str) -> bool {
    // Compared without allocating: this runs for every link of every page.
    let lower = |b: &[u8]| -> [u8; 3] { [b[0], b[1], b[2]].map(|c| c.to_ascii_lowercase()) };
    match name.trim_end_matches(' ').as_bytes() {
        name @ [_, _, _] => matches!(&lower(name), b"con" | b"nul" | b"aux" | b"prn"),
        name @ [_, _, _, d] => matches!(&lower(name), b"com" | b"lpt") && d.is_ascii_digit(),
        _ => false,
    }
}

/// The model at every plateau, projected once for all pages.
pub fn views(model: &Model) -> Vec<Projection<'_>> {
    (0..model.plateaus.len())
        .map(|p| model.at(PlateauIdx(p)))
        .collect()
}

/// The findings of each element, by element id, in report order.
pub fn findings_by_element(compiled: &Compiled) -> BTreeMap<&str, Vec<&Diagnostic>> {
    let mut map: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &compiled.diagnostics {
        if let Some(id) = d.element.as_deref() {
            map.entry(id).or_default().push(d);
        }
    }
    map
}

/// What every page shares: the project, its plateaus, its health and the navigation.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SiteData {
    /// The version of tomc that built the site.
    pub tomc: &'static str,
    /// The project.
    pub project: Project,
    /// The plateaus, in order: the baseline first, the target last.
    pub plateaus: Vec<PlateauEntry>,
    /// The id of the first plateau, the baseline (none in a model without plateaus).
    pub baseline: Option<String>,
    /// The id of the last plateau, the target (none in a model without plateaus).
    pub target: Option<String>,
    /// How many findings the model has, by severity.
    pub summary: Health,
    /// The navigation entries, in order.
    pub nav: Vec<NavEntry>,
    /// Whether the pages reload themselves when `tomc serve` rebuilds the site.
    pub live_reload: bool,
}

/// The project as `tom.yaml` describes it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Project {
    /// The project's name.
    pub name: String,
    /// The project's description, rendered as safe HTML (print it with `| safe`).
    pub description: Option<String>,
}

/// A plateau of the model.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PlateauEntry {
    /// The plateau's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its date, `YYYY-MM-DD`, if it has one.
    pub date: Option<String>,
}

impl PlateauEntry {
    /// The entry of plateau `p`.
    pub fn of(p: &crate::model::Plateau) -> Self {
        Self {
            id: p.id.clone(),
            name: p.name.clone(),
            date: p.date.clone(),
        }
    }
}

/// The model's findings by severity.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Health {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Findings silenced by waivers.
    pub waived: usize,
    /// Whether an error is structural: the model is shown as far as it could be read.
    pub structural: bool,
}

/// An entry of the site's navigation.
#[derive(Debug, Serialize, JsonSchema)]
pub struct NavEntry {
    /// The page's id, which its templates see as `current`.
    pub id: &'static str,
    /// The entry's text.
    pub title: &'static str,
    /// The page, from the site root.
    pub url: &'static str,
}

/// The data shared by every page.
pub fn global(compiled: &Compiled, live_reload: bool) -> SiteData {
    let model = &compiled.model;
    let summary = compiled.summary();
    SiteData {
        tomc: env!("CARGO_PKG_VERSION"),
        project: Project {
            name: model.name.clone(),
            description: model.description.as_deref().map(to_safe_html),
        },
        plateaus: model.plateaus.iter().map(PlateauEntry::of).collect(),
        baseline: model.plateaus.first().map(|p| p.id.clone()),
        target: model.plateaus.last().map(|p| p.id.clone()),
        summary: Health {
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
            waived: summary.waived,
            structural: compiled.has_structural_errors(),
        },
        nav: PAGES
            .iter()
            .map(|p| NavEntry {
                id: p.id,
                title: p.nav,
                url: p.file,
            })
            .collect(),
        live_reload,
    }
}

/// What a template receives besides `site`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Frame<'a, T> {
    /// The page's own data.
    pub page: &'a T,
    /// The path from the page to the site root, `""` or `"../"`: put it before a link
    /// from the site root.
    pub root: String,
    /// The id of the navigation entry the page belongs to.
    pub current: &'a str,
    /// The page's title.
    pub title: &'a str,
}

/// A link to an element's page.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ElementLink {
    /// The element's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind, singular (`capability`).
    pub kind: &'static str,
    /// Its page, from the site root.
    pub url: String,
}

/// The link to element `idx`.
pub fn element_link(model: &Model, idx: ElementIdx) -> ElementLink {
    let e = model.element(idx);
    ElementLink {
        id: e.id.clone(),
        name: e.name().to_owned(),
        kind: e.kind.singular(),
        url: element_url(&e.id),
    }
}

/// The links to `elements`.
pub fn element_links(
    model: &Model,
    elements: impl IntoIterator<Item = ElementIdx>,
) -> Vec<ElementLink> {
    elements
        .into_iter()
        .map(|idx| element_link(model, idx))
        .collect()
}

/// A finding, with its place in the spec.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Finding {
    /// The rule's id.
    pub rule: &'static str,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// What is wrong, as text.
    pub message: String,
    /// What is wrong, as safe HTML with ids as code (print it with `| safe`).
    pub message_html: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The id of the element it is about, when the model has that element.
    pub element: Option<String>,
    /// That element's page, from the site root.
    pub element_url: Option<String>,
    /// The plateau, for a finding about one plateau.
    pub plateau: Option<String>,
    /// The file it points at, relative to the project.
    pub file: Option<String>,
    /// The line there, from 1.
    pub line: Option<usize>,
    /// The column there, from 1, in characters.
    pub column: Option<usize>,
}

/// Finding `d` as the pages show it.
pub fn finding(compiled: &Compiled, d: &Diagnostic) -> Finding {
    let place = location(&compiled.sources, d);
    let element = d
        .element
        .as_deref()
        .filter(|id| compiled.model.find(id).is_some());
    Finding {
        rule: d.rule.as_str(),
        severity: d.severity.as_str(),
        message: d.message.clone(),
        message_html: code_spans(&d.message),
        help: d.help.clone(),
        element: element.map(str::to_owned),
        element_url: element.map(element_url),
        plateau: d.plateau.clone(),
        file: place.as_ref().map(|l| l.file.clone()),
        line: place.as_ref().map(|l| l.start.line),
        column: place.as_ref().map(|l| l.start.column),
    }
}

/// A tomc message as HTML: escaped, its `quoted` ids as code.
pub fn code_spans(message: &str) -> String {
    message
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            let part = crate::emit::document::escape_html(part);
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part
            }
        })
        .collect()
}

/// The text of `field` of `e` at plateau `p`, if it is text.
pub fn text_field(e: &Element, field: Field, p: PlateauIdx) -> Option<String> {
    match e.value_at(field, p) {
        Some(Value::Text(t)) => Some(t.clone()),
        _ => None,
    }
}

/// The ids of `plateaus`.
fn plateau_ids(model: &Model, plateaus: &[PlateauIdx]) -> Vec<String> {
    plateaus
        .iter()
        .map(|p| model.plateaus[p.0].id.clone())
        .collect()
}

/// The data of a page of [`PAGES`], which its template receives as `page`: one of the
/// page structs, serialised as it is.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum PageData {
    /// The overview's.
    Overview(Box<overview::Overview>),
    /// The strategy map's.
    Strategy(strategy::Strategy),
    /// The heat map's.
    Heatmap(heatmap::Heatmap),
    /// The list of journeys'.
    Journeys(journeys::Journeys),
    /// The KPI scorecard's.
    Kpis(kpis::Kpis),
    /// The roadmap's.
    Roadmap(Box<roadmap::Roadmap>),
    /// The gap report's.
    Gaps(Box<gaps::Gaps>),
    /// The list of elements'.
    Elements(element::Elements),
    /// The rule catalogue's.
    Rules(rules::Rules),
    /// The search page's.
    Search(search::Search),
    // Personas and the omnichannel matrix.
    /// The personas page's.
    Personas(personas::Personas),
    /// The insights page's.
    Insights(insights::Insights),
    /// The omnichannel matrix's.
    Channels(channels::Channels),
}

/// What several pages and outputs of one build read, computed once, when first asked
/// for: on a large model the gap report alone takes a good part of a second.
#[derive(Debug)]
pub struct Shared<'m> {
    model: &'m Model,
    report: std::sync::OnceLock<GapReport<'m>>,
    views: std::sync::OnceLock<Vec<Projection<'m>>>,
    reach: std::sync::OnceLock<Vec<Reachability>>,
}

impl<'m> Shared<'m> {
    /// Nothing computed yet for `model`.
    pub fn new(model: &'m Model) -> Self {
        Self {
            model,
            report: std::sync::OnceLock::new(),
            views: std::sync::OnceLock::new(),
            reach: std::sync::OnceLock::new(),
        }
    }

    /// At every plateau, the objectives, personas and journeys that depend on each
    /// element: the "what depends on this" of the element pages.
    pub fn reach(&self) -> &[Reachability] {
        self.reach.get_or_init(|| {
            crate::parallel::map(self.views(), 1, |at| {
                reachability(at, &element::DEPENDENTS_SHOWN)
            })
        })
    }

    /// The model at every plateau (see [`views`]).
    pub fn views(&self) -> &[Projection<'m>] {
        self.views.get_or_init(|| views(self.model))
    }

    /// The gap report from the baseline to the target.
    pub fn report(&self) -> &GapReport<'m> {
        self.report
            .get_or_init(|| GapReport::new(self.model, self.model.baseline(), self.model.target()))
    }
}

/// The data of the page of `kind`.
pub fn page(kind: PageKind, compiled: &Compiled, shared: &Shared<'_>) -> PageData {
    let model = &compiled.model;
    match kind {
        PageKind::Overview => PageData::Overview(Box::new(overview::overview(compiled, shared))),
        PageKind::Strategy => PageData::Strategy(strategy::strategy(model)),
        PageKind::Heatmap => PageData::Heatmap(heatmap::heatmap(model)),
        PageKind::Journeys => PageData::Journeys(journeys::journeys(model)),
        PageKind::Kpis => PageData::Kpis(kpis::kpis(model, shared.report())),
        PageKind::Roadmap => PageData::Roadmap(Box::new(roadmap::roadmap(model, shared.report()))),
        PageKind::Gaps => PageData::Gaps(Box::new(gaps::gaps(model, shared.report()))),
        PageKind::Elements => PageData::Elements(element::elements(model)),
        PageKind::Rules => PageData::Rules(rules::rules()),
        PageKind::Search => PageData::Search(search::Search {}),
        // Personas and the omnichannel matrix.
        PageKind::Personas => PageData::Personas(personas::personas(model, shared.views())),
        PageKind::Insights => PageData::Insights(insights::insights(model, shared.views())),
        PageKind::Channels => PageData::Channels(channels::channels(shared.views())),
    }
}

/// The schema of the data [`page`] gives the page of `kind`, for the template reference.
pub fn page_schema(kind: PageKind, generator: &mut SchemaGenerator) -> Schema {
    match kind {
        PageKind::Overview => generator.subschema_for::<overview::Overview>(),
        PageKind::Strategy => generator.subschema_for::<strategy::Strategy>(),
        PageKind::Heatmap => generator.subschema_for::<heatmap::Heatmap>(),
        PageKind::Journeys => generator.subschema_for::<journeys::Journeys>(),
        PageKind::Kpis => generator.subschema_for::<kpis::Kpis>(),
        PageKind::Roadmap => generator.subschema_for::<roadmap::Roadmap>(),
        PageKind::Gaps => generator.subschema_for::<gaps::Gaps>(),
        PageKind::Elements => generator.subschema_for::<element::Elements>(),
        PageKind::Rules => generator.subschema_for::<rules::Rules>(),
        PageKind::Search => generator.subschema_for::<search::Search>(),
        // Personas and the omnichannel matrix.
        PageKind::Personas => generator.subschema_for::<personas::Personas>(),
        PageKind::Insights => generator.subschema_for::<insights::Insights>(),
        PageKind::Channels => generator.subschema_for::<channels::Channels>(),
    }
}

/// The id of plateau `p`, or nothing for a project that declares no plateaus (a
/// structural error whose site still shows its elements).
pub(crate) fn plateau_id(model: &Model, p: PlateauIdx) -> String {
    model
        .plateaus
        .get(p.0)
        .map(|plateau| plateau.id.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_device_names_in_any_case() {
        for name in ["con", "CON", "Nul ", "aux", "prn", "com1", "LPT9", "lpt0"] {
            assert!(is_windows_device(name), "{name}");
        }
        for name in ["cons", "co", "com", "comx", "lpt", "console", "", "é"] {
            assert!(!is_windows_device(name), "{name}");
        }
        assert_eq!(file_stem("con.x"), "con~.x");
        assert_eq!(file_stem("conx"), "conx");
    }
}
