//! The mapping: which kind, which file, which column is which field, and how the
//! sheet's words read as the spec's values. Read with tomc's own YAML reader, so every
//! mistake is named with its line and column.

use std::path::Path;

use crate::limits::Limits;
use crate::raw::{Key, Node, Value};
use crate::source::{FileId, SourceFile, Span};
use crate::spec::{FieldType, Kind, all_fields, field_spec};
use crate::text::suggestion;

use super::{SheetError, relative_path};

/// The largest mapping read: a mapping is a page of YAML.
pub const MAX_MAPPING_BYTES: u64 = 1024 * 1024;

/// The keys of a mapping.
const KEYS: &[&str] = &[
    "kind",
    "file",
    "sheet",
    "header_row",
    "id",
    "columns",
    "values",
];

/// The keys of `id`.
const ID_KEYS: &[&str] = &["column", "from", "prefix"];

/// The keys of a column written as a mapping.
const COLUMN_KEYS: &[&str] = &["column", "by", "separator"];

/// A mapping, read and checked against the spec.
#[derive(Debug)]
pub(super) struct Mapping {
    /// The kind of the elements made.
    pub kind: Kind,
    /// The model file the import owns, relative to the project, `/`-separated.
    pub file: String,
    /// The sheet of a workbook (`None`: the first).
    pub sheet: Option<String>,
    /// Where `sheet` is written.
    pub sheet_at: String,
    /// The row of the header, 1-based.
    pub header_row: u32,
    /// Where the id comes from.
    pub id: IdFrom,
    /// Written before every id.
    pub prefix: String,
    /// The columns, in the order of the mapping.
    pub columns: Vec<Column>,
}

/// Where the id of each row comes from.
#[derive(Debug)]
pub(super) enum IdFrom {
    /// A column holds the id.
    Column {
        /// The column's header.
        header: String,
        /// Where the header is written in the mapping.
        at: String,
    },
    /// A slug of the name.
    Name,
}

/// One mapped field.
#[derive(Debug)]
pub(super) struct Column {
    /// The field's key (`owner`, `from`).
    pub key: &'static str,
    /// Its type.
    pub ty: FieldType,
    /// Whether every element of the kind must have it.
    pub required: bool,
    /// The column's header.
    pub header: String,
    /// Where the header is written in the mapping.
    pub at: String,
    /// References are matched by exact name instead of id.
    pub by_name: bool,
    /// What separates the items of a list in one cell (line breaks always do).
    pub separator: String,
    /// Sheet word → spec value.
    pub values: Vec<(String, String)>,
}

impl Column {
    /// Whether the field holds a list.
    pub(super) fn is_list(&self) -> bool {
        matches!(self.ty, FieldType::Strings | FieldType::References(_))
    }

    /// The spec value of a sheet word, after `values`.
    pub(super) fn value_of<'a>(&'a self, word: &'a str) -> &'a str {
        self.values
            .iter()
            .find(|(w, _)| w == word)
            .map_or(word, |(_, v)| v.as_str())
    }
}

/// Reads and checks the mapping at `path`.
pub(super) fn read(path: &Path) -> Result<Mapping, SheetError> {
    let name = path.display().to_string();
    let bytes = crate::load::read_bounded(path, MAX_MAPPING_BYTES)?;
    let text = crate::raw::parse::decode(bytes).map_err(|(at, lossy)| {
        let place = place_in(&name, &lossy, at);
        SheetError::new(
            format!("{place}: the mapping is not valid UTF-8"),
            Some("save the mapping as UTF-8".to_owned()),
        )
    })?;
    let source = SourceFile::new(name.clone(), path.to_owned(), text);
    let node = crate::raw::parse::parse(FileId(0), &source, &Limits::DEFAULT).map_err(|d| {
        let place = d
            .span
            .map_or_else(|| name.clone(), |s| place_of(&source, s));
        SheetError::new(format!("{place}: {}", d.message), d.help.clone())
    })?;
    Reader {
        source: &source,
        name,
    }
    .mapping(&node)
}

/// `file:line:column` of byte `offset` of `text`.
fn place_in(name: &str, text: &str, offset: usize) -> String {
    let source = SourceFile::new(name.to_owned(), name.into(), text.to_owned());
    place_of(&source, Span::new(FileId(0), offset, offset))
}

