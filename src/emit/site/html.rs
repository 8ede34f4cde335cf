//! The HTML site: every page of [`PAGES`] and a page per element and per journey,
//! rendered from the templates, with the stylesheet, the script and the search index
//! beside them. [`HtmlSite::render`] writes them all; [`SitePages`] renders one at a
//! time, by its path, for `tomc serve`, which renders only the pages a browser asks for.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock, PoisonError};

use serde::Serialize;
use tera::{Context, Tera};

use crate::compile::Compiled;
use crate::diag::Diagnostic;
use crate::emit::output::Render;
use crate::emit::tree::json_error;
use crate::model::{Element, ElementIdx};
use crate::spec::Kind;

use super::context::{self, Frame};
use super::element_html::{FRAME_TEMPLATE, FRAME_TITLE, PageFrame};
use super::pages::{ELEMENT_PAGE, EachPage, JOURNEY_PAGE, OVERVIEW, PAGES, Page, has_journey_maps};
use super::templates::{BUILTIN_CSS, BUILTIN_EXTRA_CSS, BUILTIN_JS};
use super::{
    BuildError, OutputError, Sink, SiteFile, SiteOptions, TemplateError, Templates,
    machine_outputs, serialised,
};

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

    /// The site of `compiled`, each file rendered when asked for (see [`SitePages`]).
    pub fn pages<'a>(&'a self, compiled: &'a Compiled) -> SitePages<'a> {
        SitePages {
            writer: Writer::new(&self.templates, compiled, self.options),
            by_element: OnceLock::new(),
            stems: OnceLock::new(),
        }
    }

    /// The file at `path` (from the site root) of the site of `compiled`, with the bytes
    /// [`Render::render`] gives it; `None` when the site has no file there. To render
    /// several files of one model, [`HtmlSite::pages`] shares the work between them.
    pub fn page(&self, compiled: &Compiled, path: &str) -> Option<Result<SiteFile, BuildError>> {
        self.pages(compiled).page(path)
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
        for asset in writer.assets() {
            sink.put(asset)?;
        }
        let (pages, elements) = crate::parallel::join(
            || -> Result<(), S::Error> {
                for page in PAGES {
                    sink.put(writer.page(page)?)?;
                }
                sink.put(writer.search_index()?)?;
                machine_outputs(compiled, &writer.shared, sink)
            },
            || writer.element_pages(sink),
        );
        pages.and(elements)
    }
}

/// The stylesheet beside the pages.
const STYLESHEET: &str = "assets/tomc.css";
/// The script beside the pages.
const SCRIPT: &str = "assets/tomc.js";
/// The index the search page reads.
const SEARCH_INDEX: &str = "search-index.js";

/// The site of one compiled model, each file rendered when asked for by its path, with
/// the same bytes as [`HtmlSite::render`] writes there. What several files read (the
/// projection of every plateau, what depends on each element, the gap report, the
/// findings by element) is computed once, when a file first needs it, and shared by
/// the files rendered after; files may be rendered on several threads at once.
pub struct SitePages<'a> {
    writer: Writer<'a>,
    /// The findings of each element, by element id.
    by_element: OnceLock<BTreeMap<&'a str, Vec<&'a Diagnostic>>>,
    /// The element of each element page, by the page's file stem.
    stems: OnceLock<HashMap<String, ElementIdx>>,
}

impl std::fmt::Debug for SitePages<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SitePages").finish_non_exhaustive()
    }
}

impl SitePages<'_> {
    /// The file at `path` (from the site root, `/`-separated: `index.html`,
    /// `elements/cap.html`), or `None` when the site has no file there. A file is
    /// rendered anew on every call: the caller keeps what it wants to keep.
    ///
    /// # Errors
    ///
    /// Within the option, the error that stops the file, as a full build would meet it.
    pub fn page(&self, path: &str) -> Option<Result<SiteFile, BuildError>> {
        let writer = &self.writer;
        let model = &writer.compiled.model;
        if path == STYLESHEET || path == SCRIPT {
            return writer.assets().into_iter().find(|f| f.path == path).map(Ok);
        }
        if path == SEARCH_INDEX {
            return Some(writer.search_index().map_err(BuildError::from));
        }
        if let Some(page) = PAGES.iter().find(|p| p.file == path) {
            return Some(writer.page(page).map_err(BuildError::from));
        }
        if let Some(idx) = self.element_at(&ELEMENT_PAGE, path) {
            let file = writer.element_page(idx, model.element(idx), self.by_element());
            return Some(file.map_err(BuildError::from));
        }
        if let Some(idx) = self.element_at(&JOURNEY_PAGE, path) {
            let e = model.element(idx);
            if has_journey_maps(model) && e.kind == Kind::Journeys {
                return Some(writer.journey_page(idx, e).map_err(BuildError::from));
            }
            return None;
        }
        self.machine_output(path)
    }

    /// Computes now what every element page reads (the projections, what depends on
    /// each element, the findings by element), which the first page would otherwise wait
    /// for: tens of milliseconds on a large model.
    pub fn prepare(&self) {
        self.writer.shared.reach();
        self.by_element();
        self.stems();
    }

    /// The element whose page among the pages `each` is at `path`.
    fn element_at(&self, each: &EachPage, path: &str) -> Option<ElementIdx> {
        let stem = path
            .strip_prefix(each.dir)?
            .strip_prefix('/')?
            .strip_suffix(".html")?;
        self.stems().get(stem).copied()
    }

    /// The element of each element page, by the page's file stem; the last of two with
    /// the same stem.
    fn stems(&self) -> &HashMap<String, ElementIdx> {
        self.stems.get_or_init(|| {
            let model = &self.writer.compiled.model;
            model
                .iter()
                .map(|(idx, e)| (context::file_stem(&e.id), idx))
                .collect()
        })
    }

    fn by_element(&self) -> &BTreeMap<&str, Vec<&Diagnostic>> {
        self.by_element
            .get_or_init(|| context::findings_by_element(self.writer.compiled))
    }

    /// One of the outputs for tools, written as a build writes them up to the one at
    /// `path`: a file that cannot be serialised before it fails it, as it fails a build.
    fn machine_output(&self, path: &str) -> Option<Result<SiteFile, BuildError>> {
        let one = One {
            path,
            file: Mutex::new(None),
        };
        let written = machine_outputs(self.writer.compiled, &self.writer.shared, &one);
        let file = one
            .file
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        match (written, file) {
            (Err(Stop::Failed(e)), _) => Some(Err(e)),
            (_, file) => file.map(Ok),
        }
    }
}

