//! Relationships into references on the element that holds the field.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::archimate::mapping::{Direction, Link, link_targets, links};
use crate::emit::tree::Tree;
use crate::spec::{Field, Kind};

use super::Importer;
use super::read::{Relation, Source};
use super::report::count;

/// Plateau memberships: element → the plateaus that aggregate it.
type Members = BTreeMap<usize, BTreeSet<usize>>;

impl Importer {
    /// Relationships into references on the element that holds the field.
    pub(super) fn relationships(&mut self, sources: &[Source<'_>], relations: &[Relation<'_>]) {
        let types: HashMap<&str, &str> = sources
            .iter()
            .map(|s| (s.identifier, s.archimate_type))
            .collect();
        let plateau_of: HashMap<String, usize> = self
            .plateaus
            .iter()
            .enumerate()
            .map(|(i, p)| (p.3.clone(), i))
            .collect();
        // Plateau memberships, for elements whose life the file does not state.
        let mut members = Members::new();
        for r in relations {
            match self.relationship(r, &plateau_of, &mut members) {
                Ok(field) => count(
                    &mut self.report.relationships,
                    (r.archimate_type.to_owned(), field),
                ),
                Err(why) => {
                    let label = format!(
                        "{} {} → {}",
                        r.archimate_type,
                        types.get(r.source).copied().unwrap_or("?"),
                        types.get(r.target).copied().unwrap_or("?")
                    );
                    count(
                        &mut self.report.skipped_relationships,
                        (label, why.to_owned()),
                    );
                }
            }
        }
        for (m, ps) in members {
            let made = &mut self.made[m];
            if made.from.is_none() && made.until.is_none() {
                made.from = ps.first().copied();
                made.until = ps.last().copied();
            }
        }
    }

    /// Takes one relationship: what it became (`kind.field`, or what it says of the
    /// plateaus), or why it was left out.
    fn relationship(
        &mut self,
        r: &Relation<'_>,
        plateau_of: &HashMap<String, usize>,
        members: &mut Members,
    ) -> Result<String, &'static str> {
        let (source, target) = (
            self.by_identifier.get(r.source).copied(),
            self.by_identifier.get(r.target).copied(),
        );
        let plateaus = (plateau_of.get(r.source), plateau_of.get(r.target));
        if let Some(taken) = self.plateau_link(r, plateaus, source, target, members) {
            return taken;
        }
        let (Some(source), Some(target)) = (source, target) else {
            return Err("an end was not imported");
        };
        if source == target {
            return Err("from an element to itself");
        }
        let (link, holder, other) = self.field_for(r, source, target)?;
        let field = if link.field == Field::Owner {
            format!("*.{}", link.field.key())
        } else {
            format!("{}.{}", link.kind.key(), link.field.key())
        };
        if link.field == Field::Stages {
            // The stages came whole from the `stages` property, or there is no stage to
            // put the touchpoint or insight in.
            return match self.made[holder].stages {
                Some(_) => Ok(field),
                None => Err("the journey has no stages to place it in"),
            };
        }
        let plateaus = r.plateaus.as_deref().and_then(|text| {
            text.split(", ")
                .map(|p| self.plateau_index(p.trim()))
                .collect::<Option<BTreeSet<usize>>>()
        });
        let list = self.made[holder].refs.entry(link.field).or_default();
        if !list.iter().any(|(t, _)| *t == other) {
            list.push((other, plateaus));
        }
        Ok(field)
    }

    /// A relationship with a plateau at an end (`plateaus`: the plateau at each end): the
    /// order of the plateaus, what a plateau holds, where an initiative lands. `None`
    /// when neither end is a plateau.
    fn plateau_link(
        &mut self,
        r: &Relation<'_>,
        plateaus: (Option<&usize>, Option<&usize>),
        source: Option<usize>,
        target: Option<usize>,
        members: &mut Members,
    ) -> Option<Result<String, &'static str>> {
        let initiative = source.filter(|&s| self.made[s].kind == Kind::Initiatives);
        Some(
            match (r.archimate_type, plateaus.0, plateaus.1, target, initiative) {
                ("Triggering", Some(_), Some(_), _, _) => Ok("the order of the plateaus".into()),
                ("Aggregation" | "Composition", Some(&p), None, Some(element), _) => {
                    members.entry(element).or_default().insert(p);
                    Ok("from/until".into())
                }
                ("Realization", None, Some(&p), _, Some(s)) => {
                    let plateau = Tree::str(&self.plateaus[p].0);
                    self.made[s].values.entry(Field::LandsIn).or_insert(plateau);
                    Ok("initiatives.lands_in".into())
                }
                (_, None, None, _, _) => return None,
                _ => Err("involves a plateau"),
            },
        )
    }

    /// The field a relationship becomes: which element holds it, and the other end.
    fn field_for(
        &self,
        r: &Relation<'_>,
        source: usize,
        target: usize,
    ) -> Result<(Link, usize, usize), &'static str> {
        let mut candidates = Vec::new();
        for link in links() {
            if link.relationship != r.archimate_type {
                continue;
            }
            let (holder, other) = match link.direction {
                Direction::FromHolder => (source, target),
                Direction::ToHolder => (target, source),
            };
            if self.made[holder].kind != link.kind {
                continue;
            }
            let Some(targets) = link_targets(link) else {
                continue;
            };
            if targets.accepts(self.made[other].kind) {
                candidates.push((link, holder, other));
            }
        }
        if let Some(name) = &r.name
            && let Some(c) = candidates
                .iter()
                .find(|(l, _, _)| l.name == Some(name.as_str()))
        {
            return Ok(*c);
        }
        // Among links of the same type between the same kinds, tomc names all but one:
        // an unnamed relationship is that one.
        if candidates.len() > 1 {
            candidates.retain(|(l, _, _)| l.name.is_none());
        }
        // An association says only that two elements are related: it becomes a
        // reference when its name says which (the names tomc writes on export).
        if r.archimate_type == "Association" {
            return Err(if candidates.is_empty() {
                "no tomc field links these kinds this way"
            } else {
                "an association becomes a reference only when named as tomc names it (owns, measured by, …)"
            });
        }
        match candidates.as_slice() {
            [] => Err("no tomc field links these kinds this way"),
            [one] => Ok(*one),
            _ => Err("more than one tomc field could hold it; name the association"),
        }
    }
}
