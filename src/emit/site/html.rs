//! The HTML site: every page of [`PAGES`] and a page per element and per journey,
//! rendered from the templates, with the stylesheet, the script and the search index
//! beside them.

use serde::Serialize;
use tera::{Context, Tera};

use crate::compile::Compiled;
use crate::emit::output::Render;
use crate::emit::tree::json_error;
use crate::spec::Kind;

use super::context::{self, Frame};
use super::element_html::{FRAME_TEMPLATE, FRAME_TITLE, PageFrame};
use super::pages::{ELEMENT_PAGE, EachPage, JOURNEY_PAGE, OVERVIEW, PAGES, Page, has_journey_maps};
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
    ///
    /// The pages of [`PAGES`], the search index and the outputs for tools are written
    /// on one thread while the element pages are written on the others: on a large
    /// model each of those files is one long serial job, which would otherwise leave
    /// every other core idle. When both sides fail, the error of the pages of
    /// [`PAGES`] and outputs is the one returned, so the error does not depend on timing.
    fn render<S: Sink>(&self, compiled: &Compiled, sink: &S) -> Result<(), S::Error> {
        let writer = Writer::new(&self.templates, compiled, self.options);
        writer.assets(sink)?;
        let (pages, elements) = crate::parallel::join(
            || -> Result<(), S::Error> {
                for page in PAGES {
                    writer.page(page, sink)?;
                }
                let index = serde_json::to_string(&context::search::search_index(&compiled.model))
                    .map(|index| format!("window.TOMC_SEARCH = {index};\n"))
                    .map_err(json_error);
                sink.put(serialised("search-index.js".into(), index)?)?;
                machine_outputs(compiled, &writer.shared, sink)
            },
            || writer.element_pages(sink),
        );
        pages.and(elements)
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
    /// What several pages and outputs read, computed once.
    shared: context::Shared<'a>,
    /// The frame of the element pages, which are then written without tera, when
    /// neither `element.html` nor `base.html` is overridden.
    element_frame: Option<PageFrame>,
}

impl<'a> Writer<'a> {
    fn new(templates: &'a Templates, compiled: &'a Compiled, options: SiteOptions) -> Self {
        let mut tera = templates.tera.clone();
        tera.global_context()
            .insert("site", &context::global(compiled, options.live_reload));
        let element_frame = element_frame(templates, &mut tera);
        Self {
            templates,
            tera,
            compiled,
            shared: context::Shared::new(&compiled.model),
            element_frame,
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

    /// One page of [`PAGES`]; in a model without plateaus, a page that needs one shows
    /// the overview.
    fn page<S: Sink>(&self, page: &Page, sink: &S) -> Result<(), S::Error> {
        let stand_in = !page.is_drawn(&self.compiled.model);
        let (template, kind) = if stand_in {
            (OVERVIEW.template, OVERVIEW.kind)
        } else {
            (page.template, page.kind)
        };
        let data = context::page(kind, self.compiled, &self.shared);
        sink.put(self.render(page.file.into(), template, page.id, page.title, &data)?)
    }

    /// A page per element, and per journey in a model with a plateau, rendered and
    /// handed to `sink` on every core; the first error in element order is returned.
    fn element_pages<S: Sink>(&self, sink: &S) -> Result<(), S::Error> {
        let compiled = self.compiled;
        let model = &compiled.model;
        // Every plateau projected once, for all element pages and the pages of PAGES.
        let views = self.shared.views();
        let reach = self.shared.reach();
        let by_element = context::findings_by_element(compiled);
        let elements: Vec<_> = model.iter().collect();
        let written = crate::parallel::map(&elements, PAGES_PER_TASK, |&(idx, e)| {
            if has_journey_maps(model) && e.kind == Kind::Journeys {
                let data = context::journeys::journey(views, idx);
                sink.put(self.render_each(&JOURNEY_PAGE, &e.id, e.name(), &data)?)?;
            }
            let data = context::element::element(compiled, views, reach, &by_element, idx);
            let title = format!("{} {}", e.kind.singular(), e.name());
            let path = context::page_url(&ELEMENT_PAGE, &e.id);
            match &self.element_frame {
                Some(frame) if frame.fits(&root(&path)) => sink.put(SiteFile {
                    bytes: frame.element_page(&title, &data).into_bytes(),
                    path,
                }),
                _ => sink.put(self.render_each(&ELEMENT_PAGE, &e.id, &title, &data)?),
            }
        });
        written.into_iter().collect()
    }

    /// The page of element `id` among the pages `each`.
    fn render_each(
        &self,
        each: &EachPage,
        id: &str,
        title: &str,
        data: &impl Serialize,
    ) -> Result<SiteFile, TemplateError> {
        let path = context::page_url(each, id);
        self.render(path, each.template, each.current, title, data)
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
            root: root(&path),
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

/// The path from the page at `path` to the site root: `""` or `"../"`.
fn root(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The frame of the element pages, rendered once by tera from the built-in
/// `base.html`; none when a project overrides `element.html` or `base.html`, whose
/// pages tera then renders one by one.
fn element_frame(templates: &Templates, tera: &mut Tera) -> Option<PageFrame> {
    if !templates.is_builtin(ELEMENT_PAGE.template) || !templates.is_builtin("base.html") {
        return None;
    }
    let (name, text) = FRAME_TEMPLATE;
    tera.add_raw_template(name, text).ok()?;
    let root = root(&context::page_url(&ELEMENT_PAGE, "x"));
    let frame = Frame {
        page: &(),
        root: root.clone(),
        current: ELEMENT_PAGE.current,
        title: FRAME_TITLE,
    };
    let rendered = Context::from_serialize(&frame)
        .and_then(|ctx| tera.render(name, &ctx))
        .ok()?;
    PageFrame::split(&rendered, &root)
}