/// `file:line:column` of a span.
fn place_of(source: &SourceFile, span: Span) -> String {
    let at = source.line_col(span.start());
    format!("{}:{}:{}", source.name, at.line, at.column)
}

struct Reader<'a> {
    source: &'a SourceFile,
    name: String,
}

impl Reader<'_> {
    fn at(&self, span: Span) -> String {
        place_of(self.source, span)
    }

    fn error(&self, span: Span, message: impl AsRef<str>, help: Option<String>) -> SheetError {
        SheetError::new(format!("{}: {}", self.at(span), message.as_ref()), help)
    }

    /// The entries of a mapping node, or an error naming `what` it should be.
    fn entries<'n>(&self, node: &'n Node, what: &str) -> Result<&'n [(Key, Node)], SheetError> {
        node.as_map().ok_or_else(|| {
            self.error(
                node.span,
                format!("{what} must be a mapping, found {}", node.value.type_name()),
                None,
            )
        })
    }

    /// Refuses a key that is not one of `keys`, with the nearest as help.
    fn known(&self, key: &Key, keys: &[&str], within: &str) -> Result<(), SheetError> {
        if keys.contains(&&*key.name) {
            return Ok(());
        }
        let help = suggestion(&key.name, keys.iter().copied())
            .unwrap_or_else(|| format!("the keys of {within} are: {}", keys.join(", ")));
        Err(self.error(
            key.span,
            format!("unknown key `{}` in {within}", super::quoted(&key.name)),
            Some(help),
        ))
    }

    /// A scalar written as text: strings as they are, numbers and booleans as written.
    fn text(&self, node: &Node, what: &str) -> Result<String, SheetError> {
        match &node.value {
            Value::Str(s) => Ok(s.to_string()),
            Value::Int(i) => Ok(i.to_string()),
            Value::Float(f) => Ok(crate::text::number(*f)),
            Value::Bool(b) => Ok(b.to_string()),
            other => Err(self.error(
                node.span,
                format!("{what} must be text, found {}", other.type_name()),
                None,
            )),
        }
    }

    fn mapping(&self, node: &Node) -> Result<Mapping, SheetError> {
        let top = self.entries(node, "the top of the mapping")?;
        for (key, _) in top {
            self.known(key, KEYS, "the mapping")?;
        }
        let get = |name: &str| top.iter().find(|(k, _)| k.name == name).map(|(_, v)| v);
        let missing = |key: &str, help: &str| {
            self.error(
                node.span,
                format!("the mapping has no `{key}`"),
                Some(help.to_owned()),
            )
        };

        let kind_node = get("kind").ok_or_else(|| {
            missing(
                "kind",
                "add `kind:` with the kind the rows become, e.g. `kind: systems`",
            )
        })?;
        let kind_text = self.text(kind_node, "`kind`")?;
        let kind = Kind::from_key(&kind_text).ok_or_else(|| {
            let keys = Kind::ALL.iter().map(|k| k.key());
            let help = suggestion(&kind_text, keys.clone()).unwrap_or_else(|| {
                format!("the kinds are: {}", keys.collect::<Vec<_>>().join(", "))
            });
            self.error(
                kind_node.span,
                format!("`{}` is not a kind of element", super::quoted(&kind_text)),
                Some(help),
            )
        })?;

        let file_node = get("file").ok_or_else(|| {
            missing(
                "file",
                "add `file:` with the model file the import writes, relative to the project, e.g. `file: model/systems.yaml`",
            )
        })?;
        let file = self.file(file_node)?;

        let sheet = get("sheet").map(|n| self.text(n, "`sheet`")).transpose()?;
        let sheet_at = get("sheet").map_or_else(|| self.name.clone(), |n| self.at(n.span));

        let header_row = match get("header_row") {
            None => 1,
            Some(n) => match n.value {
                Value::Int(i) if (1..=1_048_576).contains(&i) => u32::try_from(i).unwrap_or(1),
                _ => {
                    return Err(self.error(
                        n.span,
                        "`header_row` must be a row number, 1 or more, as the spreadsheet shows it",
                        None,
                    ));
                }
            },
        };

        let columns_node = get("columns").ok_or_else(|| {
            missing(
                "columns",
                "add `columns:` mapping each field to the header of its column, e.g. `name: Application`",
            )
        })?;
        let mut columns = self.columns(kind, columns_node)?;
        if let Some(values) = get("values") {
            self.values(values, &mut columns)?;
        }
        for spec in all_fields(kind).filter(|f| f.required) {
            if !columns.iter().any(|c| c.key == spec.field.key()) {
                return Err(self.error(
                    columns_node.span,
                    format!(
                        "`columns` does not map `{}`: every {} needs one",
                        spec.field.key(),
                        kind.singular()
                    ),
                    Some(format!(
                        "add `{}: <header of its column>` under `columns`",
                        spec.field.key()
                    )),
                ));
            }
        }

        let id_node = get("id").ok_or_else(|| {
            missing(
                "id",
                "add `id: {column: <header>}` for a column of ids, or `id: {from: name}` to make ids from the names",
            )
        })?;
        let (id, prefix) = self.id(id_node)?;
        Ok(Mapping {
            kind,
            file,
            sheet,
            sheet_at,
            header_row,
            id,
            prefix,
            columns,
        })
    }

    fn file(&self, node: &Node) -> Result<String, SheetError> {
        let text = self.text(node, "`file`")?;
        let Some(file) = relative_path(&text) else {
            return Err(self.error(
                node.span,
                format!(
                    "`file` must be a path inside the project, relative to it, without `..`; found `{}`",
                    super::quoted(&text)
                ),
                Some("write it as in `include`, e.g. `file: model/systems.yaml`".to_owned()),
            ));
        };
        let lower = file.to_ascii_lowercase();
        if !(lower.ends_with(".yaml") || lower.ends_with(".yml")) {
            return Err(self.error(
                node.span,
                format!(
                    "`file` must be a model file ending in `.yaml` or `.yml`; found `{}`",
                    super::quoted(&file)
                ),
                None,
            ));
        }
        if file == crate::load::PROJECT_FILE {
            return Err(self.error(
                node.span,
                "`file` cannot be tom.yaml: the import owns and rewrites its file",
                Some("name a model file of its own, e.g. `file: model/systems.yaml`".to_owned()),
            ));
        }
        Ok(file)
    }

    fn id(&self, node: &Node) -> Result<(IdFrom, String), SheetError> {
        if let Value::Str(header) = &node.value {
            let at = self.at(node.span);
            return Ok((
                IdFrom::Column {
                    header: header.to_string(),
                    at,
                },
                String::new(),
            ));
        }
        let entries = self.entries(node, "`id`")?;
        for (key, _) in entries {
            self.known(key, ID_KEYS, "`id`")?;
        }
        let get = |name: &str| entries.iter().find(|(k, _)| k.name == name).map(|(_, v)| v);
        let prefix = get("prefix")
            .map(|n| {
                let prefix = self.text(n, "`prefix`")?;
                if !crate::spec::is_valid_id(&format!("{prefix}x")) {
                    return Err(self.error(
                        n.span,
                        format!(
                            "`{}` cannot start an id: ids are lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit",
                            super::quoted(&prefix)
                        ),
                        None,
                    ));
                }
                Ok(prefix)
            })
            .transpose()?
            .unwrap_or_default();
        match (get("column"), get("from")) {
            (Some(c), None) => Ok((
                IdFrom::Column {
                    header: self.text(c, "`id: column`")?,
                    at: self.at(c.span),
                },
                prefix,
            )),
            (None, Some(f)) => {
                let from = self.text(f, "`id: from`")?;
                if from != "name" {
                    return Err(self.error(
                        f.span,
                        format!(
                            "ids can be made from the name only; found `from: {}`",
                            super::quoted(&from)
                        ),
                        Some("write `from: name`, or `column: <header>` for a column of ids".to_owned()),
                    ));
                }
                Ok((IdFrom::Name, prefix))
            }
            _ => Err(self.error(
                node.span,
                "`id` must have one of `column` (a column of ids) or `from: name` (ids made from the names)",
                None,
            )),
        }
    }

    fn columns(&self, kind: Kind, node: &Node) -> Result<Vec<Column>, SheetError> {
        let entries = self.entries(node, "`columns`")?;
        let mut columns = Vec::new();
        for (key, value) in entries {
            let (key_name, ty, required) = self.target(kind, key)?;
            let (header, at, by_name, separator) = match &value.value {
                Value::Map(items) => {
                    for (k, _) in items {
                        self.known(k, COLUMN_KEYS, &format!("the column of `{key_name}`"))?;
                    }
                    let get =
                        |name: &str| items.iter().find(|(k, _)| k.name == name).map(|(_, v)| v);
                    let column = get("column").ok_or_else(|| {
                        self.error(
                            value.span,
                            format!("the column of `{key_name}` has no `column`"),
                            Some("write `column: <header>`".to_owned()),
                        )
                    })?;
                    let by_name = match get("by") {
                        None => false,
                        Some(by) => {
                            let by_text = self.text(by, "`by`")?;
                            if !matches!(ty, FieldType::Reference(_) | FieldType::References(_)) {
                                return Err(self.error(
                                    by.span,
                                    format!("`by` is for references, and `{key_name}` is not one"),
                                    None,
                                ));
                            }
                            match by_text.as_str() {
                                "id" => false,
                                "name" => true,
                                _ => {
                                    return Err(self.error(
                                        by.span,
                                        format!(
                                            "`by` must be `id` or `name`; found `{}`",
                                            super::quoted(&by_text)
                                        ),
                                        None,
                                    ));
                                }
                            }
                        }
                    };
                    let separator = match get("separator") {
                        None => ",".to_owned(),
                        Some(s) => {
                            let sep = self.text(s, "`separator`")?;
                            if !matches!(ty, FieldType::Strings | FieldType::References(_))
                                || sep.is_empty()
                            {
                                return Err(self.error(
                                    s.span,
                                    format!(
                                        "`separator` is for lists, and must not be empty; `{key_name}` is not a list"
                                    ),
                                    None,
                                ));
                            }
                            sep
                        }
                    };
                    (
                        self.text(column, "`column`")?,
                        self.at(column.span),
                        by_name,
                        separator,
                    )
                }
                _ => (
                    self.text(value, &format!("the column of `{key_name}`"))?,
                    self.at(value.span),
                    false,
                    ",".to_owned(),
                ),
            };
            if columns.iter().any(|c: &Column| c.key == key_name) {
                return Err(self.error(key.span, format!("`{key_name}` is mapped twice"), None));
            }
            columns.push(Column {
                key: key_name,
                ty,
                required,
                header,
                at,
                by_name,
                separator,
                values: Vec::new(),
            });
        }
        Ok(columns)
    }

    /// The field a key of `columns` names.
    fn target(&self, kind: Kind, key: &Key) -> Result<(&'static str, FieldType, bool), SheetError> {
        match &*key.name {
            "id" => {
                return Err(self.error(
                    key.span,
                    "the id is set by the `id` key of the mapping, not under `columns`",
                    Some("write `id: {column: <header>}` at the top of the mapping".to_owned()),
                ));
            }
            "from" => return Ok(("from", FieldType::Plateau, false)),
            "until" => return Ok(("until", FieldType::Plateau, false)),
            _ => {}
        }
        let Some(spec) = field_spec(kind, &key.name) else {
            let fields: Vec<&str> = all_fields(kind)
                .map(|f| f.field.key())
                .chain(["from", "until"])
                .collect();
            let help = suggestion(&key.name, fields.iter().copied()).unwrap_or_else(|| {
                format!("the fields of {} are: {}", kind.key(), fields.join(", "))
            });
            return Err(self.error(
                key.span,
                format!(
                    "`{}` is not a field of {}",
                    super::quoted(&key.name),
                    kind.key()
                ),
                Some(help),
            ));
        };
        if matches!(spec.ty, FieldType::Stages | FieldType::Actuals) {
            return Err(self.error(
                key.span,
                format!(
                    "`{}` holds a structure of its own and cannot come from one column",
                    key.name
                ),
                Some("write it in the model file by hand: the import keeps it".to_owned()),
            ));
        }
        Ok((spec.field.key(), spec.ty, spec.required))
    }

    fn values(&self, node: &Node, columns: &mut [Column]) -> Result<(), SheetError> {
        for (key, words) in self.entries(node, "`values`")? {
            let Some(column) = columns.iter_mut().find(|c| c.key == key.name) else {
                let mapped: Vec<&str> = columns.iter().map(|c| c.key).collect();
                return Err(self.error(
                    key.span,
                    format!(
                        "`values` names `{}`, which `columns` does not map",
                        super::quoted(&key.name)
                    ),
                    suggestion(&key.name, mapped.iter().copied()),
                ));
            };
            for (word, value) in self.entries(words, &format!("`values: {}`", key.name))? {
                let value = self.text(value, &format!("the value of `{}`", word.name))?;
                column.values.push((word.name.to_string(), value));
            }
        }
        Ok(())
    }
}
