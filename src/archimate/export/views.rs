//! The views: the capability map and one view per plateau.

use std::collections::BTreeMap;
use std::io;

use quick_xml::Writer;
use quick_xml::writer::ElementWriter;

use crate::model::{ElementIdx, PlateauIdx, Staged, Value};
use crate::spec::{Field, Kind};

use super::write::text_element;
use super::{End, Exporter, element_ref};

impl Exporter<'_> {
    /// The capability tree as nested boxes: L1 holding L2 holding L3.
    pub(super) fn capability_map<W: io::Write>(&self, w: &mut Writer<W>) -> io::Result<()> {
        let view = "view-capability-map";
        let boxes = self.capability_boxes();
        write_view(w, view, "Capability map", |w| {
            text_element(
                w,
                "documentation",
                "Every capability of the model, nested in its parent.",
            )?;
            for b in &boxes {
                self.write_box(w, view, b)?;
            }
            Ok(())
        })
    }

    /// The boxes of the capability map: each top-level capability holding its tree, in
    /// rows across the map.
    fn capability_boxes(&self) -> Vec<Placed> {
        let mut children: BTreeMap<Option<ElementIdx>, Vec<ElementIdx>> = BTreeMap::new();
        for (idx, e) in self.model.of_kind(Kind::Capabilities) {
            let parent = match e.field(Field::Parent).map(|f| &f.value) {
                Some(Staged::Fixed(Value::Ref(r))) => Some(r.target),
                _ => None,
            };
            children.entry(parent).or_default().push(idx);
        }
        let mut boxes = Vec::new();
        let roots = children.get(&None).cloned().unwrap_or_default();
        let (mut x, mut y, mut row_h) = (20, 20, 0);
        for root in roots {
            let b = layout(&children, root, 0);
            if x > 20 && x + b.w > MAP_WIDTH {
                x = 20;
                y += row_h + GAP;
                row_h = 0;
            }
            let (bw, bh) = (b.w, b.h);
            boxes.push(b.place(x, y));
            x += bw + GAP;
            row_h = row_h.max(bh);
        }
        boxes
    }

    fn write_box<W: io::Write>(&self, w: &mut Writer<W>, view: &str, b: &Placed) -> io::Result<()> {
        let element = element_ref(&self.model.element(b.element).id);
        let el = node(w, view, &element, [b.x, b.y, b.w, b.h]);
        if b.children.is_empty() {
            el.write_empty()?;
        } else {
            el.write_inner_content(|w| {
                for c in &b.children {
                    self.write_box(w, view, c)?;
                }
                Ok(())
            })?;
        }
        Ok(())
    }

    /// One plateau: its elements in bands by kind, and the relationships between them
    /// that hold there.
    pub(super) fn plateau_view<W: io::Write>(
        &self,
        w: &mut Writer<W>,
        p: PlateauIdx,
    ) -> io::Result<()> {
        let plateau = &self.model.plateaus[p.0];
        let view = format!("view-plateau-{}", plateau.id);
        let (nodes, order) = self.plateau_nodes(p);
        let name = format!("Plateau: {}", plateau.name);
        write_view(w, &view, &name, |w| {
            for element in &order {
                let (x, y) = nodes[element];
                node(w, &view, element, [x, y, NODE_W, NODE_H]).write_empty()?;
            }
            for r in &self.relationships {
                // Only elements are drawn, every element present at `p`.
                let drawn = |end| match end {
                    End::Element(i) => self.model.element(i).exists_in(p),
                    End::Plateau(_) | End::Gap(_) => false,
                };
                if !(r.plateaus.contains(&p) && drawn(r.source) && drawn(r.target)) {
                    continue;
                }
                let identifier = self.identifier(r);
                let source = format!("n-{view}-{}", self.end_ref(r.source));
                let target = format!("n-{view}-{}", self.end_ref(r.target));
                let connection = format!("c-{view}-{identifier}");
                w.create_element("connection")
                    .with_attributes([
                        ("identifier", connection.as_str()),
                        ("relationshipRef", identifier.as_str()),
                        ("xsi:type", "Relationship"),
                        ("source", source.as_str()),
                        ("target", target.as_str()),
                    ])
                    .write_empty()?;
            }
            Ok(())
        })
    }

    /// The place of each element present at `p` (by identifier), in bands by kind, and
    /// the order they are drawn in.
    fn plateau_nodes(&self, p: PlateauIdx) -> (BTreeMap<String, (i64, i64)>, Vec<String>) {
        let mut nodes: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        let mut order = Vec::new();
        let mut y = 20;
        for &kind in Kind::ALL {
            let mut x = 20;
            let mut any = false;
            for (_, e) in self
                .model
                .iter()
                .filter(|(_, e)| e.kind == kind && e.exists_in(p))
            {
                if x + NODE_W > MAP_WIDTH {
                    x = 20;
                    y += NODE_H + GAP;
                }
                let element = element_ref(&e.id);
                nodes.insert(element.clone(), (x, y));
                order.push(element);
                x += NODE_W + GAP;
                any = true;
            }
            if any {
                y += NODE_H + 2 * GAP;
            }
        }
        (nodes, order)
    }
}

