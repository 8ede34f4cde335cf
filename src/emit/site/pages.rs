//! The pages of the site, listed once: their files, templates, titles and navigation
//! entries. The HTML site writes them, the context builder gives each its data and the
//! navigation, the Markdown site writes those it has a file for, and the template
//! reference documents them, all from this table.

use crate::model::Model;

/// What a page of [`PAGES`] shows, which decides the data its template receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// The overview: health, coverage, counts, findings and waivers.
    Overview,
    /// The strategy map.
    Strategy,
    /// The capability heat map.
    Heatmap,
    /// The list of journeys.
    Journeys,
    /// The KPI scorecard.
    Kpis,
    /// The roadmap and the gap report.
    Roadmap,
    /// The gap report for people: by initiative, by capability, and who is affected.
    Gaps,
    /// The list of every element.
    Elements,
    /// The rule catalogue.
    Rules,
    /// The search page.
    Search,
    // Personas and the omnichannel matrix.
    /// A card per persona.
    Personas,
    /// Each insight traced to the initiatives that act on it and the KPIs they move.
    Insights,
    /// The omnichannel matrix: channels against journey stages, per plateau.
    Channels,
}

/// One page of the site.
#[derive(Debug)]
pub struct Page {
    /// What it shows.
    pub kind: PageKind,
    /// Its navigation entry's id, which its templates see as `current`.
    pub id: &'static str,
    /// Its file, from the site root; also its URL.
    pub file: &'static str,
    /// The template that renders it.
    pub template: &'static str,
    /// Its title.
    pub title: &'static str,
    /// The text of its navigation entry.
    pub nav: &'static str,
    /// Whether it needs a plateau: in a model with none, the HTML site shows the
    /// overview in its place and the Markdown site leaves it out.
    pub needs_plateaus: bool,
    /// Its file in the Markdown site, if it has one there.
    pub markdown: Option<&'static str>,
}

impl Page {
    /// Whether the page can be drawn for `model`: a page that needs plateaus cannot be
    /// in a project that declares none (a structural error its site still shows).
    pub(crate) fn is_drawn(&self, model: &Model) -> bool {
        !self.needs_plateaus || has_journey_maps(model)
    }
}

/// Whether journey maps (drawn at a plateau) are written: not in a project without
/// plateaus, where a journey's entries open its element page instead.
pub(crate) fn has_journey_maps(model: &Model) -> bool {
    !model.plateaus.is_empty()
}

/// The pages of the site, in the order of the navigation; the overview first.
pub const PAGES: &[Page] = &[
    Page {
        kind: PageKind::Overview,
        id: "index",
        file: "index.html",
        template: "index.html",
        title: "Overview",
        nav: "Overview",
        needs_plateaus: false,
        markdown: Some("README.md"),
    },
    Page {
        kind: PageKind::Strategy,
        id: "strategy",
        file: "strategy.html",
        template: "strategy.html",
        title: "Strategy map",
        nav: "Strategy map",
        needs_plateaus: true,
        markdown: Some("strategy.md"),
    },
    Page {
        kind: PageKind::Heatmap,
        id: "heatmap",
        file: "heatmap.html",
        template: "heatmap.html",
        title: "Capability heat map",
        nav: "Capabilities",
        needs_plateaus: false,
        markdown: Some("capabilities.md"),
    },
    Page {
        kind: PageKind::Journeys,
        id: "journeys",
        file: "journeys.html",
        template: "journeys.html",
        title: "Journeys",
        nav: "Journeys",
        needs_plateaus: false,
        markdown: Some("journeys.md"),
    },
    // Personas and the omnichannel matrix.
    Page {
        kind: PageKind::Personas,
        id: "personas",
        file: "personas.html",
        template: "personas.html",
        title: "Personas",
        nav: "Personas",
        needs_plateaus: false,
        markdown: Some("personas.md"),
    },
    Page {
        kind: PageKind::Insights,
        id: "insights",
        file: "insights.html",
        template: "insights.html",
        title: "Insights",
        nav: "Insights",
        needs_plateaus: false,
        markdown: Some("insights.md"),
    },
    Page {
        kind: PageKind::Channels,
        id: "channels",
        file: "channels.html",
        template: "channels.html",
        title: "Omnichannel matrix",
        nav: "Channels",
        needs_plateaus: true,
        markdown: Some("channels.md"),
    },
    Page {
        kind: PageKind::Kpis,
        id: "kpis",
        file: "kpis.html",
        template: "kpis.html",
        title: "KPI scorecard",
        nav: "KPIs",
        needs_plateaus: true,
        markdown: Some("kpis.md"),
    },
    Page {
        kind: PageKind::Roadmap,
        id: "roadmap",
        file: "roadmap.html",
        template: "roadmap.html",
        title: "Roadmap",
        nav: "Roadmap",
        needs_plateaus: true,
        markdown: Some("roadmap.md"),
    },
    Page {
        kind: PageKind::Gaps,
        id: "gaps",
        file: "gaps.html",
        template: "gaps.html",
        title: "Gap report",
        nav: "Gaps",
        needs_plateaus: true,
        markdown: None,
    },
    Page {
        kind: PageKind::Elements,
        id: "elements",
        file: "elements.html",
        template: "elements.html",
        title: "Elements",
        nav: "Elements",
        needs_plateaus: false,
        markdown: None,
    },
    Page {
        kind: PageKind::Rules,
        id: "rules",
        file: "rules.html",
        template: "rules.html",
        title: "Rule catalogue",
        nav: "Rules",
        needs_plateaus: false,
        markdown: Some("rules.md"),
    },
    Page {
        kind: PageKind::Search,
        id: "search",
        file: "search.html",
        template: "search.html",
        title: "Search",
        nav: "Search",
        needs_plateaus: false,
        markdown: None,
    },
];

/// The overview, which stands in for a page that needs a plateau in a model without one.
pub const OVERVIEW: &Page = &PAGES[0];

const _: () = assert!(matches!(OVERVIEW.kind, PageKind::Overview));

/// A page for each element of the model, or for each journey.
#[derive(Debug)]
pub struct EachPage {
    /// What there is a page for: every `element`, or every `journey`.
    pub each: &'static str,
    /// The directory of the pages, from the site root; a page is `<dir>/<id>.html`.
    pub dir: &'static str,
    /// The template that renders them.
    pub template: &'static str,
    /// The id of the navigation entry they belong to (a page of [`PAGES`]).
    pub current: &'static str,
}

/// A page per element: its fields, links, findings and waivers.
pub const ELEMENT_PAGE: EachPage = EachPage {
    each: "element",
    dir: "elements",
    template: "element.html",
    current: "elements",
};

/// A page per journey (in a model with a plateau): its stages and service blueprint.
pub const JOURNEY_PAGE: EachPage = EachPage {
    each: "journey",
    dir: "journeys",
    template: "journey.html",
    current: "journeys",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_its_own_id_file_and_template() {
        for (i, a) in PAGES.iter().enumerate() {
            for b in &PAGES[i + 1..] {
                assert_ne!(a.kind, b.kind);
                assert_ne!(a.id, b.id);
                assert_ne!(a.file, b.file);
                assert_ne!(a.template, b.template);
            }
        }
        for each in [&ELEMENT_PAGE, &JOURNEY_PAGE] {
            assert!(PAGES.iter().any(|p| p.id == each.current));
            assert!(PAGES.iter().all(|p| p.template != each.template));
        }
    }
}
