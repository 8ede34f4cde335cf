//! Writing the exchange file's parts: elements, relationships, folders and property
//! definitions.

use std::io;

use quick_xml::Writer;
use quick_xml::events::BytesText;

use crate::model::PlateauIdx;
use crate::spec::Kind;

use super::{Exporter, Item, Relationship, element_ref};

/// Text as XML 1.0 may hold it: control characters other than tab and line breaks, and
/// the two non-characters U+FFFE and U+FFFF, are left out.
fn xml_text(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if text.chars().any(bad) {
        text.chars().filter(|&c| !bad(c)).collect::<String>().into()
    } else {
        text.into()
    }
}

impl Exporter<'_> {
    pub(super) fn write<W: io::Write>(&self, w: &mut Writer<W>) -> io::Result<()> {
        text_element(w, "name", &self.model.name)?;
        if let Some(d) = &self.model.description {
            text_element(w, "documentation", d)?;
        }
        w.create_element("elements").write_inner_content(|w| {
            for &kind in Kind::ALL {
                for (_, e) in self.model.of_kind(kind) {
                    self.write_item(w, &self.element_item(e)?)?;
                }
            }
            for item in &self.items {
                self.write_item(w, item)?;
            }
            Ok(())
        })?;
        if !self.relationships.is_empty() {
            w.create_element("relationships").write_inner_content(|w| {
                for r in &self.relationships {
                    self.write_relationship(w, r)?;
                }
                Ok(())
            })?;
        }
        self.write_organizations(w)?;
        if !self.definitions.is_empty() {
            w.create_element("propertyDefinitions")
                .write_inner_content(|w| {
                    for (name, identifier) in &self.definitions {
                        w.create_element("propertyDefinition")
                            .with_attributes([
                                ("identifier", identifier.as_str()),
                                ("type", "string"),
                            ])
                            .write_inner_content(|w| text_element(w, "name", name))?;
                    }
                    Ok(())
                })?;
        }
        w.create_element("views").write_inner_content(|w| {
            w.create_element("diagrams").write_inner_content(|w| {
                self.capability_map(w)?;
                for p in (0..self.model.plateaus.len()).map(PlateauIdx) {
                    self.plateau_view(w, p)?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
        Ok(())
    }

    fn write_properties<W: io::Write>(
        &self,
        w: &mut Writer<W>,
        props: &[(String, String)],
    ) -> io::Result<()> {
        if props.is_empty() {
            return Ok(());
        }
        w.create_element("properties").write_inner_content(|w| {
            for (name, value) in props {
                let Some(def) = self.definitions.get(name) else {
                    continue;
                };
                w.create_element("property")
                    .with_attribute(("propertyDefinitionRef", def.as_str()))
                    .write_inner_content(|w| text_element(w, "value", value))?;
            }
            Ok(())
        })?;
        Ok(())
    }

    fn write_item<W: io::Write>(&self, w: &mut Writer<W>, item: &Item) -> io::Result<()> {
        w.create_element("element")
            .with_attributes([
                ("identifier", item.identifier.as_str()),
                ("xsi:type", item.archimate_type),
            ])
            .write_inner_content(|w| {
                text_element(w, "name", &item.name)?;
                if let Some(d) = &item.documentation {
                    text_element(w, "documentation", d)?;
                }
                self.write_properties(w, &item.properties)
            })?;
        Ok(())
    }

    fn write_relationship<W: io::Write>(
        &self,
        w: &mut Writer<W>,
        r: &Relationship,
    ) -> io::Result<()> {
        let everywhere = r.plateaus.len() == self.model.plateaus.len();
        let props: Vec<(String, String)> = if everywhere {
            Vec::new()
        } else {
            let ids: Vec<&str> = r
                .plateaus
                .iter()
                .map(|p| self.model.plateaus[p.0].id.as_str())
                .collect();
            vec![("plateaus".to_owned(), ids.join(", "))]
        };
        w.create_element("relationship")
            .with_attributes([
                ("identifier", self.identifier(r).as_str()),
                ("source", self.end_ref(r.source).as_str()),
                ("target", self.end_ref(r.target).as_str()),
                ("xsi:type", r.archimate_type),
            ])
            .write_inner_content(|w| {
                if let Some(name) = r.name {
                    text_element(w, "name", name)?;
                }
                self.write_properties(w, &props)
            })?;
        Ok(())
    }

    /// Folders as ArchiMate tools show them: one per kind, plateaus and gaps,
    /// relationships, views. Each folder is written as its identifiers come rather than
    /// gathered first: a large model has most of a million relationships.
    fn write_organizations<W: io::Write>(&self, w: &mut Writer<W>) -> io::Result<()> {
        let model = self.model;
        w.create_element("organizations").write_inner_content(|w| {
            for &kind in Kind::ALL {
                let mut elements = model.of_kind(kind).peekable();
                if elements.peek().is_some() {
                    let refs = elements.map(|(_, e)| element_ref(&e.id));
                    write_folder(w, &folder(kind), refs)?;
                }
            }
            let mut migration = self
                .items
                .iter()
                .filter(|i| matches!(i.archimate_type, "Plateau" | "Gap"))
                .map(|i| i.identifier.as_str())
                .peekable();
            if migration.peek().is_some() {
                write_folder(w, "Plateaus and gaps", migration)?;
            }
            if !self.relationships.is_empty() {
                let refs = self.relationships.iter().map(|r| self.identifier(r));
                write_folder(w, "Relationships", refs)?;
            }
            write_folder(w, "Views", self.view_ids())
        })?;
        Ok(())
    }

    fn view_ids(&self) -> Vec<String> {
        let mut ids = vec!["view-capability-map".to_owned()];
        ids.extend(
            self.model
                .plateaus
                .iter()
                .map(|p| format!("view-plateau-{}", p.id)),
        );
        ids
    }
}

/// A folder labelled `label` holding the items `refs` name.
fn write_folder<W: io::Write>(
    w: &mut Writer<W>,
    label: &str,
    refs: impl IntoIterator<Item = impl AsRef<str>>,
) -> io::Result<()> {
    w.create_element("item").write_inner_content(|w| {
        text_element(w, "label", label)?;
        for r in refs {
            w.create_element("item")
                .with_attribute(("identifierRef", r.as_ref()))
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The folder of a kind: `Capabilities`, `Org units`, `KPIs`.
fn folder(kind: Kind) -> String {
    if kind == Kind::Kpis {
        return "KPIs".to_owned();
    }
    let text = kind.key().replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

pub(super) fn text_element<W: io::Write>(
    w: &mut Writer<W>,
    name: &str,
    text: &str,
) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_text(text)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_xml_cannot_hold_is_left_out() {
        assert_eq!(xml_text("a\u{1}b\tc\u{FFFF}"), "ab\tc");
        assert!(matches!(xml_text("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn folders_of_kinds() {
        assert_eq!(folder(Kind::OrgUnits), "Org units");
        assert_eq!(folder(Kind::Kpis), "KPIs");
        assert_eq!(folder(Kind::Capabilities), "Capabilities");
    }
}
