//! `hierarchy-cycle`: `parent` links and `depends_on` links must not loop.

use crate::diag::Diagnostic;
use crate::model::{ElementIdx, Model, Ref, Staged, Value};
use crate::spec::Field;
use crate::spec::RuleId;

/// Reports every cycle of `parent` links and of `depends_on` links, once each.
pub(crate) fn check(model: &Model, diags: &mut Vec<Diagnostic>) {
    let edges = |field: Field| -> Vec<Vec<Ref>> {
        model
            .elements
            .iter()
            .map(|e| match e.field(field).map(|f| &f.value) {
                Some(Staged::Fixed(Value::Ref(r))) => vec![*r],
                Some(Staged::Fixed(Value::Refs(rs))) => rs.clone(),
                _ => Vec::new(),
            })
            .collect()
    };
    find_cycles(model, &edges(Field::Parent), Field::Parent, diags);
    find_cycles(model, &edges(Field::DependsOn), Field::DependsOn, diags);
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    New,
    OnPath,
    Done,
}

/// Depth-first search without recursion (hierarchies can be deep); each back edge
/// closes one cycle, reported at the reference that closes it.
fn find_cycles(model: &Model, edges: &[Vec<Ref>], field: Field, diags: &mut Vec<Diagnostic>) {
    let mut mark = vec![Mark::New; edges.len()];
    for root in 0..edges.len() {
        if mark[root] != Mark::New {
            continue;
        }
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        mark[root] = Mark::OnPath;
        while let Some(top) = path.last_mut() {
            let (node, next) = *top;
            let Some(edge) = edges[node].get(next) else {
                mark[node] = Mark::Done;
                path.pop();
                continue;
            };
            top.1 += 1;
            let target = edge.target.0;
            match mark[target] {
                Mark::New => {
                    mark[target] = Mark::OnPath;
                    path.push((target, 0));
                }
                Mark::OnPath => {
                    let start = path.iter().position(|&(n, _)| n == target).unwrap_or(0);
                    let cycle: Vec<ElementIdx> =
                        path[start..].iter().map(|&(n, _)| ElementIdx(n)).collect();
                    diags.push(report(model, &cycle, node, edge, field));
                }
                Mark::Done => {}
            }
        }
    }
}

fn report(
    model: &Model,
    cycle: &[ElementIdx],
    from: usize,
    edge: &Ref,
    field: Field,
) -> Diagnostic {
    let mut names: Vec<&str> = cycle
        .iter()
        .map(|&i| model.element(i).id.as_str())
        .collect();
    names.push(&model.element(edge.target).id);
    let chain = names.join(" → ");
    let element = model.element(ElementIdx(from));
    let (message, help) = if field == Field::Parent {
        (
            format!(
                "{} `{}` is its own ancestor: {chain}",
                element.kind.singular(),
                element.id
            ),
            "a hierarchy has no loops: remove or change one `parent` in the chain",
        )
    } else {
        (
            format!("initiatives depend on each other in a loop: {chain}"),
            "no initiative can land first: remove one `depends_on` link in the loop",
        )
    };
    Diagnostic::error(RuleId::HierarchyCycle, edge.span, message)
        .label("closes the loop")
        .element(&element.id)
        .help(help)
}
