//! The HTML site: every page rendered from the templates, with the stylesheet, the
//! script and the search index beside them.

use serde_json::{Value as Json, json};
use tera::Context;

use crate::analysis::gaps::GapReport;
use crate::compile::Compiled;
use crate::diag::Diagnostic;
use crate::emit::document::{Document, to_html_fragment};
use crate::emit::gap_report::gaps_document;
use crate::emit::output::Render;
use crate::emit::tree::json_error;
use crate::spec::Kind;

use super::context;
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

    fn render<S: Sink>(&self, compiled: &Compiled, sink: &S) -> Result<(), S::Error> {
        write(compiled, &self.templates, self.options, sink)
    }
}

/// Every page of the site and the outputs beside them, each handed to `sink` as soon as
/// it is rendered. The element pages are rendered (and handed over) on every core; the
/// first error in element order is the one returned.
fn write<S: Sink>(
    compiled: &Compiled,
    templates: &Templates,
    options: SiteOptions,
    sink: &S,
) -> Result<(), S::Error> {
    let model = &compiled.model;
    let mut site = context::global(compiled);
    site["live_reload"] = json!(options.live_reload);

    let readable = !compiled
        .diagnostics
        .iter()
        .any(Diagnostic::is_structural_error)
        && !model.plateaus.is_empty();

    // The shared data goes into the global context once, not into every page's.
    let mut tera = templates.tera.clone();
    tera.global_context().insert("site", &site);
    let render =
        |name: &str, ctx: &Context| tera.render(name, ctx).map_err(|e| templates.error(&e));

    // Styles and script are written once beside the pages, not into each of them.
    sink.put(SiteFile {
        path: "assets/tomc.css".into(),
        bytes: format!(
            "{}\n{}",
            templates.raw("style.css", BUILTIN_CSS),
            templates.raw("extra.css", BUILTIN_EXTRA_CSS)
        )
        .into_bytes(),
    })?;
    sink.put(SiteFile {
        path: "assets/tomc.js".into(),
        bytes: templates.raw("site.js", BUILTIN_JS).into_bytes(),
    })?;
    let page = |path: String, template: &str, current: &str, title: String, data: Json| {
        sink.put(render_page(
            &render, path, template, current, &title, &data,
        )?)
    };

    page(
        "index.html".into(),
        "index.html",
        "index",
        "Overview".into(),
        context::overview(compiled),
    )?;
    if !model.plateaus.is_empty() {
        page(
            "strategy.html".into(),
            "strategy.html",
            "strategy",
            "Strategy map".into(),
            context::strategy(model),
        )?;
        page(
            "kpis.html".into(),
            "kpis.html",
            "kpis",
            "KPI scorecard".into(),
            context::kpis(model),
        )?;
        let mut roadmap = context::roadmap(model);
        if readable {
            let report = GapReport::new(model, model.baseline(), model.target());
            let mut doc = gaps_document(&report);
            // The page has its own title; the report's sections start at level 3.
            demote(&mut doc);
            roadmap["gaps_html"] = json!(to_html_fragment(&doc));
        }
        page(
            "roadmap.html".into(),
            "roadmap.html",
            "roadmap",
            "Roadmap".into(),
            roadmap,
        )?;
    } else {
        for (path, current, title) in [
            ("strategy.html", "strategy", "Strategy map"),
            ("kpis.html", "kpis", "KPI scorecard"),
            ("roadmap.html", "roadmap", "Roadmap"),
        ] {
            page(
                path.into(),
                "index.html",
                current,
                title.into(),
                context::overview(compiled),
            )?;
        }
    }
    page(
        "heatmap.html".into(),
        "heatmap.html",
        "heatmap",
        "Capability heat map".into(),
        context::heatmap(model),
    )?;
    page(
        "journeys.html".into(),
        "journeys.html",
        "journeys",
        "Journeys".into(),
        context::journeys(model),
    )?;
    page(
        "elements.html".into(),
        "elements.html",
        "elements",
        "Elements".into(),
        context::elements(model),
    )?;
    page(
        "search.html".into(),
        "search.html",
        "search",
        "Search".into(),
        json!({}),
    )?;
    page(
        "rules.html".into(),
        "rules.html",
        "rules",
        "Rule catalogue".into(),
        context::rules(),
    )?;
    // Every plateau projected once, for all element pages, which are rendered and handed
    // to the sink on every core; the first error in element order is the one reported.
    let views = context::views(model);
    let by_element = context::findings_by_element(compiled);
    let elements: Vec<_> = model.iter().collect();
    let written = crate::parallel::map(&elements, PAGES_PER_TASK, |&(idx, e)| {
        if !model.plateaus.is_empty() && e.kind == Kind::Journeys {
            sink.put(render_page(
                &render,
                context::journey_url(&e.id),
                "journey.html",
                "journeys",
                e.name(),
                &context::journey(&views, idx),
            )?)?;
        }
        sink.put(render_page(
            &render,
            context::element_url(&e.id),
            "element.html",
            "elements",
            &format!("{} {}", e.kind.singular(), e.name()),
            &context::element(compiled, &views, &by_element, idx),
        )?)
    });
    written.into_iter().collect::<Result<(), _>>()?;

    let index = serde_json::to_string(&context::search_index(model))
        .map(|index| format!("window.TOMC_SEARCH = {index};\n"))
        .map_err(json_error);
    sink.put(serialised("search-index.js".into(), index)?)?;
    machine_outputs(compiled, sink)
}

/// How many element pages one thread renders at a time.
const PAGES_PER_TASK: usize = 32;

/// One page: `template` rendered with the page's data, its depth below the site root
/// (for relative links), the navigation entry it belongs to and its title.
fn render_page(
    render: &impl Fn(&str, &Context) -> Result<String, TemplateError>,
    path: String,
    template: &str,
    current: &str,
    title: &str,
    data: &Json,
) -> Result<SiteFile, TemplateError> {
    let depth = path.matches('/').count();
    let mut ctx = Context::new();
    ctx.insert("page", data);
    ctx.insert("root", &"../".repeat(depth));
    ctx.insert("current", current);
    ctx.insert("title", title);
    let html = render(template, &ctx)?;
    Ok(SiteFile {
        path,
        bytes: html.into_bytes(),
    })
}

/// Moves every heading two levels down (`##` → `####`), for a report inside a page.
fn demote(doc: &mut Document) {
    fn walk(blocks: &mut [crate::emit::document::Block]) {
        for block in blocks {
            match block {
                crate::emit::document::Block::Heading(level, _) => *level = (*level + 1).min(6),
                crate::emit::document::Block::Details { body, .. } => walk(body),
                _ => {}
            }
        }
    }
    walk(&mut doc.blocks);
}
