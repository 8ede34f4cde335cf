//! The personas: a card per persona with what it needs, its journeys, the moments that
//! matter in them and the KPIs measured for its segment.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::coverage::{journey_stages, moment_that_matters};
use crate::model::{Element, ElementIdx, Model, Value};
use crate::spec::{Field, Kind};

use super::journeys::{CELL_CAP, Capped, KpiFigures, kpi_figures, persona_of};
use super::{ElementLink, element_link, journey_url, text_field};
use crate::analysis::plateau::Projection;
use crate::emit::site::pages::has_journey_maps;

/// At most this many journeys, moments or KPIs are listed on a card.
const CARD_CAP: usize = 12;

/// The personas page's data (`personas.html`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Personas {
    /// A card per persona, by id.
    pub personas: Vec<PersonaCard>,
}

/// A persona's card.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PersonaCard {
    /// The link to the persona's element page.
    pub persona: ElementLink,
    /// Its type (`b2c`, `b2b`...), if set.
    pub kind: Option<&'static str>,
    /// Its segment, if set.
    pub segment: Option<String>,
    /// Its description, as plain text.
    pub description: Option<String>,
    /// What it needs.
    pub needs: Capped<String>,
    /// What frustrates it.
    pub pains: Capped<String>,
    /// What it hopes to gain.
    pub gains: Capped<String>,
    /// The jobs it is trying to get done.
    pub jobs: Capped<String>,
    /// The journeys it goes through (links to their journey pages).
    pub journeys: Capped<ElementLink>,
    /// The moments that matter in those journeys, at the last plateau each exists in.
    pub moments: Capped<Moment>,
    /// The KPIs measured for its segment (their `persona`).
    pub kpis: Capped<KpiFigures>,
}

/// A moment that matters of a journey.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Moment {
    /// The journey's name.
    pub journey: String,
    /// Its journey page, from the site root.
    pub url: String,
    /// The stage's name.
    pub stage: String,
}

/// The strings of `field` of `e` at its last plateau.
fn strings(e: &Element, field: Field) -> Capped<String> {
    let all = match e.value_at(field, e.until) {
        Some(Value::Strings(s)) => s.clone(),
        _ => Vec::new(),
    };
    Capped::of(all, CELL_CAP)
}

/// A card per persona.
pub fn personas(model: &Model, all: &[Projection<'_>]) -> Personas {
    let maps = has_journey_maps(model);
    let mut journeys: BTreeMap<ElementIdx, Vec<ElementIdx>> = BTreeMap::new();
    for (idx, e) in model.of_kind(Kind::Journeys) {
        if let Some(p) = persona_of(e) {
            journeys.entry(p).or_default().push(idx);
        }
    }
    let mut kpis: BTreeMap<ElementIdx, Vec<ElementIdx>> = BTreeMap::new();
    for (idx, e) in model.of_kind(Kind::Kpis) {
        if let Some(p) = persona_of(e) {
            kpis.entry(p).or_default().push(idx);
        }
    }
    let personas = model
        .of_kind(Kind::Personas)
        .map(|(idx, e)| {
            let own = journeys.get(&idx).map_or(&[][..], Vec::as_slice);
            let mut moments = Vec::new();
            for &j in own {
                let je = model.element(j);
                if !maps {
                    break;
                }
                let at = &all[je.until.0];
                for s in journey_stages(at, j) {
                    let moment = s.moment_that_matters
                        || s.touchpoints
                            .iter()
                            .any(|r| at.contains(r.target) && moment_that_matters(at, r.target));
                    if moment {
                        moments.push(Moment {
                            journey: je.name().to_owned(),
                            url: journey_url(&je.id),
                            stage: s.name.clone(),
                        });
                    }
                }
                if moments.len() > CARD_CAP * 4 {
                    break;
                }
            }
            let journey_links = own
                .iter()
                .map(|&j| {
                    let mut link = element_link(model, j);
                    if maps {
                        link.url = journey_url(&link.id);
                    }
                    link
                })
                .collect();
            PersonaCard {
                persona: element_link(model, idx),
                kind: match e.value_at(Field::Type, e.until) {
                    Some(Value::Enum(t)) => Some(*t),
                    _ => None,
                },
                segment: text_field(e, Field::Segment, e.until),
                description: text_field(e, Field::Description, e.until),
                needs: strings(e, Field::Needs),
                pains: strings(e, Field::Pains),
                gains: strings(e, Field::Gains),
                jobs: strings(e, Field::Jobs),
                journeys: Capped::of(journey_links, CARD_CAP),
                moments: Capped::of(moments, CARD_CAP),
                kpis: Capped::of(
                    kpis.get(&idx)
                        .map_or(&[][..], Vec::as_slice)
                        .iter()
                        .take(CARD_CAP + 1)
                        .map(|&k| kpi_figures(model, k))
                        .collect(),
                    CARD_CAP,
                ),
            }
        })
        .collect();
    Personas { personas }
}
