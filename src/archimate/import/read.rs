//! Reading the exchange file: its elements and relationships as written, with their
//! properties by name.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use crate::archimate::mapping::NAMESPACE;

use super::{ImportError, error_at};

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// What the file holds, as written.
pub(super) struct Exchange<'a> {
    /// The model's name.
    pub(super) name: Option<String>,
    /// The model's documentation.
    pub(super) documentation: Option<String>,
    /// The elements, in document order.
    pub(super) sources: Vec<Source<'a>>,
    /// The relationships, in document order.
    pub(super) relations: Vec<Relation<'a>>,
}

/// An element of the file, as read.
pub(super) struct Source<'a> {
    pub(super) identifier: &'a str,
    pub(super) archimate_type: &'a str,
    pub(super) name: String,
    pub(super) documentation: Option<String>,
    pub(super) properties: Vec<(String, String)>,
}

impl Source<'_> {
    /// The value of the first property named `name`.
    pub(super) fn property(&self, name: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A relationship of the file, as read.
pub(super) struct Relation<'a> {
    pub(super) archimate_type: &'a str,
    pub(super) source: &'a str,
    pub(super) target: &'a str,
    pub(super) name: Option<String>,
    pub(super) plateaus: Option<String>,
}

/// The XML document of `text`; a document with a DTD is refused.
pub(super) fn parse<'t>(text: &'t str, file: &str) -> Result<Document<'t>, ImportError> {
    Document::parse(text).map_err(|e| {
        // Entities are how XML bombs and external reads happen: no DTD is read at all.
        if matches!(e, roxmltree::Error::DtdDetected)
            && let Some(at) = text.find("<!DOCTYPE")
        {
            return error_at(
                file,
                text,
                at,
                "the file declares a DTD (`<!DOCTYPE`), which tomc does not read",
                "remove the DOCTYPE declaration: exchange files need none",
            );
        }
        let p = e.pos();
        ImportError {
            file: file.to_owned(),
            line: p.row,
            column: p.col,
            message: format!("not well-formed XML: {e}"),
            help: "check that the file is a complete exchange file, saved as UTF-8 (documents with a DTD are refused)".to_owned(),
        }
    })
}

/// The model in `doc`: an exchange `model` holding elements and relationships.
pub(super) fn exchange<'a>(doc: &'a Document<'_>, file: &str) -> Result<Exchange<'a>, ImportError> {
    let root = doc.root_element();
    if root.tag_name().name() != "model" || root.tag_name().namespace() != Some(NAMESPACE) {
        return Err(error_in(
            root,
            file,
            format!(
                "the root element is `{}`, not an ArchiMate exchange `model`",
                root.tag_name().name()
            ),
            &format!(
                "an exchange file starts with <model xmlns=\"{NAMESPACE}\">; export one from your ArchiMate tool (Archi: File → Export → Model to Open Exchange File)"
            ),
        ));
    }
    let definitions: HashMap<&str, String> =
        listed(root, "propertyDefinitions", "propertyDefinition")
            .filter_map(|d| Some((d.attribute("identifier")?, text_of(d, "name")?)))
            .collect();
    Ok(Exchange {
        sources: listed(root, "elements", "element")
            .map(|node| source(node, file, &definitions))
            .collect::<Result<_, _>>()?,
        relations: listed(root, "relationships", "relationship")
            .map(|node| relation(node, file, &definitions))
            .collect::<Result<_, _>>()?,
        name: text_of(root, "name"),
        documentation: long_text_of(root, "documentation"),
    })
}

/// An error at the start of `node`.
fn error_in(node: Node<'_, '_>, file: &str, message: String, help: &str) -> ImportError {
    let p = node.document().text_pos_at(node.range().start);
    ImportError {
        file: file.to_owned(),
        line: p.row,
        column: p.col,
        message,
        help: help.to_owned(),
    }
}

/// The `item` children of the `list` children of `root`: `<elements><element>…`.
fn listed<'a, 'i>(
    root: Node<'a, 'i>,
    list: &'static str,
    item: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    children(root, list).flat_map(move |l| children(l, item))
}

/// An element, with its identifier and type.
fn source<'a>(
    node: Node<'a, '_>,
    file: &str,
    definitions: &HashMap<&str, String>,
) -> Result<Source<'a>, ImportError> {
    let Some(identifier) = node.attribute("identifier") else {
        return Err(error_in(
            node,
            file,
            "an element has no `identifier`".into(),
            "every element needs an identifier attribute; re-export the file from its tool",
        ));
    };
    let Some(archimate_type) = node.attribute((XSI, "type")) else {
        return Err(error_in(
            node,
            file,
            format!("element `{identifier}` has no `xsi:type`"),
            "every element names its ArchiMate type, e.g. xsi:type=\"Capability\"",
        ));
    };
    Ok(Source {
        identifier,
        archimate_type,
        name: text_of(node, "name").unwrap_or_default(),
        documentation: long_text_of(node, "documentation"),
        properties: properties(node, definitions),
    })
}

/// A relationship, with its type and both ends.
fn relation<'a>(
    node: Node<'a, '_>,
    file: &str,
    definitions: &HashMap<&str, String>,
) -> Result<Relation<'a>, ImportError> {
    let (Some(archimate_type), Some(source), Some(target)) = (
        node.attribute((XSI, "type")),
        node.attribute("source"),
        node.attribute("target"),
    ) else {
        return Err(error_in(
            node,
            file,
            "a relationship lacks `xsi:type`, `source` or `target`".into(),
            "every relationship names its type and both ends; re-export the file from its tool",
        ));
    };
    let props = properties(node, definitions);
    Ok(Relation {
        archimate_type,
        source,
        target,
        name: text_of(node, "name"),
        plateaus: props
            .into_iter()
            .find(|(k, _)| k == "plateaus")
            .map(|(_, v)| v),
    })
}

/// The child elements of `node` named `name` (in any namespace).
pub(super) fn children<'a, 'i>(
    node: Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The text of the first child named `name`, trimmed; `None` when blank or missing.
fn text_of(node: Node<'_, '_>, name: &'static str) -> Option<String> {
    long_text_of(node, name).map(|t| t.trim().to_owned())
}

/// The text of the first child named `name` as written (documentation keeps its line
/// breaks); `None` when blank or missing.
fn long_text_of(node: Node<'_, '_>, name: &'static str) -> Option<String> {
    let text: String = children(node, name)
        .next()?
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    (!text.trim().is_empty()).then_some(text)
}

/// An element's properties by definition name, in the order written.
fn properties(node: Node<'_, '_>, definitions: &HashMap<&str, String>) -> Vec<(String, String)> {
    listed(node, "properties", "property")
        .filter_map(|p| {
            let name = definitions.get(p.attribute("propertyDefinitionRef")?)?;
            Some((name.clone(), text_of(p, "value").unwrap_or_default()))
        })
        .collect()
}
