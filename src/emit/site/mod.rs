//! The documentation site: self-contained HTML pages rendered from tera templates
//! (embedded, overridable per project) by [`HtmlSite`], or Markdown pages with Mermaid
//! diagrams by [`MarkdownSite`], plus the machine outputs beside them (findings,
//! manifests, the gap report). The pages are listed once, in [`pages::PAGES`]; the data
//! of each is a struct of [`context`]. A renderer hands each file, once finished, to a
//! [`Sink`]; the command decides where it goes (a directory, or memory), so a large site
//! is never held whole in memory. `tomc serve` renders one file at a time, when it is
//! asked for, through [`html::SitePages`].

pub mod context;
mod element_html;
pub mod html;
pub mod markdown;
pub mod markdown_site;
pub mod pages;
pub mod print;
pub mod reference;
pub mod templates;

use crate::compile::Compiled;
use crate::emit::document::to_markdown;
use crate::emit::findings::{json as json_render, sarif};
use crate::emit::gap_report::{gaps_document, gaps_tree};
use crate::emit::manifest::manifest;
pub use crate::emit::output::{
    BuildError, Memory, OutputError, Sink, SiteFile, TemplateError, serialised,
};
use crate::emit::tree::{to_json, to_yaml};
use crate::model::PlateauIdx;

pub use html::HtmlSite;
pub use markdown_site::MarkdownSite;
pub use templates::{BUILTIN, MAX_TEMPLATE_BYTES, Overrides, Templates};

/// How the site is built.
#[derive(Debug, Clone, Copy, Default)]
pub struct SiteOptions {
    /// Pages poll the server and reload when the site is rebuilt (`tomc serve`).
    pub live_reload: bool,
}

/// The outputs for tools beside the pages: findings (JSON, SARIF) and, when the model
/// reads cleanly, the manifest of every plateau and the gap report (Markdown, JSON).
pub fn machine_outputs<S: Sink>(
    compiled: &Compiled,
    shared: &context::Shared<'_>,
    sink: &S,
) -> Result<(), S::Error> {
    let model = &compiled.model;
    sink.put(serialised(
        "findings.json".into(),
        json_render::render(compiled),
    )?)?;
    sink.put(serialised(
        "findings.sarif".into(),
        sarif::render(compiled, ""),
    )?)?;
    if !compiled.is_readable() {
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
            to_yaml(&manifest(&shared.views()[p.0]), &header),
        )?)?;
    }
    let report = shared.report();
    sink.put(SiteFile {
        path: "gaps.md".into(),
        bytes: (to_markdown(&gaps_document(report)) + "\n").into_bytes(),
    })?;
    sink.put(serialised("gaps.json".into(), to_json(&gaps_tree(report)))?)?;
    Ok(())
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