/// A diagram named `name`, its content written by `content`.
fn write_view<W: io::Write>(
    w: &mut Writer<W>,
    identifier: &str,
    name: &str,
    content: impl FnOnce(&mut Writer<W>) -> io::Result<()>,
) -> io::Result<()> {
    w.create_element("view")
        .with_attributes([("identifier", identifier), ("xsi:type", "Diagram")])
        .write_inner_content(|w| {
            text_element(w, "name", name)?;
            content(w)
        })?;
    Ok(())
}

/// The node of `element` in `view` at `[x, y, width, height]`, to be written empty or
/// holding the nodes nested in it.
fn node<'w, W: io::Write>(
    w: &'w mut Writer<W>,
    view: &str,
    element: &str,
    place: [i64; 4],
) -> ElementWriter<'w, W> {
    let identifier = format!("n-{view}-{element}");
    let [x, y, width, height] = place.map(|n| n.to_string());
    w.create_element("node").with_attributes([
        ("identifier", identifier.as_str()),
        ("elementRef", element),
        ("xsi:type", "Element"),
        ("x", x.as_str()),
        ("y", y.as_str()),
        ("w", width.as_str()),
        ("h", height.as_str()),
    ])
}

const NODE_W: i64 = 140;
const NODE_H: i64 = 60;
const GAP: i64 = 20;
const HEADER: i64 = 30;
const MAP_WIDTH: i64 = 1600;
/// Children per row inside a capability box.
const COLUMNS: usize = 4;

/// A capability box of the map, sized to hold its children, not yet placed.
struct Sized {
    element: ElementIdx,
    w: i64,
    h: i64,
    /// Children with their offsets inside this box.
    children: Vec<(i64, i64, Sized)>,
}

/// A box at its place in the view (absolute coordinates, as the exchange format has).
struct Placed {
    element: ElementIdx,
    x: i64,
    y: i64,
    w: i64,
    h: i64,
    children: Vec<Placed>,
}

impl Sized {
    fn place(self, x: i64, y: i64) -> Placed {
        Placed {
            element: self.element,
            x,
            y,
            w: self.w,
            h: self.h,
            children: self
                .children
                .into_iter()
                .map(|(dx, dy, c)| c.place(x + dx, y + dy))
                .collect(),
        }
    }
}

/// Sizes the box of `idx` from its children, rows of [`COLUMNS`]. `depth` guards against
/// a parent cycle (reported by the checker; the map then stops descending).
fn layout(
    children: &BTreeMap<Option<ElementIdx>, Vec<ElementIdx>>,
    idx: ElementIdx,
    depth: usize,
) -> Sized {
    let kids = match children.get(&Some(idx)) {
        Some(kids) if depth < 16 => kids.clone(),
        _ => Vec::new(),
    };
    if kids.is_empty() {
        return Sized {
            element: idx,
            w: NODE_W,
            h: NODE_H,
            children: Vec::new(),
        };
    }
    let sized: Vec<Sized> = kids
        .into_iter()
        .map(|k| layout(children, k, depth + 1))
        .collect();
    let mut placed = Vec::with_capacity(sized.len());
    let (mut x, mut y, mut row_h, mut width) = (GAP / 2, HEADER, 0, 0);
    for (i, s) in sized.into_iter().enumerate() {
        if i > 0 && i % COLUMNS == 0 {
            x = GAP / 2;
            y += row_h + GAP / 2;
            row_h = 0;
        }
        let (w, h) = (s.w, s.h);
        placed.push((x, y, s));
        x += w + GAP / 2;
        width = width.max(x);
        row_h = row_h.max(h);
    }
    Sized {
        element: idx,
        w: width.max(NODE_W),
        h: y + row_h + GAP / 2,
        children: placed,
    }
}
