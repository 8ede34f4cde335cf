//! Impact: what depends on elements at a plateau, or what they depend on, transitively,
//! with the path of links that makes each dependency.
//!
//! The way each reference runs is [`crate::spec::dependencies`]. Initiatives are not
//! walked through (a system does not depend on the programme that retires it); those
//! that deliver an element on the way are listed apart.

use std::collections::VecDeque;

use rustc_hash::FxHashMap;

use crate::analysis::plateau::Projection;
use crate::model::{ElementIdx, Model, Value};
use crate::spec::dependencies::{Dependent, dependent};
use crate::spec::{Field, Kind};

/// Which way to follow dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// What depends on the elements.
    Down,
    /// What the elements depend on.
    Up,
}

/// An element reached, with the way it was reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reached {
    /// The element reached.
    pub element: ElementIdx,
    /// The elements from a named element to this one, both included: a shortest path,
    /// the first in id order where there are several.
    pub path: Vec<ElementIdx>,
}

/// What elements touch at one plateau.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Impact {
    /// Whether any named element exists at the plateau.
    pub present: bool,
    /// Every element reached (the named ones excluded), by kind in the canonical order,
    /// then by id.
    pub reached: Vec<Reached>,
    /// The initiatives that deliver a named or reached element, by id.
    pub initiatives: Vec<Delivering>,
}

/// An initiative that delivers elements on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivering {
    /// The initiative.
    pub initiative: ElementIdx,
    /// The named or reached elements it delivers, by id.
    pub delivers: Vec<ElementIdx>,
}

/// Everything that depends on `from` at the projection's plateau (`Down`), or that
/// `from` depends on (`Up`). Named elements absent at the plateau are left out.
pub fn impact(at: &Projection<'_>, from: &[ElementIdx], direction: Direction) -> Impact {
    let model = at.model();
    let walk = walk(at, from, direction);
    let mut reached: Vec<Reached> = walk
        .order
        .iter()
        .map(|&idx| Reached {
            element: idx,
            path: path_to(&walk.came_from, idx),
        })
        .collect();
    reached.sort_by_key(|r| (model.element(r.element).kind, r.element));
    let initiatives = if walk.present {
        delivering(model, &walk.came_from, from)
    } else {
        Vec::new()
    };
    Impact {
        present: walk.present,
        reached,
        initiatives,
    }
}

/// What depends on `idx` directly at the projection's plateau (initiatives aside), by
/// index, into `out`.
pub fn dependents_of(at: &Projection<'_>, idx: ElementIdx, out: &mut Vec<ElementIdx>) {
    out.clear();
    neighbours(at, idx, Direction::Down, out);
    let model = at.model();
    out.retain(|&o| model.element(o).kind != Kind::Initiatives);
    out.sort_unstable();
    out.dedup();
}

/// A walk: whether a named element is present, the elements reached (initiatives
/// aside) in the order met, and the element each was reached from.
struct Walk {
    present: bool,
    order: Vec<ElementIdx>,
    came_from: FxHashMap<ElementIdx, ElementIdx>,
}

fn walk(at: &Projection<'_>, from: &[ElementIdx], direction: Direction) -> Walk {
    let model = at.model();
    // The element each one was reached from; a named element maps to itself. A map
    // rather than a vector over the model: a walk usually reaches a small part of it.
    let mut came_from: FxHashMap<ElementIdx, ElementIdx> = FxHashMap::default();
    let mut queue = VecDeque::new();
    for &idx in from {
        if at.contains(idx) && !came_from.contains_key(&idx) {
            came_from.insert(idx, idx);
            queue.push_back(idx);
        }
    }
    let present = !queue.is_empty();
    let mut order = Vec::new();
    let mut next = Vec::new();
    while let Some(idx) = queue.pop_front() {
        next.clear();
        neighbours(at, idx, direction, &mut next);
        next.sort_unstable();
        next.dedup();
        for &other in &next {
            if came_from.contains_key(&other) {
                continue;
            }
            came_from.insert(other, idx);
            // Initiatives are listed apart, not walked through.
            if model.element(other).kind == Kind::Initiatives {
                continue;
            }
            order.push(other);
            queue.push_back(other);
        }
    }
    Walk {
        present,
        order,
        came_from,
    }
}

