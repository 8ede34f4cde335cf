//! Command-line interface.

use crate::spec::rules::RuleSetting;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// A compiler for Target Operating Models written as YAML.
///
/// Checks a TOM spec (strategy, customers, capabilities, operations, plateaus and
/// initiatives) and points at the exact line of every problem.
#[derive(Debug, Parser)]
#[command(name = "tomc", version, propagate_version = true, max_term_width = 100)]
#[command(
    after_help = "Exit codes: 0 no errors, 1 errors found, 2 the command could not run.\n\
Start with `tomc init my-tom`, then `tomc check my-tom`."
)]
pub struct Cli {
    /// Show no progress on the terminal while a long build, export, import, diff or
    /// manifest runs.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a TOM spec and report every problem with its file, line and column.
    #[command(
        after_help = "Examples:\n  tomc check                       check the project in this directory\n  \
tomc check examples/northwind-bank\n  tomc check --format json > findings.json\n  \
tomc check --plateau wave-1      check plateau-sensitive rules at wave-1 only\n  \
tomc check --rule orphan-element=off --rule missing-owner=error\n  \
tomc check --format sarif > tomc.sarif   for code scanning\n  \
tomc check --format github       annotations on a GitHub pull request\n  \
tomc check --format gitlab > gl-code-quality-report.json   for a GitLab merge request"
    )]
    Check(CheckArgs),
    /// List every rule: id, default level, where it looks, what it checks.
    #[command(after_help = "Examples:\n  tomc rules\n  tomc rules --format json\n  \
tomc rules --format markdown > docs/rules.md\n  tomc explain touchpoint-unsupported")]
    Rules(RulesArgs),
    /// Explain a rule: what it checks, why it matters, an example, how to fix it.
    #[command(after_help = "Example:\n  tomc explain touchpoint-unsupported")]
    Explain(ExplainArgs),
    /// Write the canonical, fully resolved model at a plateau, for review and diffing.
    #[command(
        after_help = "Examples:\n  tomc manifest                          the target plateau, as YAML on stdout\n  \
tomc manifest --plateau current\n  tomc manifest --all -o manifest      one file per plateau: manifest/<plateau>.yaml\n  \
tomc manifest --format json"
    )]
    Manifest(ManifestArgs),
    /// Report the gaps between two plateaus: changes, initiatives, uplift, KPIs, roadmap.
    #[command(
        after_help = "Examples:\n  tomc gaps                            from the first plateau to the last, as Markdown\n  \
tomc gaps --from current --to wave-1\n  tomc gaps --format json > gaps.json\n  \
tomc gaps --format html -o gaps.html   one self-contained page"
    )]
    Gaps(GapsArgs),
    /// Show what depends on elements (or what they depend on), transitively, per plateau.
    #[command(
        after_help = "Examples:\n  tomc impact sys-core-banking           what depends on it, at every plateau it exists in\n  \
tomc impact sys-core-banking --plateau current\n  \
tomc impact cap-onboarding --direction up   what it depends on\n  \
tomc impact sys-a sys-b --all --format json\n\n\
docs/spec-format.md gives the direction of every reference field."
    )]
    Impact(ImpactArgs),
    /// Show what a change does to the operating model: elements, findings, coverage, gaps.
    #[command(
        after_help = "OLD and NEW are project directories or git revisions written git:REV\n\
(git:REV:DIR for a project in DIR of the repository; git:REV alone means the project in\n\
the current directory). Revisions are read from the repository without touching the\n\
working tree or the index.\n\n\
Examples:\n  tomc diff --base origin/main          the working tree against origin/main\n  \
tomc diff --base HEAD~1 examples/northwind-bank\n  tomc diff git:HEAD~1 git:HEAD\n  \
tomc diff old-copy/ . --format json\n  tomc diff --base origin/main --exit-code   exit 1 when the model changed"
    )]
    Diff(DiffArgs),
    /// Build the documentation site: HTML pages, manifests, gap report and findings.
    #[command(
        after_help = "Examples:\n  tomc build                          the project here, into ./site\n  \
tomc build examples/northwind-bank -o public\n  tomc build --strict                 write nothing if the model has errors\n  \
tomc build --templates my-theme     override the built-in templates\n  \
tomc build --format markdown -o docs/tom   Markdown pages with Mermaid diagrams\n\n\
Templates: any file of a `templates/` directory beside tom.yaml (or of --templates DIR)\n\
replaces the built-in template of the same name; `extra.css` adds styles."
    )]
    Build(BuildArgs),
    /// Build the site, serve it on 127.0.0.1 and rebuild when the spec or templates change.
    #[command(
        after_help = "Examples:\n  tomc serve\n  tomc serve examples/northwind-bank --port 8080"
    )]
    Serve(ServeArgs),
    /// Run the language server on stdin and stdout, for editors.
    #[command(
        after_help = "Editors start it themselves; docs/editors.md says how to set one up.\n\nExamples:\n  tomc lsp\n  tomc lsp --stdio"
    )]
    Lsp(LspArgs),
    /// Write the site's built-in templates into a directory, to override them.
    #[command(
        after_help = "Examples:\n  tomc templates export my-tom/templates   templates/ beside tom.yaml: tomc build reads it\n  \
tomc templates export theme --force       replace the templates exported before\n  \
tomc build --templates theme\n\n\
Edit a template, and delete those you keep as built in. docs/site.md lists the variables\n\
every template receives."
    )]
    Templates(TemplatesArgs),
    /// Print the JSON Schema of model files or of tom.yaml, for editors.
    #[command(
        after_help = "Editors with yaml-language-server use it through a first-line comment:\n  \
# yaml-language-server: $schema=schema/model.schema.json\n\n\
Examples:\n  tomc schema > model.schema.json\n  tomc schema project > tom.schema.json\n  \
tomc schema --out-dir schema      write both files"
    )]
    Schema(SchemaArgs),
    /// Write the model for another tool: ArchiMate, or a spreadsheet workbook.
    #[command(after_help = "Examples:\n  tomc export archimate -o model.xml\n  \
