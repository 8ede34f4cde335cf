//! Reading the exchange file: its elements and relationships as written, with their
//! properties by name.

use std::collections::HashMap;

use roxmltree::Node;

pub(super) const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// An element of the file, as read.
pub(super) struct Source<'a> {
    pub(super) identifier: &'a str,
    pub(super) archimate_type: &'a str,
    pub(super) name: String,
    pub(super) documentation: Option<String>,
    pub(super) properties: Vec<(String, String)>,
}

/// A relationship of the file, as read.
pub(super) struct Relation<'a> {
    pub(super) archimate_type: &'a str,
    pub(super) source: &'a str,
    pub(super) target: &'a str,
    pub(super) name: Option<String>,
    pub(super) plateaus: Option<String>,
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
pub(super) fn text_of(node: Node<'_, '_>, name: &'static str) -> Option<String> {
    long_text_of(node, name).map(|t| t.trim().to_owned())
}

/// The text of the first child named `name` as written (documentation keeps its line
/// breaks); `None` when blank or missing.
pub(super) fn long_text_of(node: Node<'_, '_>, name: &'static str) -> Option<String> {
    let text: String = children(node, name)
        .next()?
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    (!text.trim().is_empty()).then_some(text)
}

/// An element's properties by definition name, in the order written.
pub(super) fn properties(
    node: Node<'_, '_>,
    definitions: &HashMap<&str, String>,
) -> Vec<(String, String)> {
    children(node, "properties")
        .flat_map(|p| children(p, "property"))
        .filter_map(|p| {
            let name = definitions.get(p.attribute("propertyDefinitionRef")?)?;
            Some((name.clone(), text_of(p, "value").unwrap_or_default()))
        })
        .collect()
}
