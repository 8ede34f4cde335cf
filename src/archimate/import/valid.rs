//! Narrowing the import until it reads as a model without structural errors.

use std::collections::BTreeSet;

use crate::emit::tree::Tree;
use crate::spec::{Field, FieldType, Kind, field_spec};

use super::{Importer, Target};

impl Importer {
    /// Narrows what would not read as a valid model: single-valued fields keep their
    /// first value, references hold only where both ends exist, hierarchies and
    /// dependencies keep the links that make no loop, required fields get a value.
    pub(super) fn make_valid(&mut self) {
        let life = self.settle_lives();
        let mut notes = Vec::new();
        for (i, made) in self.made.iter_mut().enumerate() {
            let id = made.id.clone();
            for (field, targets) in &mut made.refs {
                // `delivers` names what an initiative adds or removes, its `kpis` and
                // `addresses` what it moves and acts on, `about` what evidence was
                // about: exempt.
                if !field.is_timeless(made.kind) {
                    narrow(targets, &life, life[i]);
                }
                let single = matches!(
                    field_spec(made.kind, field.key()).map(|s| s.ty),
                    Some(FieldType::Reference(_))
                );
                if single {
                    one_value(targets, life[i], &id, *field, &mut notes);
                }
            }
        }
        self.report.notes.extend(notes);
        self.break_loops(Field::Parent);
        self.break_loops(Field::DependsOn);
        self.land_initiatives();
        self.leave_out_journeys_without_persona();
    }

    /// Gives every element its first and last plateau (from the first to the last where
    /// the file says nothing, never ending before it starts) and returns them.
    fn settle_lives(&mut self) -> Vec<(usize, usize)> {
        let last = self.plateaus.len() - 1;
        let life: Vec<(usize, usize)> = self
            .made
            .iter()
            .map(|m| {
                let from = m.from.unwrap_or(0);
                (from, m.until.unwrap_or(last).max(from))
            })
            .collect();
        for (i, m) in self.made.iter_mut().enumerate() {
            m.from = Some(life[i].0);
            m.until = Some(life[i].1);
        }
        life
    }

    /// Initiatives that realize no plateau land in the last one.
    fn land_initiatives(&mut self) {
        let last_id = self.plateaus[self.plateaus.len() - 1].0.clone();
        let mut without_landing = 0;
        for m in &mut self.made {
            if m.kind == Kind::Initiatives && !m.values.contains_key(&Field::LandsIn) {
                m.values.insert(Field::LandsIn, Tree::str(&last_id));
                without_landing += 1;
            }
        }
        if without_landing > 0 {
            self.report.notes.push(format!(
                "{without_landing} initiative(s) realize no plateau: `lands_in` is set to `{last_id}`; correct it in model/initiatives.yaml"
            ));
        }
    }

    /// Journeys without a persona are left out, and the references to them.
    fn leave_out_journeys_without_persona(&mut self) {
        let orphans: Vec<String> = self
            .made
            .iter()
            .filter(|m| m.kind == Kind::Journeys && !m.refs.contains_key(&Field::Persona))
            .map(|m| m.id.clone())
            .collect();
        if orphans.is_empty() {
            return;
        }
        self.report.notes.push(format!(
            "journey(s) {} have no persona, which a journey needs: they are left out",
            orphans.join(", ")
        ));
        let gone: BTreeSet<usize> = (0..self.made.len())
            .filter(|&i| orphans.contains(&self.made[i].id))
            .collect();
        for m in &mut self.made {
            for targets in m.refs.values_mut() {
                targets.retain(|(t, _)| !gone.contains(t));
            }
        }
        for &g in &gone {
            self.made[g].left_out = true;
        }
    }

    /// Drops the `field` links (parent, depends_on) that would close a loop, in the order
    /// read.
    fn break_loops(&mut self, field: Field) {
        let n = self.made.len();
        let mut kept: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut dropped = Vec::new();
        for i in 0..n {
            let Some(targets) = self.made[i].refs.get(&field) else {
                continue;
            };
            let mut keep = Vec::new();
            for (t, p) in targets {
                // Would i → t close a loop, i.e. does t already reach i?
                let mut stack = vec![*t];
                let mut seen = BTreeSet::new();
                let mut loops = false;
                while let Some(x) = stack.pop() {
                    if x == i {
                        loops = true;
                        break;
                    }
                    if seen.insert(x) {
                        stack.extend(kept[x].iter().copied());
                    }
                }
                if loops {
                    dropped.push(format!("{} → {}", self.made[i].id, self.made[*t].id));
                } else {
                    kept[i].push(*t);
                    keep.push((*t, p.clone()));
                }
            }
            self.made[i].refs.insert(field, keep);
        }
        if !dropped.is_empty() {
            self.report.notes.push(format!(
                "`{}` links that would make a loop are left out: {}",
                field.key(),
                dropped.join(", ")
            ));
        }
    }
}

/// Narrows the references of an element living `(from, until)` to the plateaus where
/// their targets live too (`life`: each element's first and last plateau), and drops
/// those that hold nowhere.
fn narrow(targets: &mut Vec<Target>, life: &[(usize, usize)], (from, until): (usize, usize)) {
    for (t, plateaus) in targets.iter_mut() {
        let (tf, tu) = life[*t];
        let holds: BTreeSet<usize> = (from..=until)
            .filter(|p| plateaus.as_ref().is_none_or(|s| s.contains(p)))
            .filter(|p| (tf..=tu).contains(p))
            .collect();
        let everywhere = holds.len() == until - from + 1;
        *plateaus = if everywhere { None } else { Some(holds) };
    }
    targets.retain(|(_, p)| p.as_ref().is_none_or(|s| !s.is_empty()));
}

/// Notes a single-valued `field` of element `id` (living `(from, until)`) that names
/// more than one element in a plateau, and empties one that would stop holding before
/// the element ends.
fn one_value(
    targets: &mut Vec<Target>,
    (from, until): (usize, usize),
    id: &str,
    field: Field,
    notes: &mut Vec<String>,
) {
    // One value per plateau: the first that holds there. A value, once written, holds
    // on to the last plateau, so one that would stop before cannot be written.
    let at = |p: usize| {
        targets
            .iter()
            .filter(|(_, ps)| ps.as_ref().is_none_or(|s| s.contains(&p)))
            .count()
    };
    let counts: Vec<usize> = (from..=until).map(at).collect();
    if counts.iter().any(|&n| n > 1) {
        notes.push(format!(
            "`{id}` has more than one `{}` in a plateau, which takes one: the first is kept",
            field.key()
        ));
    }
    let started = counts.iter().position(|&n| n > 0);
    if started.is_some_and(|s| counts[s..].contains(&0)) {
        notes.push(format!(
            "`{id}`: `{}` names an element that ends before `{id}` does, which a staged value cannot say: left out",
            field.key()
        ));
        targets.clear();
    }
}
