//! `absent-reference`: a reference that holds in a plateau must name an element that
//! exists in that plateau.

use crate::diag::Diagnostic;
use crate::format::Field;
use crate::model::{Model, PlateauIdx};
use crate::rules::registry::ABSENT_REFERENCE;

/// Reports references that, at one of `plateaus`, name an element absent from it.
/// An initiative's `delivers` is exempt: it names what the initiative adds or removes.
pub fn absent_references(model: &Model, plateaus: &[PlateauIdx]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for &p in plateaus {
        let at = model.at(p);
        let plateau = &model.plateaus[p.0];
        for (idx, element) in at.elements() {
            for (field, r) in at.outgoing(idx) {
                if field == Field::Delivers || at.contains(r.target) {
                    continue;
                }
                let target = model.element(r.target);
                let span = |q: PlateauIdx| &model.plateaus[q.0].id;
                let lives = if target.from == target.until {
                    format!("it exists only in `{}`", span(target.from))
                } else {
                    format!(
                        "it exists from `{}` to `{}`",
                        span(target.from),
                        span(target.until)
                    )
                };
                diags.push(
                    Diagnostic::error(
                        ABSENT_REFERENCE,
                        r.span,
                        format!("{} `{}` does not exist in plateau `{}`; {lives}", target.kind.singular(), target.id, plateau.id),
                    )
                    .label(format!("absent in `{}`", plateau.id))
                    .element(&element.id)
                    .plateau(&plateau.id)
                    .help(format!(
                        "write `{}` per plateau so it names `{}` only where it exists, or change `from`/`until` of one of the two elements",
                        field.key(),
                        target.id
                    )),
                );
            }
        }
    }
    diags
}