tomc export archimate examples/northwind-bank > northwind.xml\n  \
tomc export sheet -o tom.xlsx                  a sheet per kind at the target plateau\n  \
tomc export sheet --plateau current -o current.xlsx\n  \
tomc export sheet --format csv -o sheets       one CSV file per sheet\n\n\
The ArchiMate file follows the Open Group exchange format 3.1 and opens in Archi,\n\
BiZZdesign and Sparx EA; docs/archimate.md gives the mapping. docs/spreadsheets.md\n\
describes the workbook.")]
    Export(ExportArgs),
    /// Read a model from another tool, or rows of a spreadsheet, into a project.
    #[command(
        after_help = "Examples:\n  tomc import archimate model.xml -o my-tom\n  tomc check my-tom\n  \
tomc import sheet applications.xlsx --map applications.map.yaml\n  \
tomc import sheet kpis.csv --map kpis.map.yaml --project my-tom --keep-missing\n\n\
ArchiMate element types with no tomc kind, and relationships with no tomc field, are\n\
listed and skipped; docs/archimate.md gives the mapping. A sheet import writes the one\n\
model file its mapping names and reports every row it refuses; docs/spreadsheets.md\n\
describes the mapping."
    )]
    Import(ImportArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  tomc completions bash > ~/.local/share/bash-completion/completions/tomc\n  \
tomc completions zsh > \"${fpath[1]}/_tomc\"\n  \
tomc completions fish > ~/.config/fish/completions/tomc.fish\n  \
tomc completions powershell >> $PROFILE"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page, or write one page per command.
    #[command(
        after_help = "Examples:\n  tomc man | man -l -\n  tomc man --out-dir /usr/local/share/man/man1"
    )]
    Man(ManArgs),
    /// Create a small, valid starter project.
    #[command(
        after_help = "Examples:\n  tomc init my-tom\n  tomc init          in the current directory"
    )]
    Init(InitArgs),
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Snippets with labels and help, then a summary (for people).
    Human,
    /// One JSON document on stdout (for tools).
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub, GitLab, Azure DevOps).
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// A GitLab Code Quality report (JSON): findings in the merge request.
    Gitlab,
}

/// Output formats of `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// A table (for people).
    Human,
    /// One JSON document with every rule and its documentation.
    Json,
    /// The rule reference as a Markdown page (docs/rules.md).
    Markdown,
}

/// Arguments of `rules`.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
}

/// Arguments of `explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. `touchpoint-unsupported`.
    pub rule: String,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// When writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The project directory or its tom.yaml [default: the current directory].
    pub path: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Check plateau-sensitive rules at this plateau only.
    #[arg(long, value_name = "PLATEAU")]
    pub plateau: Option<String>,
    /// Set a rule's level (error, warning, info, off), over `rules:` in tom.yaml.
    /// Repeatable.
    #[arg(long, value_name = "RULE=LEVEL")]
    pub rule: Vec<RuleSetting>,
    /// Fail (exit 1) when there are warnings, not only errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// Output formats of `manifest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ManifestFormat {
    /// YAML, one value per line.
    Yaml,
    /// JSON.
    Json,
}