/// A sink that keeps the one file at `path` and stops the output once it has it.
struct One<'p> {
    path: &'p str,
    file: Mutex<Option<SiteFile>>,
}

/// Why [`One`] stopped an output: it has its file, or a file before it failed.
enum Stop {
    Found,
    Failed(BuildError),
}

impl From<TemplateError> for Stop {
    fn from(e: TemplateError) -> Self {
        Self::Failed(e.into())
    }
}

impl From<OutputError> for Stop {
    fn from(e: OutputError) -> Self {
        Self::Failed(e.into())
    }
}

impl Sink for One<'_> {
    type Error = Stop;

    fn put(&self, file: SiteFile) -> Result<(), Stop> {
        if file.path != self.path {
            return Ok(());
        }
        *self.file.lock().unwrap_or_else(PoisonError::into_inner) = Some(file);
        Err(Stop::Found)
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
    fn assets(&self) -> [SiteFile; 2] {
        [
            SiteFile {
                path: STYLESHEET.into(),
                bytes: format!(
                    "{}\n{}",
                    self.templates.raw("style.css", BUILTIN_CSS),
                    self.templates.raw("extra.css", BUILTIN_EXTRA_CSS)
                )
                .into_bytes(),
            },
            SiteFile {
                path: SCRIPT.into(),
                bytes: self.templates.raw("site.js", BUILTIN_JS).into_bytes(),
            },
        ]
    }

    /// The index of every element that the search page reads.
    fn search_index(&self) -> Result<SiteFile, OutputError> {
        let index = serde_json::to_string(&context::search::search_index(&self.compiled.model))
            .map(|index| format!("window.TOMC_SEARCH = {index};\n"))
            .map_err(json_error);
        serialised(SEARCH_INDEX.into(), index)
    }

    /// One page of [`PAGES`]; in a model without plateaus, a page that needs one shows
    /// the overview.
    fn page(&self, page: &Page) -> Result<SiteFile, TemplateError> {
        let stand_in = !page.is_drawn(&self.compiled.model);
        let (template, kind) = if stand_in {
            (OVERVIEW.template, OVERVIEW.kind)
        } else {
            (page.template, page.kind)
        };
        let data = context::page(kind, self.compiled, &self.shared);
        self.render(page.file.into(), template, page.id, page.title, &data)
    }

    /// A page per element, and per journey in a model with a plateau, rendered and
    /// handed to `sink` on every core; the first error in element order is returned.
    fn element_pages<S: Sink>(&self, sink: &S) -> Result<(), S::Error> {
        let model = &self.compiled.model;
        // Every plateau projected once, for all element pages and the pages of PAGES.
        self.shared.reach();
        let by_element = context::findings_by_element(self.compiled);
        let elements: Vec<_> = model.iter().collect();
        let written = crate::parallel::map(&elements, PAGES_PER_TASK, |&(idx, e)| {
            if has_journey_maps(model) && e.kind == Kind::Journeys {
                sink.put(self.journey_page(idx, e)?)?;
            }
            sink.put(self.element_page(idx, e, &by_element)?)
        });
        written.into_iter().collect()
    }

    /// The journey map of journey `e` (in a model with a plateau).
    fn journey_page(&self, idx: ElementIdx, e: &Element) -> Result<SiteFile, TemplateError> {
        let data = context::journeys::journey(self.shared.views(), idx);
        self.render_each(&JOURNEY_PAGE, &e.id, e.name(), &data)
    }

    /// The page of element `e`, written without tera when its frame allows.
    fn element_page(
        &self,
        idx: ElementIdx,
        e: &Element,
        by_element: &BTreeMap<&str, Vec<&Diagnostic>>,
    ) -> Result<SiteFile, TemplateError> {
        let (views, reach) = (self.shared.views(), self.shared.reach());
        let data = context::element::element(self.compiled, views, reach, by_element, idx);
        let title = format!("{} {}", e.kind.singular(), e.name());
        let path = context::page_url(&ELEMENT_PAGE, &e.id);
        match &self.element_frame {
            Some(frame) if frame.fits(&root(&path)) => Ok(SiteFile {
                bytes: frame.element_page(&title, &data).into_bytes(),
                path,
            }),
            _ => self.render_each(&ELEMENT_PAGE, &e.id, &title, &data),
        }
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::emit::output::files;
    use crate::emit::site::Overrides;

    fn compiled(project: &Path) -> Compiled {
        crate::compile::compile(project, &crate::compile::Options::default()).expect("compiles")
    }

    fn site(overrides: &[Overrides]) -> HtmlSite {
        let templates = Templates::load(overrides).expect("the templates load");
        HtmlSite::new(templates, SiteOptions { live_reload: true })
    }

    /// Every file of the full build, asked for by its path, has the same bytes; a path
    /// of no file has none.
    fn assert_pages_equal_the_build(site: &HtmlSite, compiled: &Compiled) {
        let built = files(site, compiled).expect("the site builds");
        let pages = site.pages(compiled);
        for file in &built {
            let one = pages
                .page(&file.path)
                .unwrap_or_else(|| panic!("no file at {}", file.path))
                .expect("the file renders");
            assert_eq!(one.path, file.path);
            assert!(one.bytes == file.bytes, "{} differs", file.path);
        }
        let paths: Vec<&str> = built.iter().map(|f| f.path.as_str()).collect();
        for missing in [
            "",
            "nope.html",
            "index",
            "/index.html",
            "elements/",
            "elements/nope.html",
            "elements/../index.html",
            "journeys/nope.html",
            "manifest/nope.yaml",
            "assets/nope.css",
            "search-index.json",
        ] {
            assert!(!paths.contains(&missing));
            assert!(pages.page(missing).is_none(), "{missing}");
        }
    }

    #[test]
    fn each_page_on_its_own_is_the_page_of_the_full_build() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let northwind = compiled(&root.join("examples/northwind-bank"));
        let site = site(&[]);
        // Every kind of file the build writes is there to compare.
        let built = files(&site, &northwind).expect("the site builds");
        for kind in [
            "assets/",
            "elements/",
            "journeys/",
            "manifest/",
            "search-index.js",
            "findings.sarif",
            "gaps.json",
            "roadmap.html",
        ] {
            assert!(built.iter().any(|f| f.path.starts_with(kind)), "{kind}");
        }
        assert_pages_equal_the_build(&site, &northwind);
        // A journey has a map; an element of another kind has none.
        let model = &northwind.model;
        let capability = model.iter().find(|(_, e)| e.kind == Kind::Capabilities);
        let (_, capability) = capability.expect("Northwind has capabilities");
        let path = context::page_url(&JOURNEY_PAGE, &capability.id);
        assert!(site.page(&northwind, &path).is_none(), "{path}");
        // The minimal project has no plateau: pages that need one show the overview.
        assert_pages_equal_the_build(&site, &compiled(&root.join("examples/minimal")));
    }

    #[test]
    fn each_page_on_its_own_is_the_page_of_the_full_build_with_overridden_templates() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let northwind = compiled(&root.join("examples/northwind-bank"));
        let dir = tempfile::tempdir().expect("temp dir");
        // An element page tera renders, since `element.html` is overridden.
        let element = super::super::BUILTIN
            .iter()
            .find(|(name, _)| *name == "element.html")
            .map(|(_, text)| text.replace("</h1>", " (ours)</h1>"))
            .expect("a built-in element page");
        std::fs::write(dir.path().join("element.html"), element).expect("write");
        std::fs::write(dir.path().join("extra.css"), "body { color: teal }").expect("write");
        let site = site(&[Overrides {
            dir: dir.path().to_owned(),
            within: dir.path().to_owned(),
        }]);
        assert_pages_equal_the_build(&site, &northwind);
        let page = site
            .page(&northwind, "elements/cap-digital-onboarding.html")
            .expect("a page")
            .expect("it renders");
        assert!(String::from_utf8_lossy(&page.bytes).contains("(ours)</h1>"));
    }

    #[test]
    fn a_file_that_fails_fails_on_its_own() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let northwind = compiled(&root.join("examples/northwind-bank"));
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("kpis.html"), "{{ page.no_such_field }}").expect("write");
        let site = site(&[Overrides {
            dir: dir.path().to_owned(),
            within: dir.path().to_owned(),
        }]);
        assert!(files(&site, &northwind).is_err(), "the full build fails");
        let failed = site.page(&northwind, "kpis.html").expect("a page");
        assert!(matches!(failed, Err(BuildError::Template(_))), "{failed:?}");
        assert!(site.page(&northwind, "index.html").expect("a page").is_ok());
    }
}