/// The elements one link away from `idx` in `direction`, present at the plateau.
fn neighbours(
    at: &Projection<'_>,
    idx: ElementIdx,
    direction: Direction,
    out: &mut Vec<ElementIdx>,
) {
    let model = at.model();
    let kind = model.element(idx).kind;
    // Down: the holder's targets that depend on it; Up: the targets it depends on.
    let forward = match direction {
        Direction::Down => Dependent::Target,
        Direction::Up => Dependent::Holder,
    };
    for (field, r) in at.outgoing(idx) {
        if at.contains(r.target) && dependent(kind, field, model.element(r.target).kind) == forward
        {
            out.push(r.target);
        }
    }
    let backward = match direction {
        Direction::Down => Dependent::Holder,
        Direction::Up => Dependent::Target,
    };
    for link in at.incoming(idx) {
        if dependent(model.element(link.from).kind, link.field, kind) == backward {
            out.push(link.from);
        }
    }
}

/// The path from a named element to `idx`, both included.
fn path_to(came_from: &FxHashMap<ElementIdx, ElementIdx>, idx: ElementIdx) -> Vec<ElementIdx> {
    let mut path = vec![idx];
    let mut at = idx;
    while let Some(&prev) = came_from.get(&at) {
        if prev == at {
            break;
        }
        path.push(prev);
        at = prev;
    }
    path.reverse();
    path
}

/// The initiatives whose `delivers` names an element the walk named or reached, with
/// those elements.
fn delivering(
    model: &Model,
    came_from: &FxHashMap<ElementIdx, ElementIdx>,
    from: &[ElementIdx],
) -> Vec<Delivering> {
    let on_the_way = |idx: ElementIdx| {
        came_from.contains_key(&idx) && model.element(idx).kind != Kind::Initiatives
    };
    model
        .of_kind(Kind::Initiatives)
        .filter(|(idx, _)| !from.contains(idx))
        .filter_map(|(idx, initiative)| {
            let mut delivers: Vec<ElementIdx> = initiative
                .field(Field::Delivers)
                .into_iter()
                .flat_map(|f| f.value.values())
                .flat_map(Value::refs)
                .map(|r| r.target)
                .filter(|&t| on_the_way(t))
                .collect();
            delivers.sort_unstable();
            delivers.dedup();
            (!delivers.is_empty()).then_some(Delivering {
                initiative: idx,
                delivers,
            })
        })
        .collect()
}

/// For every element at a plateau, the elements of some kinds that depend on it,
/// transitively: what [`impact`] would list of those kinds, for the whole model at once.
/// The site asks it of every element page; a walk from each would cost the square of
/// the model.
#[derive(Debug)]
pub struct Reachability {
    /// The elements of the kinds asked for, present at the plateau, by index.
    targets: Vec<ElementIdx>,
    /// Per element, the targets that depend on it, as bits over `targets`; none where
    /// no target does.
    sets: Vec<Option<Box<[u64]>>>,
}

impl Reachability {
    /// The elements of the kinds asked for that depend on `idx`, by index (so by id);
    /// never `idx` itself.
    pub fn of(&self, idx: ElementIdx) -> Vec<ElementIdx> {
        let Some(Some(bits)) = self.sets.get(idx.0) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (w, &word) in bits.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                let bit = word.trailing_zeros() as usize;
                word &= word - 1;
                let target = self.targets[w * 64 + bit];
                if target != idx {
                    out.push(target);
                }
            }
        }
        out
    }
}