/// Arguments of `manifest`.
#[derive(Debug, clap::Args)]
pub struct ManifestArgs {
    /// The project directory or its tom.yaml [default: the current directory].
    pub path: Option<PathBuf>,
    /// The plateau [default: the last, the target].
    #[arg(long, value_name = "PLATEAU", conflicts_with = "all")]
    pub plateau: Option<String>,
    /// Every plateau, one file each (needs -o).
    #[arg(long, requires = "out")]
    pub all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ManifestFormat::Yaml)]
    pub format: ManifestFormat,
    /// Write DIR/PLATEAU.yaml (or .json) instead of printing.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Output formats of `build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SiteFormat {
    /// Self-contained HTML pages.
    Html,
    /// Markdown pages with Mermaid diagrams (GitHub, GitLab, MkDocs, mdBook).
    Markdown,
}

/// Arguments of `build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The project directory or its tom.yaml [default: the current directory].
    pub path: Option<PathBuf>,
    /// The site directory; replaced whole when the build succeeds.
    #[arg(long, short, value_name = "DIR", default_value = "site")]
    pub out: PathBuf,
    /// Write nothing when the model has errors.
    #[arg(long)]
    pub strict: bool,
    /// A directory of templates that replace the built-in ones by name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SiteFormat::Html)]
    pub format: SiteFormat,
    /// Also print the executive summary, strategy map, roadmap and gap report to
    /// `summary.pdf` in the site, with the system's Chromium or Chrome (or the browser
    /// named by TOMC_CHROMIUM).
    #[arg(long)]
    pub pdf: bool,
}

/// Arguments of `lsp`.
#[derive(Debug, clap::Args)]
pub struct LspArgs {
    /// Talk over stdin and stdout (the only transport; editors pass it).
    #[arg(long)]
    pub stdio: bool,
}

/// Arguments of `serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The project directory or its tom.yaml [default: the current directory].
    pub path: Option<PathBuf>,
    /// The port on 127.0.0.1 (0: any free port, printed at start).
    #[arg(long, default_value_t = 4000)]
    pub port: u16,
    /// A directory of templates that replace the built-in ones by name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// Arguments of `templates`.
#[derive(Debug, clap::Args)]
pub struct TemplatesArgs {
    /// What to do with the templates.
    #[command(subcommand)]
    pub action: TemplatesAction,
}

/// What `templates` does.
#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    /// Write every built-in template into DIR, to edit and override.
    Export(TemplatesExportArgs),
}

/// Arguments of `templates export`.
#[derive(Debug, clap::Args)]
pub struct TemplatesExportArgs {
    /// The directory to write the templates into; created if missing.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Overwrite the templates already in DIR.
    #[arg(long)]
    pub force: bool,
}

/// Output formats of `gaps`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GapsFormat {
    /// Markdown tables.
    Md,
    /// One JSON document, numbers as numbers.
    Json,
    /// One self-contained HTML page.
    Html,
}

/// Arguments of `gaps`.
#[derive(Debug, clap::Args)]
pub struct GapsArgs {
    /// The project directory or its tom.yaml [default: the current directory].
    pub path: Option<PathBuf>,
    /// The earlier plateau [default: the first, the baseline].
    #[arg(long, value_name = "PLATEAU")]
    pub from: Option<String>,
    /// The later plateau [default: the last, the target].
    #[arg(long, value_name = "PLATEAU")]
    pub to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GapsFormat::Md)]
    pub format: GapsFormat,
    /// Write to FILE instead of printing.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Which way `impact` follows the links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImpactDirection {
    /// What depends on the named elements.
    Down,
    /// What the named elements depend on.
    Up,
}

/// Output formats of `impact`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImpactFormat {
    /// Text for a terminal, grouped by kind.
    Human,
    /// One JSON document.
    Json,
    /// Markdown, a table per plateau.
    Md,
}

