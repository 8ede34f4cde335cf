//! The site's templates: the built-in ones, compiled into the binary, overridden by a
//! project's files of the same name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use super::TemplateError;

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
        "gaps.html",
        include_str!("../../../templates/site/gaps.html"),
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
    // Personas and the omnichannel matrix.
    (
        "personas.html",
        include_str!("../../../templates/site/personas.html"),
    ),
    (
        "channels.html",
        include_str!("../../../templates/site/channels.html"),
    ),
    (
        "insights.html",
        include_str!("../../../templates/site/insights.html"),
    ),
];

/// The site's templates: the built-in ones, overridden by a project's.
pub struct Templates {
    pub(super) tera: Tera,
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
    pub(super) fn error(&self, e: &tera::Error) -> TemplateError {
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

    /// Whether template `name` is the built-in one: no project overrides it.
    pub(super) fn is_builtin(&self, name: &str) -> bool {
        BUILTIN.iter().any(|&(builtin, _)| builtin == name)
            && self
                .origin
                .get(name)
                .is_some_and(|o| o.starts_with("built-in template"))
    }

    /// The text of a stylesheet or script: the override's, else the built-in one.
    pub(super) fn raw(&self, name: &str, builtin: &str) -> String {
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

/// The built-in stylesheet.
pub(super) const BUILTIN_CSS: &str = include_str!("../../../templates/site/style.css");
/// The built-in script.
pub(super) const BUILTIN_JS: &str = include_str!("../../../templates/site/site.js");
/// The built-in `extra.css`: empty, for a project to fill.
pub(super) const BUILTIN_EXTRA_CSS: &str = "";
