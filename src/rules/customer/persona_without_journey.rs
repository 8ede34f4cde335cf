//! `persona-without-journey`: a persona no journey describes.

use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind};

crate::declare_rule! {
    /// No journey has this persona.
    ///
    /// ## What it checks
    ///
    /// At the target plateau (or the one given by `--plateau`), every persona is the
    /// `persona` of at least one journey that exists in that plateau.
    ///
    /// ## Why it matters
    ///
    /// A persona stands for a customer segment the organisation means to serve. If no
    /// journey describes how that segment deals with the organisation, its needs and
    /// pains never reach a touchpoint, a capability or a process: the segment is named
    /// but not designed for.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// personas:
    ///   - id: small-business-owner            # no journey has this persona
    ///     name: Small business owner
    ///     segment: SME
    /// ```
    ///
    /// ## Fix
    ///
    /// Map at least the persona's most important journey, with `persona:
    /// small-business-owner`. If the segment is out of scope in the target, end the
    /// persona with `until:`.
    pub const RULE = PersonaWithoutJourney, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let at = &ctx.at;
    for (idx, persona) in at.of_kind(Kind::Personas) {
        if at
            .linked(idx, Kind::Journeys, Field::Persona)
            .next()
            .is_some()
        {
            continue;
        }
        out.push(out
            .on(
                persona,
                format!(
                    "no journey has persona `{}` in `{}`",
                    persona.id,
                    ctx.target_id()
                ),
            )
            .label("in no journey")
            .help(format!(
                "map a journey of this persona: `journeys: [{{ id: ..., persona: {}, stages: [...] }}]`",
                persona.id
            )));
    }
}