/// Arguments of `impact`.
#[derive(Debug, clap::Args)]
pub struct ImpactArgs {
    /// The ids of the elements to start from.
    #[arg(value_name = "ID", required = true)]
    pub ids: Vec<String>,
    /// The project directory or its tom.yaml [default: the current directory].
    #[arg(long, value_name = "DIR")]
    pub project: Option<PathBuf>,
    /// Only this plateau [default: every plateau where a named element exists].
    #[arg(long, value_name = "PLATEAU", conflicts_with = "all")]
    pub plateau: Option<String>,
    /// Every plateau, those where no named element exists included.
    #[arg(long)]
    pub all: bool,
    /// `down`: what depends on them; `up`: what they depend on.
    #[arg(long, value_enum, default_value_t = ImpactDirection::Down)]
    pub direction: ImpactDirection,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ImpactFormat::Human)]
    pub format: ImpactFormat,
}

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Markdown for a pull-request comment: a verdict, then a section per plateau.
    Md,
    /// One JSON document with the same content, in full.
    Json,
}

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// OLD and NEW: project directories or `git:REV`; with --base, only the project path.
    #[arg(value_name = "OLD NEW", num_args = 0..=2)]
    pub sides: Vec<String>,
    /// Compare the project as of git revision REV with the working tree.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Md)]
    pub format: DiffFormat,
    /// Exit 1 when the model changed (like `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
    /// Write to FILE instead of printing.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Which schema to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// Model files (the files listed by `include`).
    Model,
    /// The project file, tom.yaml.
    Project,
}

/// Arguments of `schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which schema to print.
    #[arg(value_enum, default_value_t = SchemaKind::Model)]
    pub which: SchemaKind,
    /// Write both schemas (model.schema.json, tom.schema.json) into this directory instead.
    #[arg(long, short, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

/// Arguments of `init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Where to create the project [default: the current directory].
    pub dir: Option<PathBuf>,
    /// The organisation's name, written into tom.yaml.
    #[arg(long, default_value = "My Organisation")]
    pub name: String,
}

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The format to write.
    #[command(subcommand)]
    pub format: ExportFormat,
}

/// The formats `export` writes.
#[derive(Debug, Subcommand)]
pub enum ExportFormat {
    /// An ArchiMate 3.1 Model Exchange File (XML).
    Archimate(ExportArchimateArgs),
    /// A workbook (or CSV files) with a sheet per kind, the gaps, the roadmap and the KPIs.
    Sheet(ExportSheetArgs),
}

/// The files `export sheet` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SheetFormat {
    /// One Excel workbook (`.xlsx`).
    Xlsx,
    /// A directory with one CSV file per sheet.
    Csv,
}

/// Arguments of `export sheet`.
#[derive(Debug, clap::Args)]
pub struct ExportSheetArgs {
    /// The project directory or its tom.yaml [default: the current directory].
    pub path: Option<PathBuf>,
    /// The plateau whose values the kind sheets show [default: the last, the target].
    #[arg(long, value_name = "PLATEAU")]
    pub plateau: Option<String>,
    /// What to write.
    #[arg(long, value_enum, default_value_t = SheetFormat::Xlsx)]
    pub format: SheetFormat,
    /// The workbook to write (xlsx), or the directory for the CSV files (csv).
    #[arg(long, short, value_name = "PATH")]
    pub out: PathBuf,
}

/// Arguments of `export archimate`.
#[derive(Debug, clap::Args)]
pub struct ExportArchimateArgs {
    /// The project directory or its tom.yaml [default: the current directory].
    pub path: Option<PathBuf>,
    /// Write to FILE instead of printing.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Arguments of `import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The format to read.
    #[command(subcommand)]
    pub format: ImportFormat,
}

/// The formats `import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportFormat {
    /// An ArchiMate 3.x Model Exchange File (XML).
    Archimate(ImportArchimateArgs),
    /// Rows of a spreadsheet (`.csv` or `.xlsx`) into one model file of a project.
    Sheet(ImportSheetArgs),
}

/// Arguments of `import sheet`.
#[derive(Debug, clap::Args)]
pub struct ImportSheetArgs {
    /// The spreadsheet: a `.csv` or `.xlsx` file.
    pub file: PathBuf,
    /// The mapping (YAML): the kind, the model file it writes, which column is which field.
    #[arg(long = "map", value_name = "MAPPING")]
    pub map: PathBuf,
    /// The project directory or its tom.yaml [default: the current directory].
    #[arg(long, value_name = "DIR")]
    pub project: Option<PathBuf>,
    /// Keep the elements whose row is gone from the sheet instead of removing them.
    #[arg(long)]
    pub keep_missing: bool,
}

/// Arguments of `import archimate`.
#[derive(Debug, clap::Args)]
pub struct ImportArchimateArgs {
    /// The exchange file.
    pub file: PathBuf,
    /// The project directory to create; it must not exist or be empty
    /// [default: the file's name without `.xml`].
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write tomc.1 and a page per command (tomc-check.1, …) into this directory.
    #[arg(long, short, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}
