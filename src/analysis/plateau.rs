//! Projection: the model as it stands at one plateau.
//!
//! The model at plateau P holds the elements that exist in P (`from` <= P <= `until`),
//! each staged value resolved for P, and the inverse of every link that holds in P.

use crate::model::{Element, ElementIdx, Model, Plateau, PlateauIdx, Ref, Value};
use crate::spec::{Field, Kind};

/// A link into an element: `from` names it in its `field`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    /// The element that holds the reference.
    pub from: ElementIdx,
    /// The field that holds it (`stages` for a journey stage's touchpoints).
    pub field: Field,
}

/// The model at one plateau.
#[derive(Debug)]
pub struct Projection<'m> {
    model: &'m Model,
    plateau: PlateauIdx,
    /// Every link into an element, grouped by the element in index order: the links
    /// into element `i` are `links[starts[i]..starts[i + 1]]`. One allocation for the
    /// whole model instead of one per element.
    links: Vec<Link>,
    starts: Vec<usize>,
}

impl Model {
    /// The model at plateau `p`.
    pub fn at(&self, p: PlateauIdx) -> Projection<'_> {
        let projection = Projection {
            model: self,
            plateau: p,
            links: Vec::new(),
            starts: Vec::new(),
        };
        let mut pairs: Vec<(ElementIdx, Link)> = Vec::new();
        for (idx, _) in projection.elements() {
            for (field, r) in projection.outgoing(idx) {
                if self.element(r.target).exists_in(p) {
                    pairs.push((r.target, Link { from: idx, field }));
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut starts = vec![0; self.elements.len() + 1];
        for (target, _) in &pairs {
            starts[target.0 + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        Projection {
            links: pairs.into_iter().map(|(_, link)| link).collect(),
            starts,
            ..projection
        }
    }
}

impl Element {
    /// Every reference the element holds at plateau `p`, with the field holding it; a
    /// journey's stage touchpoints and stage insights are reported under `stages`. Needs
    /// no projection.
    pub fn outgoing_at(&self, p: PlateauIdx) -> impl Iterator<Item = (Field, Ref)> + '_ {
        self.fields
            .iter()
            .filter_map(move |f| f.value.at(p).map(|v| (f.field, v)))
            .flat_map(|(field, value)| {
                let stages = match value {
                    Value::Stages(stages) => &stages[..],
                    _ => &[],
                };
                let stage_refs = stages
                    .iter()
                    .flat_map(|s| s.touchpoints.iter().chain(&s.insights));
                value
                    .refs()
                    .iter()
                    .chain(stage_refs)
                    .map(move |r| (field, *r))
            })
    }
}

impl<'m> Projection<'m> {
    /// The model this is a projection of.
    pub fn model(&self) -> &'m Model {
        self.model
    }

    /// The plateau projected onto.
    pub fn plateau(&self) -> PlateauIdx {
        self.plateau
    }

    /// The plateau's definition.
    pub fn plateau_def(&self) -> &'m Plateau {
        &self.model.plateaus[self.plateau.0]
    }

    /// Whether the element exists at this plateau.
    pub fn contains(&self, idx: ElementIdx) -> bool {
        self.model.element(idx).exists_in(self.plateau)
    }

    /// The elements that exist at this plateau, sorted by id.
    pub fn elements(&self) -> impl Iterator<Item = (ElementIdx, &'m Element)> + '_ {
        self.model.iter().filter(|(_, e)| e.exists_in(self.plateau))
    }

    /// The value of `field` on an element at this plateau.
    pub fn value(&self, idx: ElementIdx, field: Field) -> Option<&'m Value> {
        self.model.element(idx).value_at(field, self.plateau)
    }

    /// The references `field` holds on an element at this plateau.
    pub fn refs(&self, idx: ElementIdx, field: Field) -> &'m [Ref] {
        self.value(idx, field).map_or(&[], Value::refs)
    }

    /// Every field with its value at this plateau, in canonical order.
    pub fn fields(&self, idx: ElementIdx) -> impl Iterator<Item = (Field, &'m Value)> + '_ {
        let plateau = self.plateau;
        self.model
            .element(idx)
            .fields
            .iter()
            .filter_map(move |f| f.value.at(plateau).map(|v| (f.field, v)))
    }

    /// Every reference an element holds at this plateau, with the field holding it;
    /// a journey's stage touchpoints are reported under `stages`.
    pub fn outgoing(&self, idx: ElementIdx) -> impl Iterator<Item = (Field, Ref)> + 'm {
        self.model.element(idx).outgoing_at(self.plateau)
    }

    /// The links into an element that hold at this plateau, sorted.
    pub fn incoming(&self, idx: ElementIdx) -> &[Link] {
        match (self.starts.get(idx.0), self.starts.get(idx.0 + 1)) {
            (Some(&start), Some(&end)) => &self.links[start..end],
            _ => &[],
        }
    }

    /// The elements of `kind` that name an element in their `field` at this plateau,
    /// sorted by id (the inverse of that link: a capability's processes, an objective's
    /// realizing capabilities).
    pub fn linked(
        &self,
        idx: ElementIdx,
        kind: Kind,
        field: Field,
    ) -> impl Iterator<Item = ElementIdx> + '_ {
        self.incoming(idx)
            .iter()
            .filter(move |l| l.field == field && self.model.element(l.from).kind == kind)
            .map(|l| l.from)
    }

    /// The elements of `kind` at this plateau, sorted by id.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = (ElementIdx, &'m Element)> + '_ {
        self.elements().filter(move |(_, e)| e.kind == kind)
    }
}
