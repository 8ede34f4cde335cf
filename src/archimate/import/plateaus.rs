//! The project's plateaus from the file's Plateau elements.

use std::collections::{BTreeSet, HashMap};

use crate::spec::is_valid_id;

use super::Importer;
use super::elements::slug_or;
use super::read::{Relation, Source};

impl Importer {
    /// Plateau elements, ordered by their triggering relationships (document order
    /// where the triggers say nothing); one plateau when the file has none.
    pub(super) fn plateaus(&mut self, sources: &[Source<'_>], relations: &[Relation<'_>]) {
        let plateaus: Vec<&Source<'_>> = sources
            .iter()
            .filter(|s| s.archimate_type == "Plateau")
            .collect();
        if plateaus.is_empty() {
            self.one_plateau();
            return;
        }
        for i in order(&plateaus, relations) {
            let s = plateaus[i];
            let wanted = s
                .property("tomc:id")
                .filter(|id| is_valid_id(id))
                .map_or_else(|| slug_or(&s.name, "plateau"), str::to_owned);
            let id = self.unique(wanted);
            let name = if s.name.is_empty() {
                id.clone()
            } else {
                s.name.clone()
            };
            let date = s.property("date").map(str::to_owned);
            self.plateaus
                .push((id, name, date, s.identifier.to_owned()));
        }
        self.report.plateaus = self.plateaus.len();
    }

    /// The one plateau of a file that has none.
    fn one_plateau(&mut self) {
        self.plateaus.push((
            "current".into(),
            "Current state".into(),
            None,
            String::new(),
        ));
        self.taken.insert("current".into());
        self.report.notes.push(
            "the file has no plateaus: the project has one, `current`; add transitions and a target to tom.yaml".into(),
        );
        self.report.plateaus = 1;
    }
}

/// The positions of `plateaus` in the order their triggering relationships give.
fn order(plateaus: &[&Source<'_>], relations: &[Relation<'_>]) -> Vec<usize> {
    let index: HashMap<&str, usize> = plateaus
        .iter()
        .enumerate()
        .map(|(i, s)| (s.identifier, i))
        .collect();
    let mut before = vec![BTreeSet::new(); plateaus.len()];
    for r in relations
        .iter()
        .filter(|r| r.archimate_type == "Triggering")
    {
        if let (Some(&a), Some(&b)) = (index.get(r.source), index.get(r.target))
            && a != b
        {
            before[b].insert(a);
        }
    }
    // Kahn's algorithm, lowest document position first; a cycle falls back to
    // document order for what is left.
    let mut placed = vec![false; plateaus.len()];
    let mut order = Vec::new();
    while order.len() < plateaus.len() {
        let next = (0..plateaus.len())
            .find(|&i| !placed[i] && before[i].iter().all(|&b| placed[b]))
            .or_else(|| (0..plateaus.len()).find(|&i| !placed[i]));
        let Some(i) = next else { break };
        placed[i] = true;
        order.push(i);
    }
    order
}