/// The [`Reachability`] of `kinds` at the projection's plateau, following links down.
///
/// The dependency links are condensed into their strongly connected components with
/// Tarjan's algorithm, which finishes a component only after every component it
/// reaches; so a component's set, the union of its members' successors and their sets,
/// is computed once, when it finishes. Linear in the links times the targets over 64.
pub fn reachability(at: &Projection<'_>, kinds: &[Kind]) -> Reachability {
    reachability_from(at, kinds, at.elements().map(|(idx, _)| idx))
}

/// [`reachability`] for `roots` and what they reach only: the sets of other elements
/// are left empty. A diff asks it of the elements it changed, not of the whole model.
pub fn reachability_from(
    at: &Projection<'_>,
    kinds: &[Kind],
    roots: impl IntoIterator<Item = ElementIdx>,
) -> Reachability {
    const UNSEEN: usize = usize::MAX;
    let model = at.model();
    let n = model.elements.len();
    let mut slot = vec![UNSEEN; n];
    let mut targets = Vec::new();
    for (idx, e) in at.elements() {
        if kinds.contains(&e.kind) {
            slot[idx.0] = targets.len();
            targets.push(idx);
        }
    }
    let words = targets.len().div_ceil(64);
    let mut sets: Vec<Option<Box<[u64]>>> = vec![None; n];
    if words == 0 {
        return Reachability { targets, sets };
    }
    // The dependents of an element, initiatives aside (they are not walked through).
    let successors = |idx: ElementIdx| {
        let mut out = Vec::new();
        dependents_of(at, idx, &mut out);
        out
    };
    let mut t = Tarjan {
        index: vec![UNSEEN; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next_index: 0,
        frames: Vec::new(),
    };
    for root in roots {
        if t.index[root.0] != UNSEEN {
            continue;
        }
        t.enter(root, successors(root));
        while let Some((v, succ, next)) = t.frames.last_mut() {
            let v = *v;
            if let Some(&w) = succ.get(*next) {
                *next += 1;
                if t.index[w.0] == UNSEEN {
                    t.enter(w, successors(w));
                } else if t.on_stack[w.0] {
                    t.low[v.0] = t.low[v.0].min(t.index[w.0]);
                }
                continue;
            }
            t.frames.pop();
            if let Some((parent, _, _)) = t.frames.last() {
                t.low[parent.0] = t.low[parent.0].min(t.low[v.0]);
            }
            if t.low[v.0] != t.index[v.0] {
                continue;
            }
            // `v` roots a component, now finished: every component its members reach
            // is finished too.
            let mut members = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on_stack[w.0] = false;
                members.push(w);
                if w == v {
                    break;
                }
            }
            let mut bits = vec![0u64; words];
            let mut any = false;
            for &m in &members {
                for w in successors(m) {
                    if slot[w.0] != UNSEEN {
                        bits[slot[w.0] / 64] |= 1 << (slot[w.0] % 64);
                        any = true;
                    }
                    if let Some(set) = &sets[w.0] {
                        for (b, s) in bits.iter_mut().zip(set.iter()) {
                            *b |= s;
                        }
                        any = true;
                    }
                }
            }
            if any {
                let bits: Box<[u64]> = bits.into_boxed_slice();
                for &m in &members {
                    sets[m.0] = Some(bits.clone());
                }
            }
        }
    }
    Reachability { targets, sets }
}

/// The state of Tarjan's walk in [`reachability`].
struct Tarjan {
    index: Vec<usize>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<ElementIdx>,
    next_index: usize,
    /// The depth-first walk's frames: an element, its successors, the next to visit.
    frames: Vec<(ElementIdx, Vec<ElementIdx>, usize)>,
}

impl Tarjan {
    fn enter(&mut self, v: ElementIdx, successors: Vec<ElementIdx>) {
        self.index[v.0] = self.next_index;
        self.low[v.0] = self.next_index;
        self.next_index += 1;
        self.stack.push(v);
        self.on_stack[v.0] = true;
        self.frames.push((v, successors, 0));
    }
}
