//! What every output shares: the [`Render`] trait, the [`Sink`] its files go to, and
//! the errors that stop an output. Renderers never create diagnostics and never touch the
//! disk; the command picks the sink.

use crate::emit::tree::EmitError;

/// One output of tomc: findings in a format, a manifest, the gap report, a diff, the
/// site, an ArchiMate file. It reads what the compiler produced and hands each file it
/// makes, once finished, to a [`Sink`]; outputs that are one text hand over one file.
pub trait Render {
    /// What the output is made from: a compiled model, or a comparison of two.
    type Input: ?Sized;

    /// Renders `input`, handing every file to `sink`.
    ///
    /// # Errors
    ///
    /// The sink's error, or a template or serialisation error converted into it.
    fn render<S: Sink>(&self, input: &Self::Input, sink: &S) -> Result<(), S::Error>;
}

/// The text of an output that is one file.
///
/// # Errors
///
/// The renderer's error.
pub fn text<R: Render>(renderer: &R, input: &R::Input) -> Result<String, BuildError> {
    let memory = Memory::default();
    renderer.render(input, &memory)?;
    let mut text = String::new();
    for file in memory.into_files() {
        let part = String::from_utf8(file.bytes).map_err(|e| OutputError {
            path: file.path,
            source: EmitError {
                format: "text",
                message: e.to_string(),
            },
        })?;
        text.push_str(&part);
    }
    Ok(text)
}

/// The files of an output, in memory and sorted by path.
///
/// # Errors
///
/// The renderer's error.
pub fn files<R: Render>(renderer: &R, input: &R::Input) -> Result<Vec<SiteFile>, BuildError> {
    let memory = Memory::default();
    renderer.render(input, &memory)?;
    Ok(memory.into_files())
}

/// One file of an output, by its path relative to the output's root (`/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    /// Where, relative to the site root.
    pub path: String,
    /// What.
    pub bytes: Vec<u8>,
}

/// Where an output's files go, one at a time as each is finished, from any thread: a
/// directory for `tomc build`, memory for `tomc serve` and for outputs that are one text.
pub trait Sink: Sync {
    /// Why a file could not be taken; a template error and an output that cannot be
    /// serialised become one too.
    type Error: From<TemplateError> + From<OutputError> + Send;
    /// Takes one finished file.
    fn put(&self, file: SiteFile) -> Result<(), Self::Error>;
}

/// A sink that keeps every file in memory.
#[derive(Debug, Default)]
pub struct Memory {
    files: std::sync::Mutex<Vec<SiteFile>>,
}

impl Memory {
    /// The files taken, sorted by path.
    pub fn into_files(self) -> Vec<SiteFile> {
        let mut files = self
            .files
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Memory {
    type Error = BuildError;
    fn put(&self, file: SiteFile) -> Result<(), BuildError> {
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(file);
        Ok(())
    }
}

/// A template that could not be read, parsed or rendered: which file, where, and what.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{place}: {message}")]
#[diagnostic(
    code(tomc::template),
    help("fix the template, or delete the override to use the built-in one")
)]
pub struct TemplateError {
    /// `templates/base.html:12:5`, or `built-in template base.html`.
    pub place: String,
    /// What went wrong.
    pub message: String,
}

/// A file of an output that could not be serialised: the output fails rather than leave
/// the file out or write a stand-in.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot write `{path}`: {source}")]
#[diagnostic(
    code(tomc::emit),
    help("the model could not be serialised; please report this with the model that caused it")
)]
pub struct OutputError {
    /// The file, relative to the output's root (the site's, for a site).
    pub path: String,
    /// What the serializer said.
    pub source: EmitError,
}

/// The file at `path` with its serialised `text`, or the error naming the file.
pub fn serialised(path: String, text: Result<String, EmitError>) -> Result<SiteFile, OutputError> {
    match text {
        Ok(text) => Ok(SiteFile {
            path,
            bytes: text.into_bytes(),
        }),
        Err(source) => Err(OutputError { path, source }),
    }
}

/// Why a site could not be built in memory.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum BuildError {
    /// A page could not be rendered.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Template(#[from] TemplateError),
    /// An output for tools could not be serialised.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Output(#[from] OutputError),
}
