//! The documentation site: self-contained HTML pages rendered from tera templates
//! (embedded, overridable per project), plus the machine outputs beside them (findings,
//! manifests, the gap report). The emitter hands each file, once finished, to a
//! [`Sink`]; the command decides where it goes (a directory, or memory for `tomc serve`),
//! so a large site is never held whole in memory.

pub mod context;
pub mod markdown;
pub mod markdown_site;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Value as Json, json};
use tera::{Context, Tera};

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

/// The built-in templates, compiled into the binary.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../../templates/site/base.html"),
    ),
    (
        "index.html",
        include_str!("../../../templates/site/index.html"),
    ),
    (
        "strategy.html",
        include_str!("../../../templates/site/strategy.html"),
    ),
    (
        "heatmap.html",
        include_str!("../../../templates/site/heatmap.html"),
    ),
    (
        "journeys.html",
        include_str!("../../../templates/site/journeys.html"),
    ),
    (
        "journey.html",
        include_str!("../../../templates/site/journey.html"),
    ),
    (
        "kpis.html",
        include_str!("../../../templates/site/kpis.html"),
    ),
    (
        "roadmap.html",
        include_str!("../../../templates/site/roadmap.html"),
    ),
    (
        "elements.html",
        include_str!("../../../templates/site/elements.html"),
    ),
    (
        "element.html",
        include_str!("../../../templates/site/element.html"),
    ),
    (
        "search.html",
        include_str!("../../../templates/site/search.html"),
    ),
    (
        "rules.html",
        include_str!("../../../templates/site/rules.html"),
    ),
];

/// The site's templates: the built-in ones, overridden by a project's.
pub struct Templates {
    tera: Tera,
    /// Where each template came from (a file path, or `built-in`).
    origin: BTreeMap<String, String>,
    /// The stylesheets and scripts of the overrides, by name (copied as written).
    assets: BTreeMap<String, String>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// A directory of template overrides and the directory its files must stay inside
/// (after following links): the project for `templates/`, the directory itself for
/// `--templates`.
#[derive(Debug, Clone)]
pub struct Overrides {
    /// Where the files are.
    pub dir: PathBuf,
    /// What no file may lead out of.
    pub within: PathBuf,
}

/// The largest template file read (far above any real page template or stylesheet).
pub const MAX_TEMPLATE_BYTES: u64 = 8 * 1024 * 1024;

impl Templates {
    /// The built-in templates, then every `*.html`, `*.css` and `*.js` file of each
    /// directory in `overrides` (later ones win), by file name.
    pub fn load(overrides: &[Overrides]) -> Result<Self, TemplateError> {
        let mut sources: BTreeMap<String, (String, String)> = BUILTIN
            .iter()
            .map(|&(name, text)| {
                (
                    name.to_owned(),
                    (format!("built-in template {name}"), text.to_owned()),
                )
            })
            .collect();
        let mut assets = BTreeMap::new();
        for o in overrides {
            for (name, path) in template_files(o)? {
                let text = read_template(&path)?;
                if !name.ends_with(".html") {
                    assets.insert(name.clone(), text.clone());
                }
                sources.insert(name, (path.display().to_string(), text));
            }
        }
        let origin: BTreeMap<String, String> = sources
            .iter()
            .map(|(name, (place, _))| (name.clone(), place.clone()))
            .collect();
        let mut tera = Tera::new();
        // Only HTML is a template; CSS and JavaScript are copied as written.
        let result = tera.add_raw_templates(
            sources
                .iter()
                .filter(|(name, _)| name.ends_with(".html"))
                .map(|(name, (_, text))| (name.as_str(), text.as_str())),
        );
        let templates = Self {
            tera,
            origin,
            assets,
        };
        result.map_err(|e| templates.error(&e))?;
        Ok(templates)
    }

    /// A tera error, said of the file it happened in.
    fn error(&self, e: &tera::Error) -> TemplateError {
        let report = match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
            _ => None,
        };
        match report {
            Some(r) => {
                let file = self
                    .origin
                    .get(r.filename())
                    .cloned()
                    .unwrap_or_else(|| r.filename().to_owned());
                TemplateError {
                    place: format!("{file}:{}:{}", r.span().start_line, r.span().start_col + 1),
                    message: r.message().to_owned(),
                }
            }
            None => TemplateError {
                place: "templates".into(),
                message: e.to_string(),
            },
        }
    }

    /// The text of a stylesheet or script: the override's, else the built-in one.
    fn raw(&self, name: &str, builtin: &str) -> String {
        self.assets
            .get(name)
            .cloned()
            .unwrap_or_else(|| builtin.to_owned())
    }
}

/// A template file's text: a regular file of at most [`MAX_TEMPLATE_BYTES`], read
/// without blocking on a FIFO and through a reader that stops there whatever the file's
/// size claims.
fn read_template(path: &Path) -> Result<String, TemplateError> {
    use crate::load::ReadError;
    let error = |message: String| TemplateError {
        place: path.display().to_string(),
        message,
    };
    let bytes = crate::load::read_bounded(path, MAX_TEMPLATE_BYTES).map_err(|e| {
        error(match e {
            ReadError::NotRegular { what, .. } => {
                format!("the template is not a regular file ({what})")
            }
            ReadError::TooLarge { max, .. } => {
                format!("the template is larger than {max}, the most tomc reads")
            }
            ReadError::Io { source, .. } => format!("cannot read the template: {source}"),
        })
    })?;
    String::from_utf8(bytes).map_err(|_| error("the template is not UTF-8 text".into()))
}

/// The template files of an override directory, by name. A file that is a link out of
/// the directory it must stay inside, or that is not a regular file, is an error.
fn template_files(o: &Overrides) -> Result<Vec<(String, PathBuf)>, TemplateError> {
    let dir = &o.dir;
    let cannot = |e: std::io::Error| TemplateError {
        place: dir.display().to_string(),
        message: format!("cannot read the templates directory: {e}"),
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(cannot(e)),
    };
    let within = std::fs::canonicalize(&o.within).map_err(cannot)?;
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let wanted = [".html", ".css", ".js"]
            .iter()
            .any(|ext| name.ends_with(ext));
        if !wanted {
            continue;
        }
        let refuse = |message: String| TemplateError {
            place: path.display().to_string(),
            message,
        };
        let real = std::fs::canonicalize(&path)
            .map_err(|e| refuse(format!("cannot read the template: {e}")))?;
        if !real.starts_with(&within) {
            return Err(refuse(format!(
                "a link to `{}`, outside `{}`: templates are read only from inside the project or the --templates directory",
                real.display(),
                within.display()
            )));
        }
        // What the file is (a directory, a FIFO) is judged by the bounded reader, on the
        // file it opens.
        files.push((name, path));
    }
    files.sort();
    Ok(files)
}

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

const BUILTIN_CSS: &str = include_str!("../../../templates/site/style.css");
const BUILTIN_JS: &str = include_str!("../../../templates/site/site.js");
const BUILTIN_EXTRA_CSS: &str = "";

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
