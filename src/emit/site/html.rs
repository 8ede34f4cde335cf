//! The HTML site: every page rendered from the templates, a page per element and per
//! journey among them, with the stylesheet, the script and the search index beside them.

use serde::Serialize;
use tera::{Context, Tera};

use crate::compile::Compiled;
use crate::emit::output::Render;
use crate::emit::tree::json_error;
use crate::spec::Kind;

use super::context::{self, Frame};
use super::templates::{BUILTIN_CSS, BUILTIN_EXTRA_CSS, BUILTIN_JS};
use super::{Sink, SiteFile, SiteOptions, TemplateError, Templates, machine_outputs, serialised};

/// The site as self-contained HTML pages, rendered from its templates.
#[derive(Debug)]
pub struct HtmlSite {
    templates: Templates,
    options: SiteOptions,
}

impl HtmlSite {
    /// The site rendered from `templates`, built as `options` say.
    pub fn new(templates: Templates, options: SiteOptions) -> Self {
        Self { templates, options }
    }
}

impl Render for HtmlSite {
    type Input = Compiled;

    /// Every page of the site and the outputs beside them, each handed to `sink` as
    /// soon as it is rendered. The element pages are rendered (and handed over) on every
    /// core; the first error in element order is the one returned.
    fn render<S: Sink>(&self, compiled: &Compiled, sink: &S) -> Result<(), S::Error> {
        let writer = Writer::new(&self.templates, compiled, self.options);
        writer.assets(sink)?;
        writer.pages(sink)?;
        writer.element_pages(sink)?;
        let index = serde_json::to_string(&context::search::search_index(&compiled.model))
            .map(|index| format!("window.TOMC_SEARCH = {index};\n"))
            .map_err(json_error);
        sink.put(serialised("search-index.js".into(), index)?)?;
        machine_outputs(compiled, sink)
    }
}

/// How many element pages one thread renders at a time.
const PAGES_PER_TASK: usize = 32;

/// The templates with the data every page shares, for one build.
struct Writer<'a> {
    templates: &'a Templates,
    /// The templates, with `site` in their global context: the shared data goes there
    /// once, not into every page's.
    tera: Tera,
    compiled: &'a Compiled,
}

impl<'a> Writer<'a> {
    fn new(templates: &'a Templates, compiled: &'a Compiled, options: SiteOptions) -> Self {
        let mut tera = templates.tera.clone();
        tera.global_context()
            .insert("site", &context::global(compiled, options.live_reload));
        Self {
            templates,
            tera,
            compiled,
        }
    }

    /// The stylesheet and the script, written once beside the pages, not into each.
    fn assets<S: Sink>(&self, sink: &S) -> Result<(), S::Error> {
        sink.put(SiteFile {
            path: "assets/tomc.css".into(),
            bytes: format!(
                "{}\n{}",
                self.templates.raw("style.css", BUILTIN_CSS),
                self.templates.raw("extra.css", BUILTIN_EXTRA_CSS)
            )
            .into_bytes(),
        })?;
        sink.put(SiteFile {
            path: "assets/tomc.js".into(),
            bytes: self.templates.raw("site.js", BUILTIN_JS).into_bytes(),
        })
    }

    /// The pages other than the elements' and the journeys'. In a model without
    /// plateaus, the strategy map, the scorecard and the roadmap show the overview.
    fn pages<S: Sink>(&self, sink: &S) -> Result<(), S::Error> {
        let model = &self.compiled.model;
        let overview = context::overview::overview(self.compiled);
        self.put(sink, "index.html", "index", "Overview", &overview)?;
        if model.plateaus.is_empty() {
            for (path, current, title) in [
                ("strategy.html", "strategy", "Strategy map"),
                ("kpis.html", "kpis", "KPI scorecard"),
                ("roadmap.html", "roadmap", "Roadmap"),
            ] {
                let page = self.render(path.into(), "index.html", current, title, &overview)?;
                sink.put(page)?;
            }
        } else {
            let strategy = context::strategy::strategy(model);
            self.put(sink, "strategy.html", "strategy", "Strategy map", &strategy)?;
            let kpis = context::kpis::kpis(model);
            self.put(sink, "kpis.html", "kpis", "KPI scorecard", &kpis)?;
            let mut roadmap = context::roadmap::roadmap(model);
            if self.compiled.is_readable() {
                roadmap.gaps_html = Some(context::roadmap::gap_report_html(model));
            }
            self.put(sink, "roadmap.html", "roadmap", "Roadmap", &roadmap)?;
        }
        let heatmap = context::heatmap::heatmap(model);
        self.put(
            sink,
            "heatmap.html",
            "heatmap",
            "Capability heat map",
            &heatmap,
        )?;
        let journeys = context::journeys::journeys(model);
        self.put(sink, "journeys.html", "journeys", "Journeys", &journeys)?;
        let elements = context::element::elements(model);
        self.put(sink, "elements.html", "elements", "Elements", &elements)?;
        let search = context::search::Search {};
        self.put(sink, "search.html", "search", "Search", &search)?;
        let rules = context::rules::rules();
        self.put(sink, "rules.html", "rules", "Rule catalogue", &rules)
    }

    /// The page `file`, rendered from the template of the same name.
    fn put<S: Sink>(
        &self,
        sink: &S,
        file: &str,
        current: &str,
        title: &str,
        data: &impl Serialize,
    ) -> Result<(), S::Error> {
        sink.put(self.render(file.into(), file, current, title, data)?)
    }

    /// A page per element, and per journey in a model with a plateau, rendered and
    /// handed to `sink` on every core; the first error in element order is returned.
    fn element_pages<S: Sink>(&self, sink: &S) -> Result<(), S::Error> {
        let compiled = self.compiled;
        let model = &compiled.model;
        // Every plateau projected once, for all element pages.
        let views = context::views(model);
        let by_element = context::findings_by_element(compiled);
        let elements: Vec<_> = model.iter().collect();
        let written = crate::parallel::map(&elements, PAGES_PER_TASK, |&(idx, e)| {
            if !model.plateaus.is_empty() && e.kind == Kind::Journeys {
                let data = context::journeys::journey(&views, idx);
                let path = context::journey_url(&e.id);
                sink.put(self.render(path, "journey.html", "journeys", e.name(), &data)?)?;
            }
            let data = context::element::element(compiled, &views, &by_element, idx);
            let title = format!("{} {}", e.kind.singular(), e.name());
            let path = context::element_url(&e.id);
            sink.put(self.render(path, "element.html", "elements", &title, &data)?)
        });
        written.into_iter().collect()
    }

    /// One page: `template` rendered with the page's data, its depth below the site root
    /// (for relative links), the navigation entry it belongs to and its title.
    fn render(
        &self,
        path: String,
        template: &str,
        current: &str,
        title: &str,
        data: &impl Serialize,
    ) -> Result<SiteFile, TemplateError> {
        let frame = Frame {
            page: data,
            root: "../".repeat(path.matches('/').count()),
            current,
            title,
        };
        let html = Context::from_serialize(&frame)
            .and_then(|ctx| self.tera.render(template, &ctx))
            .map_err(|e| self.templates.error(&e))?;
        Ok(SiteFile {
            path,
            bytes: html.into_bytes(),
        })
    }
}
