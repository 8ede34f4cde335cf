//! The one place where configuration meets findings: waivers silence findings on their
//! element, unused waivers are reported, and rule levels from `tom.yaml` and the
//! command line set each finding's final severity (or drop it, for `off`).

use std::collections::BTreeMap;
use std::fmt;

use crate::model::{ElementIdx, Model};
use crate::rules::configuration::unused_waiver;
use crate::rules::registry::lookup;

use crate::diag::{Diagnostic, Severity};

/// A level a rule may be set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Report as information.
    Info,
    /// Do not report.
    Off,
}

impl Level {
    /// Every level, by its word.
    pub const ALL: &'static [(&'static str, Level)] = &[
        ("error", Level::Error),
        ("warning", Level::Warning),
        ("info", Level::Info),
        ("off", Level::Off),
    ];

    /// The words of every level, as written in `rules:` and `--rule`.
    pub fn words() -> impl Iterator<Item = &'static str> {
        Self::ALL.iter().map(|(w, _)| *w)
    }

    /// The level named `word`.
    pub fn parse(word: &str) -> Option<Level> {
        Self::ALL.iter().find(|(w, _)| *w == word).map(|(_, l)| *l)
    }

    /// The word for this level.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, l)| *l == self)
            .map_or("off", |(w, _)| w)
    }

    /// The severity findings get at this level; `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }
}

impl From<Severity> for Level {
    fn from(severity: Severity) -> Self {
        match severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
            Severity::Info => Level::Info,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Rule levels by rule id.
pub type Levels = BTreeMap<&'static str, Level>;

/// How far the run can tell whether a waiver is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaiverCheck {
    /// Every rule ran over every plateau it looks at.
    All,
    /// Only rules over the spec as a whole ran completely (`--plateau`).
    SpecRulesOnly,
    /// The alignment rules did not run (structural errors).
    UnknownRulesOnly,
}

/// One waiver and how many findings it silenced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaiverUse {
    /// The element that carries it.
    pub element: ElementIdx,
    /// Its position in the element's `waivers`.
    pub index: usize,
    /// Findings it silenced.
    pub silenced: usize,
}

/// Findings after configuration.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The findings to report, with their final severity.
    pub diagnostics: Vec<Diagnostic>,
    /// Every waiver of the model, sorted by element id, with its use.
    pub waivers: Vec<WaiverUse>,
    /// Findings silenced by a waiver (of rules not turned off).
    pub waived: usize,
}

/// Applies waivers and levels to `findings`. `levels` holds `tom.yaml`'s `rules:` with
/// the command line's `--rule` laid over it; structural rules keep their level.
pub fn apply(
    model: &Model,
    findings: Vec<Diagnostic>,
    levels: &Levels,
    judged: WaiverCheck,
) -> Outcome {
    let mut waivers: Vec<WaiverUse> = Vec::new();
    let mut first_waiver: Vec<usize> = vec![usize::MAX; model.elements.len()];
    for (idx, e) in model.iter() {
        first_waiver[idx.0] = waivers.len();
        waivers.extend((0..e.waivers.len()).map(|index| WaiverUse {
            element: idx,
            index,
            silenced: 0,
        }));
    }
    let level_of = |rule: &str| {
        let info = lookup(rule);
        match info {
            Some(r) if r.structural => Level::Error,
            _ => levels
                .get(rule)
                .copied()
                .or_else(|| info.map(|r| Level::from(r.default)))
                .unwrap_or(Level::Error),
        }
    };

    let mut outcome = Outcome::default();
    let mut kept = Vec::with_capacity(findings.len());
    for d in findings {
        let waivable = lookup(d.rule).is_some_and(|r| !r.structural);
        let waiver = d
            .element
            .as_deref()
            .filter(|_| waivable)
            .and_then(|id| model.find(id))
            .and_then(|idx| {
                let e = model.element(idx);
                let i = e.waivers.iter().position(|w| w.rule == d.rule)?;
                Some(first_waiver[idx.0] + i)
            });
        match waiver {
            Some(w) => {
                waivers[w].silenced += 1;
                if level_of(d.rule) != Level::Off {
                    outcome.waived += 1;
                }
            }
            None => kept.push(d),
        }
    }
    kept.extend(unused_waiver::unused(model, &waivers, judged));

    for mut d in kept {
        if let Some(severity) = level_of(d.rule).severity() {
            d.severity = severity;
            outcome.diagnostics.push(d);
        }
    }
    outcome.waivers = waivers;
    outcome
}
