//! The documentation site: self-contained HTML pages rendered from tera templates
//! (embedded, overridable per project), plus the machine outputs beside them (findings,
//! manifests, the gap report). The emitter hands each file, once finished, to a
//! [`Sink`]; the command decides where it goes (a directory, or memory for `tomc serve`),
//! so a large site is never held whole in memory.

pub mod context;
pub mod markdown;
pub mod markdown_site;
pub mod templates;

use serde_json::{Value as Json, json};
use tera::Context;

use crate::analysis::gaps::GapReport;
use crate::compile::Compiled;
use crate::diag::Diagnostic;
use crate::emit::document::{Document, to_html_fragment, to_markdown};
use crate::emit::findings::{json as json_render, sarif};
use crate::emit::gap_report::{gaps_document, gaps_tree};
use crate::emit::manifest::manifest;
pub use crate::emit::output::{
    BuildError, Memory, OutputError, Sink, SiteFile, TemplateError, serialised,
};
use crate::emit::tree::{json_error, to_json, to_yaml};
use crate::model::PlateauIdx;
use crate::spec::Kind;

pub use templates::{BUILTIN, MAX_TEMPLATE_BYTES, Overrides, Templates};
use templates::{BUILTIN_CSS, BUILTIN_EXTRA_CSS, BUILTIN_JS};

/// How the site is built.
#[derive(Debug, Clone, Copy, Default)]
pub struct SiteOptions {
    /// Pages poll the server and reload when the site is rebuilt (`tomc serve`).
    pub live_reload: bool,
}

/// Every page of the site and the outputs beside them, in memory and sorted by path.
pub fn build(
    compiled: &Compiled,
    templates: &Templates,
    options: SiteOptions,
) -> Result<Vec<SiteFile>, BuildError> {
    let memory = Memory::default();
    write(compiled, templates, options, &memory)?;
    Ok(memory.into_files())
}

/// Every page of the site and the outputs beside them, each handed to `sink` as soon as
/// it is rendered. The element pages are rendered (and handed over) on every core; the
/// first error in element order is the one returned.
pub fn write<S: Sink>(
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

/// The outputs for tools beside the pages: findings (JSON, SARIF) and, when the model
/// reads cleanly, the manifest of every plateau and the gap report (Markdown, JSON).
pub fn machine_outputs<S: Sink>(compiled: &Compiled, sink: &S) -> Result<(), S::Error> {
    let model = &compiled.model;
    sink.put(serialised(
        "findings.json".into(),
        json_render::render(compiled),
    )?)?;
    sink.put(serialised(
        "findings.sarif".into(),
        sarif::render(compiled, ""),
    )?)?;
    let readable = !compiled
        .diagnostics
        .iter()
        .any(Diagnostic::is_structural_error)
        && !model.plateaus.is_empty();
    if !readable {
        return Ok(());
    }
    for p in (0..model.plateaus.len()).map(PlateauIdx) {
        let plateau = &model.plateaus[p.0];
        let header = format!(
            "Manifest of {} at plateau `{}` ({}), written by tomc from the spec.\nDo not edit: change the spec and run `tomc build` again.",
            model.name, plateau.id, plateau.name
        );
        sink.put(serialised(
            format!("manifest/{}.yaml", context::file_stem(&plateau.id)),
            to_yaml(&manifest(model, p), &header),
        )?)?;
    }
    let report = GapReport::new(model, model.baseline(), model.target());
    sink.put(SiteFile {
        path: "gaps.md".into(),
        bytes: (to_markdown(&gaps_document(&report)) + "\n").into_bytes(),
    })?;
    sink.put(serialised(
        "gaps.json".into(),
        to_json(&gaps_tree(&report)),
    )?)?;
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::tree::pretty_json;
    use std::collections::BTreeMap;

    /// JSON cannot have a map keyed by pairs: serialising one always fails.
    fn unserialisable() -> Result<String, crate::emit::tree::EmitError> {
        pretty_json(&BTreeMap::from([((1, 2), 3)]))
    }

    #[test]
    fn a_sink_takes_no_stand_in_for_a_failed_file() {
        let memory = Memory::default();
        let put = serialised("findings.json".into(), unserialisable())
            .map_err(BuildError::from)
            .and_then(|file| memory.put(file));
        assert!(matches!(put, Err(BuildError::Output(_))), "{put:?}");
        assert!(memory.into_files().is_empty());
    }

    #[test]
    fn serialised_text_is_kept_as_written() {
        let file = serialised("gaps.json".into(), Ok("{}\n".into())).expect("text is given");
        assert_eq!(file.bytes, b"{}\n");
    }
}
