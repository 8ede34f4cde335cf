//! A generator of realistic, valid Target Operating Models of any size, for tomc's
//! benchmarks, demonstrations and tests. It is not part of the `tomc` binary or library.
//!
//! [`generate`] turns a [`Spec`] (a number of elements and a seed) into a complete
//! project: a `tom.yaml` with three plateaus (`current`, `wave-1`, `target`) and model
//! files under `model/`, one series of files per element kind with at most
//! [`ELEMENTS_PER_FILE`] elements each (`model/processes-003.yaml`). It is meant for
//! benchmarks, demonstrations and tests that need a large model that looks like a real
//! one.
//!
//! The model spreads its elements over all sixteen kinds in the proportions of a real
//! operating model: a three-level capability map (L1 → L2 → L3) with several processes
//! per leaf capability, processes using roles, systems, information and locations,
//! objectives with sub-objectives and KPIs, drivers, personas whose journeys have four
//! to eight stages naming touchpoints, touchpoints supported by capabilities and backed
//! by frontstage, backstage and support processes, org units and roles with headcounts,
//! suppliers, and initiatives that deliver the gaps between the plateaus, depend on each
//! other without cycles and never land before what they depend on. Some elements are
//! added in `wave-1` or `target` (`from`), some retired (`until`), legacy systems are
//! phased out while the processes move to their successors, capability maturity rises
//! from plateau to plateau, and every element added, removed or uplifted in a step is
//! delivered by an initiative that lands at the end of that step.
//!
//! The customer-experience half is there too: a journey with a painful stage is written
//! as it is and as it will be (`stages` per plateau, the pain cited by an insight, a
//! stage measured by customer KPIs marked as a moment that matters), insights from every
//! voice with the `high` ones addressed by an initiative, personas with their type,
//! gains and jobs, touchpoints with their phase and the partner that runs them,
//! processes with their automation per plateau and a parent, KPIs with a source, a
//! persona and measured values (in `actuals`, and in CSV files under `measurements/`),
//! and initiatives that name the KPIs they move (every lasting move has one), with
//! their value, effort, risk and dates.
//!
//! The model is valid: it has no structural error (every reference resolves, to an
//! element of the right kind that exists wherever the reference holds, staged values
//! name plateaus, hierarchies have no cycles, ids are unique and well formed). It has
//! few alignment findings: about one process in 250 lacks an owner, one touchpoint in
//! 50 has no process behind it and one KPI in 100 has no target, as in a model that is
//! still being completed; the rest is aligned. A few capabilities are run down before
//! they are outsourced and a few processes migrate data off a retiring system, each
//! with a waiver that gives the reason.
//!
//! Generation is deterministic (the same spec gives byte-identical output, on any
//! platform: the generator uses its own SplitMix64 generator and integer arithmetic)
//! and linear in the number of elements.
//!
//! ```
//! use tomc_gen::{generate, Spec};
//!
//! let project = generate(&Spec { elements: 300, seed: 7 });
//! assert_eq!(project.elements(), 300);
//! assert!(project.tom_yaml.starts_with("# Generated"));
//! ```

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// What to generate: how many elements, from which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Spec {
    /// The number of elements, across all kinds (journey stages are not elements).
    /// Models of fewer than about 40 elements get the minimum of each kind instead, so
    /// that every kind is present and the model stays valid.
    pub elements: usize,
    /// The seed of the pseudo-random generator: the same seed gives the same model.
    pub seed: u64,
}

impl Default for Spec {
    /// A model of 1,000 elements from seed 1.
    fn default() -> Self {
        Spec {
            elements: 1_000,
            seed: 1,
        }
    }
}

/// A generated project: the text of `tom.yaml` and of every model file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The text of `tom.yaml`.
    pub tom_yaml: String,
    /// The model files: each file's path relative to the project directory, with `/`
    /// separators (`model/processes-003.yaml`), and its YAML text. Sorted by path.
    pub files: Vec<(String, String)>,
    /// The number of elements of each kind, in the order of the spec format (`drivers`
    /// first, `initiatives` last).
    pub counts: Vec<(&'static str, usize)>,
}

impl Project {
    /// The number of elements of the model, across all kinds.
    pub fn elements(&self) -> usize {
        self.counts.iter().map(|(_, n)| n).sum()
    }

    /// Writes `tom.yaml` and the model files into `dir`, creating the directories that
    /// are missing. Files already there with the same names are overwritten; no other
    /// file is touched.
    pub fn write(&self, dir: &Path) -> io::Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("tom.yaml"), &self.tom_yaml)?;
        let mut made: Option<&Path> = None;
        for (rel, text) in &self.files {
            let folder = Path::new(rel).parent();
            if let Some(folder) = folder
                && made != Some(folder)
            {
                std::fs::create_dir_all(dir.join(folder))?;
                made = Some(folder);
            }
            std::fs::write(dir.join(rel), text)?;
        }
        Ok(())
    }
}

/// The largest number of elements in one model file.
pub const ELEMENTS_PER_FILE: usize = 1_000;

/// The element kinds, in the order of the spec format.
pub const KINDS: [&str; 16] = [
    "drivers",
    "objectives",
    "kpis",
    "personas",
    "journeys",
    "touchpoints",
    "insights",
    "capabilities",
    "processes",
    "org_units",
    "roles",
    "systems",
    "information",
    "suppliers",
    "locations",
    "initiatives",
];

/// Elements of each kind per thousand elements of the model.
const WEIGHTS: [usize; 16] = [
    8, 30, 55, 10, 20, 60, 12, 100, 260, 35, 110, 110, 70, 40, 30, 62,
];
/// The fewest elements of each kind.
const MINIMUM: [usize; 16] = [1, 2, 2, 1, 1, 2, 1, 3, 1, 2, 2, 2, 1, 1, 1, 2];

const K_PERSONAS: usize = 3;
const K_JOURNEYS: usize = 4;
const K_INSIGHTS: usize = 6;
const K_CAPABILITIES: usize = 7;
const K_PROCESSES: usize = 8;

/// The number of elements of each kind in a model of `elements` elements, in the order
/// of [`KINDS`]. Processes take up the rest, so the counts add up to `elements` for any
/// model of about 40 elements or more.
pub fn counts(elements: usize) -> [usize; 16] {
    let mut c = [0; 16];
    for (k, n) in c.iter_mut().enumerate() {
        if k != K_PROCESSES {
            *n = MINIMUM[k].max(elements * WEIGHTS[k] / 1000);
        }
    }
    c[K_JOURNEYS] = c[K_JOURNEYS].max(c[K_PERSONAS]);
    let (_, _, leaves) = capability_levels(c[K_CAPABILITIES]);
    let others: usize = c.iter().sum();
    c[K_PROCESSES] = elements.saturating_sub(others).max(leaves).max(1);
    c
}

/// How many capabilities of `total` sit at levels 1, 2 and 3: about 0.6·√n at L1 and
/// 0.7·n^¾ at L2, so that small maps have a handful of L1 domains with a few children
/// each and large maps bushier trees.
fn capability_levels(total: usize) -> (usize, usize, usize) {
    let total = total.max(3);
    let l1 = (total.isqrt() * 6 / 10).max(1);
    let mut l2 = ((total * total.isqrt()).isqrt() * 7 / 10).max(l1);
    if total - l1 < 2 * l2 {
        l2 = ((total - l1) / 2).max(1);
    }
    (l1, l2, total - l1 - l2)
}

/// Generates the project described by `spec`.
pub fn generate(spec: &Spec) -> Project {
    let model = Model::build(spec);
    model.render(spec)
}

// ---------------------------------------------------------------------------------
// Randomness and lifetimes

/// SplitMix64: small, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `per_mille`/1000.
    fn chance(&mut self, per_mille: usize) -> bool {
        self.below(1000) < per_mille
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn pick_u32(&mut self, items: &[u32]) -> Option<usize> {
        (!items.is_empty()).then(|| items[self.below(items.len())] as usize)
    }
}

/// The plateaus of every generated project: id, name and date.
const PLATEAUS: [(&str, &str, Option<&str>); 3] = [
    ("current", "Current state 2026", None),
    ("wave-1", "Transition 2027", Some("2027-06-30")),
    ("target", "Target state 2028", Some("2028-12-31")),
];

/// The plateaus an element exists in: `from..=until`, as indices into [`PLATEAUS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Life {
    from: u8,
    until: u8,
}

/// The six possible lives with three plateaus; [`Life::combo`] indexes this table.
const LIVES: [Life; 6] = [
    Life { from: 0, until: 0 },
    Life { from: 0, until: 1 },
    Life { from: 0, until: 2 },
    Life { from: 1, until: 1 },
    Life { from: 1, until: 2 },
    Life { from: 2, until: 2 },
];

impl Life {
    const ALWAYS: Life = Life { from: 0, until: 2 };

    fn mask(self) -> u8 {
        (self.from..=self.until).fold(0, |m, p| m | 1 << p)
    }

    fn combo(self) -> usize {
        match (self.from, self.until) {
            (0, 0) => 0,
            (0, 1) => 1,
            (1, 1) => 3,
            (1, _) => 4,
            (2, _) => 5,
            _ => 2,
        }
    }

    fn always(self) -> bool {
        self == Self::ALWAYS
    }

    /// The plateaus in which a change that needs an initiative lands, step by step: the
    /// element added or removed, or (given its maturity per plateau) its maturity rising.
    fn step_landings(self, maturity: Option<&[Option<u8>; 3]>) -> Vec<u8> {
        let exists = |p: u8| self.from <= p && p <= self.until;
        let level = |p: u8| {
            maturity.and_then(|m| m[..=usize::from(p)].iter().rev().flatten().next().copied())
        };
        (1..3u8)
            .filter(|&p| match (exists(p - 1), exists(p)) {
                (true, true) => level(p).is_some_and(|after| after > level(p - 1).unwrap_or(0)),
                (a, b) => a != b,
            })
            .collect()
    }

    /// A life drawn with the given chances per mille: added in `wave-1`, added in
    /// `target`, retired after `current`, retired after `wave-1`; otherwise always.
    fn draw(rng: &mut Rng, rates: [usize; 4]) -> Life {
        let r = rng.below(1000);
        let mut acc = 0;
        for (rate, life) in rates.iter().zip([LIVES[4], LIVES[5], LIVES[0], LIVES[1]]) {
            acc += rate;
            if r < acc {
                return life;
            }
        }
        Life::ALWAYS
    }
}

/// For each of the six lives, the elements whose plateaus (a mask) include all of it:
/// the candidates for a reference that must hold wherever the referrer exists.
struct Cover {
    lists: [Vec<u32>; 6],
}

impl Cover {
    fn new(masks: impl Iterator<Item = u8>) -> Self {
        let mut lists: [Vec<u32>; 6] = Default::default();
        for (i, m) in masks.enumerate() {
            for (c, life) in LIVES.iter().enumerate() {
                let need = life.mask();
                if m & need == need {
                    lists[c].push(i as u32);
                }
            }
        }
        Cover { lists }
    }

    fn pick(&self, rng: &mut Rng, life: Life) -> Option<usize> {
        rng.pick_u32(&self.lists[life.combo()])
    }
}

// ---------------------------------------------------------------------------------
// Vocabulary

const DOMAINS: [&str; 24] = [
    "Customer Engagement",
    "Sales and Distribution",
    "Product Management",
    "Payments",
    "Lending",
    "Deposits and Savings",
    "Cards",
    "Wealth Management",
    "Insurance",
    "Risk Management",
    "Financial Crime",
    "Finance",
    "Treasury",
    "Operations",
    "Technology",
    "Data and Analytics",
    "People",
    "Procurement",
    "Marketing",
    "Customer Service",
    "Legal and Compliance",
    "Strategy and Transformation",
    "Security",
    "Property and Facilities",
];

const REGIONS: [&str; 12] = [
    "Europe",
    "Americas",
    "Asia Pacific",
    "UK and Ireland",
    "Nordics",
    "Iberia",
    "DACH",
    "Benelux",
    "Middle East",
    "Africa",
    "Central Europe",
    "Oceania",
];

const OBJECTS: [&str; 60] = [
    "account",
    "card",
    "payment",
    "loan",
    "mortgage",
    "deposit",
    "claim",
    "policy",
    "invoice",
    "supplier",
    "customer",
    "complaint",
    "document",
    "product",
    "price",
    "collateral",
    "fraud case",
    "order",
    "contract",
    "asset",
    "employee",
    "credit limit",
    "statement",
    "transaction",
    "beneficiary",
    "dispute",
    "consent",
    "identity",
    "address",
    "tax report",
    "regulatory return",
    "ledger entry",
    "cash",
    "cheque",
    "direct debit",
    "standing order",
    "savings goal",
    "insurance quote",
    "investment",
    "pension",
    "branch visit",
    "appointment",
    "campaign",
    "sales lead",
    "partner",
    "vendor contract",
    "budget",
    "forecast",
    "risk assessment",
    "audit finding",
    "incident",
    "change request",
    "access request",
    "software release",
    "data quality issue",
    "training",
    "vacancy",
    "payroll run",
    "expense claim",
    "chargeback",
];

const ACTIVITIES: [&str; 25] = [
    "Origination",
    "Onboarding",
    "Servicing",
    "Management",
    "Monitoring",
    "Verification",
    "Reconciliation",
    "Settlement",
    "Pricing",
    "Analytics",
    "Reporting",
    "Archiving",
    "Case Handling",
    "Scheduling",
    "Fulfilment",
    "Collections",
    "Renewal",
    "Authorisation",
    "Screening",
    "Forecasting",
    "Planning",
    "Quality Assurance",
    "Exception Handling",
    "Lifecycle Management",
    "Distribution",
];

const L2_SUFFIXES: [&str; 5] = [
    "Management",
    "Services",
    "Operations",
    "Administration",
    "Governance",
];

const VERBS: [&str; 30] = [
    "Capture",
    "Validate",
    "Approve",
    "Reconcile",
    "Investigate",
    "Review",
    "Register",
    "Update",
    "Close",
    "Escalate",
    "Archive",
    "Assess",
    "Price",
    "Settle",
    "Monitor",
    "Report on",
    "Verify",
    "Schedule",
    "Fulfil",
    "Onboard",
    "Renew",
    "Cancel",
    "Authorise",
    "Screen",
    "Resolve",
    "Notify customers about",
    "Correct",
    "Allocate",
    "Forecast",
    "Audit",
];

const QUALIFIERS: [&str; 10] = [
    "requests",
    "exceptions",
    "changes",
    "applications",
    "records",
    "renewals",
    "disputes",
    "batches",
    "cases",
    "queries",
];

const SYSTEM_TYPES: [&str; 12] = [
    "platform",
    "hub",
    "engine",
    "system",
    "portal",
    "gateway",
    "workbench",
    "data mart",
    "ledger",
    "service",
    "suite",
    "manager",
];

const INFO_TYPES: [&str; 10] = [
    "record",
    "register",
    "ledger",
    "history",
    "master data",
    "evidence",
    "schedule",
    "log",
    "file",
    "catalogue",
];

const ROLE_TITLES: [&str; 15] = [
    "analyst",
    "specialist",
    "manager",
    "adviser",
    "officer",
    "team leader",
    "engineer",
    "architect",
    "underwriter",
    "operator",
    "coordinator",
    "product owner",
    "case handler",
    "controller",
    "agent",
];

const TEAM_WORDS: [&str; 7] = [
    "Operations",
    "Team",
    "Centre of Excellence",
    "Squad",
    "Unit",
    "Desk",
    "Hub",
];

const CITIES: [&str; 40] = [
    "London",
    "Manchester",
    "Leeds",
    "Edinburgh",
    "Dublin",
    "Paris",
    "Lyon",
    "Frankfurt",
    "Berlin",
    "Munich",
    "Amsterdam",
    "Rotterdam",
    "Brussels",
    "Madrid",
    "Barcelona",
    "Lisbon",
    "Milan",
    "Rome",
    "Vienna",
    "Zurich",
    "Warsaw",
    "Krakow",
    "Prague",
    "Stockholm",
    "Copenhagen",
    "Oslo",
    "Helsinki",
    "New York",
    "Chicago",
    "Toronto",
    "Singapore",
    "Hong Kong",
    "Sydney",
    "Bangalore",
    "Pune",
    "Manila",
    "Cape Town",
    "Dubai",
    "Sao Paulo",
    "Mexico City",
];

const LOCATION_TYPES: [&str; 8] = [
    "head office",
    "operations centre",
    "branch",
    "data centre",
    "contact centre",
    "regional office",
    "service hub",
    "warehouse",
];

const SYLLABLES_A: [&str; 20] = [
    "Al", "Ver", "No", "Tri", "Cor", "Lu", "Mer", "Ax", "Zen", "Or", "Quan", "Sol", "Nex", "Pri",
    "Ka", "Del", "Ro", "Vi", "Sta", "Hel",
];
const SYLLABLES_B: [&str; 14] = [
    "ta", "ris", "vex", "on", "ia", "ex", "um", "ara", "ix", "eon", "ant", "ora", "is", "ent",
];
const COMPANY_SUFFIXES: [&str; 10] = [
    "Ltd",
    "Systems",
    "Solutions",
    "Services",
    "Group",
    "Technologies",
    "Partners",
    "Consulting",
    "Cloud",
    "Outsourcing",
];

const FIRST_NAMES: [&str; 30] = [
    "Maya", "Tom", "Priya", "Sam", "Margaret", "Dev", "Ana", "Liam", "Chloe", "Omar", "Sofia",
    "Jonas", "Aisha", "Lucas", "Mei", "Noah", "Fatima", "Ethan", "Zara", "Hugo", "Ines", "Kwame",
    "Elena", "Raj", "Freya", "Mateo", "Leila", "Oscar", "Yuki", "Grace",
];

/// What a persona hopes to gain, and the job it wants done.
const GAINS: [&str; 6] = [
    "Knowing where a request stands",
    "Fewer forms",
    "Advice from someone who knows them",
    "Money back sooner",
    "One place for everything",
    "Decisions the same day",
];
const JOBS: [&str; 6] = [
    "Sort out a problem without taking time off",
    "Plan the next few years",
    "Keep the business running",
    "Help a relative with their affairs",
    "Move house without loose ends",
    "Get paid on time",
];

/// Persona descriptor and segment.
const PERSONA_TYPES: [(&str, &str); 15] = [
    ("digital native", "Mass market, 18-30"),
    ("busy parent", "Mass affluent families"),
    ("small business owner", "Sole traders and micro-businesses"),
    ("retiree", "Over-65s, low digital confidence"),
    ("student", "Students and graduates"),
    ("first-time buyer", "Young professionals"),
    ("frequent traveller", "Mass affluent, international"),
    ("private investor", "High net worth"),
    (
        "newcomer to the country",
        "Newcomers without local credit history",
    ),
    ("gig worker", "Self-employed, irregular income"),
    ("farmer", "Agriculture and rural business"),
    ("corporate treasurer", "Mid-sized corporates"),
    ("carer", "Customers acting for someone else"),
    ("young professional", "Urban professionals, 25-35"),
    ("landlord", "Buy-to-let investors"),
];

const NEEDS: [&str; 12] = [
    "Get things done from the phone in minutes",
    "Speak to a person when something goes wrong",
    "See where a request stands without chasing",
    "Clear and fair prices",
    "Instant notifications",
    "Advice that fits their situation",
    "One contact who knows their history",
    "Help outside working hours",
    "Simple forms that are filled in once",
    "Confidence that their money is safe",
    "A local place to handle cash",
    "Decisions in minutes, not weeks",
];

const PAINS: [&str; 12] = [
    "Repeating the same story to every colleague",
    "Being asked to visit a branch or post documents",
    "Waiting on hold to fix a simple problem",
    "Weeks of silence after applying",
    "Forms that ask for the same data twice",
    "Jargon in letters and statements",
    "Automated checks that reject valid documents",
    "Closures of local branches",
    "Scam calls that sound like the company",
    "Fees discovered too late",
    "Apps that log out in the middle of a task",
    "No way to track a complaint",
];

const JOURNEY_VERBS: [&str; 12] = [
    "Open",
    "Apply for",
    "Switch",
    "Renew",
    "Close",
    "Change",
    "Get help with",
    "Report a problem with",
    "Pay for",
    "Set up",
    "Top up",
    "Upgrade",
];

/// The stages of a journey, in the order a customer meets them; a journey keeps four to
/// eight of them, in this order.
const STAGES: [&str; 14] = [
    "Discover",
    "Compare options",
    "Apply",
    "Verify identity",
    "Get a decision",
    "Sign up",
    "Set up",
    "Receive",
    "Start using",
    "Pay",
    "Track progress",
    "Get support",
    "Give feedback",
    "Renew or leave",
];

const STAGE_PAINS: [&str; 8] = [
    "Has to re-enter details already given",
    "No update for several days",
    "Asked for a document by post",
    "Next appointment is more than a week away",
    "Unclear what happens next",
    "Transferred between three teams",
    "Decision letter uses jargon",
    "Has to call to finish online",
];

const EMOTIONS: [&str; 3] = ["positive", "neutral", "negative"];

/// Channel and how a touchpoint's name refers to it.
const CHANNELS: [(&str, &str); 9] = [
    ("web", "the website"),
    ("mobile", "the mobile app"),
    ("branch", "the branch counter"),
    ("contact-centre", "the contact centre"),
    ("email", "email"),
    ("chat", "chat"),
    ("partner", "the partner portal"),
    ("physical", "letter"),
    ("other", "the self-service kiosk"),
];

/// Driver category and name.
const DRIVERS: [(&str, &str); 22] = [
    ("customer", "Customers expect instant digital service"),
    ("customer", "Customers want personalised offers"),
    ("customer", "Customers expect help around the clock"),
    ("market", "Digital challengers win younger customers"),
    ("market", "Margin pressure from price comparison sites"),
    ("market", "Consolidation among competitors"),
    ("regulatory", "Consumer protection rules tighten"),
    ("regulatory", "Operational resilience regulation"),
    ("regulatory", "Data protection and privacy rules"),
    ("regulatory", "Sustainability disclosure requirements"),
    ("technology", "Ageing core platforms"),
    ("technology", "Cloud and API ecosystems mature"),
    ("technology", "Generative AI changes service models"),
    ("cost", "Cost-to-income ratio above peers"),
    ("cost", "Rising cost of compliance"),
    ("cost", "Inflation in supplier contracts"),
    ("workforce", "Digital skills gap in the workforce"),
    ("workforce", "Hybrid working expectations"),
    ("workforce", "Retirements in experienced operations teams"),
    ("other", "Climate transition"),
    ("other", "Geopolitical supply-chain risk"),
    ("other", "Growth through acquisitions"),
];

const TOP_OBJECTIVES: [&str; 6] = [
    "Become the most recommended provider in",
    "Halve the cost to serve in",
    "Grow revenue by a fifth in",
    "Go digital first in",
    "Meet every regulatory commitment in",
    "Build resilient platforms for",
];

const SUB_OBJECTIVES: [&str; 8] = [
    "Cut handling time by half for",
    "Automate decisions on",
    "Move to self-service for",
    "Reach 90 percent straight-through processing for",
    "Remove paper from the handling of",
    "Resolve at first contact issues with",
    "Retire legacy systems for",
    "Raise satisfaction with",
];

/// A KPI metric: name, unit, better direction, voice, baseline range.
type Metric = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    (usize, usize),
);

/// The KPI metrics.
const METRICS: [Metric; 14] = [
    ("handling time", "minutes", "decrease", "process", (20, 240)),
    ("NPS", "score", "increase", "customer", (5, 40)),
    (
        "cost per transaction",
        "EUR",
        "decrease",
        "business",
        (2, 60),
    ),
    (
        "straight-through rate",
        "%",
        "increase",
        "process",
        (20, 70),
    ),
    (
        "first-contact resolution",
        "%",
        "increase",
        "customer",
        (40, 75),
    ),
    (
        "colleague engagement",
        "score",
        "increase",
        "employee",
        (50, 75),
    ),
    ("error rate", "%", "decrease", "process", (2, 15)),
    ("digital adoption", "%", "increase", "customer", (15, 60)),
    ("revenue", "EUR m", "increase", "business", (10, 900)),
    (
        "complaints per 1000 customers",
        "count",
        "decrease",
        "customer",
        (3, 25),
    ),
    (
        "time to decision",
        "hours",
        "decrease",
        "customer",
        (4, 120),
    ),
    ("availability", "%", "increase", "process", (95, 99)),
    ("attrition", "%", "decrease", "employee", (8, 25)),
    ("backlog", "cases", "decrease", "process", (200, 9000)),
];

const THEMES_WAVE_1: [&str; 8] = [
    "foundation",
    "platform rollout",
    "digitisation",
    "automation",
    "self-service launch",
    "data foundation",
    "process redesign",
    "partner onboarding",
];

const THEMES_TARGET: [&str; 6] = [
    "consolidation",
    "legacy decommissioning",
    "optimisation",
    "scale-up",
    "operating model redesign",
    "simplification",
];

const LAYERS: [&str; 3] = ["frontstage", "backstage", "support"];

// ---------------------------------------------------------------------------------
// The model in memory

/// What every element has.
struct Base {
    id: String,
    name: String,
    life: Life,
    /// The L1 capability (business domain) the element belongs to.
    domain: usize,
}

struct Driver {
    b: Base,
    category: &'static str,
    objectives: Vec<usize>,
}

struct Objective {
    b: Base,
    parent: Option<usize>,
    kpis: Vec<usize>,
    owner: usize,
}

struct Kpi {
    b: Base,
    metric: usize,
    /// The value per plateau, in tenths.
    values: [Option<u64>; 3],
    /// Written without a target value (an unfinished KPI).
    unfinished: bool,
    owner: usize,
}

struct Persona {
    b: Base,
    kind: usize,
    needs: [usize; 2],
    pain: usize,
}

struct Stage {
    name: &'static str,
    touchpoints: Vec<usize>,
    pain: Option<&'static str>,
    emotion: &'static str,
}

struct Journey {
    b: Base,
    persona: usize,
    stages: Vec<Stage>,
    kpis: Vec<usize>,
    owner: usize,
}

struct Touchpoint {
    b: Base,
    channel: usize,
    moment: bool,
    capabilities: Vec<usize>,
    processes: Vec<usize>,
    kpis: Vec<usize>,
    owner: usize,
}

struct Capability {
    b: Base,
    level: u8,
    parent: Option<usize>,
    realizes: Vec<usize>,
    maturity: [Option<u8>; 3],
    suppliers: Vec<usize>,
    /// Run down in the target before it is outsourced (a waived maturity fall).
    outsourced: bool,
    owner: usize,
}

struct Process {
    b: Base,
    layer: &'static str,
    capabilities: Vec<usize>,
    roles: Vec<usize>,
    systems: Vec<usize>,
    information: Vec<usize>,
    locations: Vec<usize>,
    kpis: Vec<usize>,
    /// The retiring system a migration process reads on purpose (waived).
    migrates: Option<usize>,
    owner: Option<usize>,
}

struct OrgUnit {
    b: Base,
    parent: Option<usize>,
    headcount: [Option<u32>; 3],
    owner: Option<usize>,
}

struct Role {
    b: Base,
    org_unit: usize,
    headcount: [Option<u32>; 3],
}

struct System {
    b: Base,
    lifecycle: [Option<&'static str>; 3],
    /// The plateaus in which processes may use it (it exists and is `plan`ned or
    /// `active`... only `active` counts).
    usable: u8,
    supplier: Option<usize>,
    successor: Option<usize>,
    owner: usize,
}

struct Information {
    b: Base,
    systems: Vec<usize>,
    owner: usize,
}

struct Supplier {
    b: Base,
    provides: Vec<usize>,
    sla: String,
}

struct Location {
    b: Base,
    kind: &'static str,
}

struct Initiative {
    b: Base,
    lands_in: u8,
    delivers: Vec<String>,
    objectives: Vec<usize>,
    depends_on: Vec<usize>,
    cost: u64,
    benefit: u64,
    owner: usize,
    /// The KPIs it moves: those whose value changes where it lands.
    kpis: Vec<usize>,
    /// The insights it acts on.
    addresses: Vec<usize>,
}

/// What customers, colleagues, partners or data said: the evidence behind a pain.
struct Insight {
    b: Base,
    voice: &'static str,
    source: &'static str,
    /// `2026-MM-DD`.
    date: String,
    sample: usize,
    quote: &'static str,
    severity: &'static str,
    persona: Option<usize>,
    /// The touchpoint it is about.
    about: usize,
}

struct Model {
    organisation: String,
    domains: Vec<String>,
    owners: Vec<String>,
    drivers: Vec<Driver>,
    objectives: Vec<Objective>,
    kpis: Vec<Kpi>,
    personas: Vec<Persona>,
    journeys: Vec<Journey>,
    touchpoints: Vec<Touchpoint>,
    insights: Vec<Insight>,
    capabilities: Vec<Capability>,
    processes: Vec<Process>,
    org_units: Vec<OrgUnit>,
    roles: Vec<Role>,
    systems: Vec<System>,
    information: Vec<Information>,
    suppliers: Vec<Supplier>,
    locations: Vec<Location>,
    initiatives: Vec<Initiative>,
}

/// An id: the kind's prefix, a slug of up to four words of the name, and the element's
/// number within its kind (which makes it unique).
fn make_id(prefix: &str, name: &str, n: usize) -> String {
    let mut id = String::with_capacity(prefix.len() + 32);
    id.push_str(prefix);
    id.push('-');
    let mut words = 0;
    let mut dash = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !id.ends_with('-') {
                id.push('-');
            }
            dash = false;
            id.push(c.to_ascii_lowercase());
        } else if !dash {
            dash = true;
            words += 1;
            if words == 4 {
                break;
            }
        }
    }
    if !id.ends_with('-') {
        id.push('-');
    }
    let _ = write!(id, "{}", n + 1);
    id
}

/// `word` with its first letter in upper case.
fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_ascii_uppercase().to_string() + c.as_str()
    })
}

/// `text` in title case: every word capitalised.
fn title(text: &str) -> String {
    text.split(' ')
        .map(capitalised)
        .collect::<Vec<_>>()
        .join(" ")
}

fn plural(object: &str) -> String {
    if object.ends_with('s') || object.ends_with("sh") || object.ends_with("ch") {
        format!("{object}es")
    } else if let Some(stem) = object.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'o', 'u'])
    {
        format!("{stem}ies")
    } else {
        format!("{object}s")
    }
}

fn company(rng: &mut Rng) -> String {
    format!(
        "{}{} {}",
        rng.pick(&SYLLABLES_A),
        rng.pick(&SYLLABLES_B),
        rng.pick(&COMPANY_SUFFIXES)
    )
}

/// Sorts and removes duplicates, keeping lists short and stable.
fn tidy(list: &mut Vec<usize>) {
    list.sort_unstable();
    list.dedup();
}

/// The names of the `n1` business domains (the L1 capabilities).
fn domain_names(n1: usize) -> Vec<String> {
    (0..n1)
        .map(|d| {
            let base = DOMAINS[d % DOMAINS.len()];
            match d / DOMAINS.len() {
                0 => base.to_owned(),
                r => format!("{base} {}", REGIONS[(r - 1) % REGIONS.len()]),
            }
        })
        .collect()
}

/// The org units: the executive office, `n_divisions` divisions (one per domain, in
/// turn), then departments under the divisions.
fn org_units(
    rng: &mut Rng,
    n_units: usize,
    n_divisions: usize,
    organisation: &str,
    domains: &[String],
) -> Vec<OrgUnit> {
    let n1 = domains.len();
    let mut org_units = Vec::with_capacity(n_units);
    for i in 0..n_units {
        let (name, parent, life, domain) = if i == 0 {
            (
                format!("{organisation} executive office"),
                None,
                Life::ALWAYS,
                0,
            )
        } else if i <= n_divisions {
            let d = (i - 1) % n1;
            (format!("{} Division", domains[d]), Some(0), Life::ALWAYS, d)
        } else {
            let parent = rng.range(1, n_divisions);
            let d = org_units.get(parent).map_or(0, |u: &OrgUnit| u.b.domain);
            let object = title(rng.pick(&OBJECTS));
            let name = format!("{object} {}", rng.pick(&TEAM_WORDS));
            (name, Some(parent), Life::draw(rng, [40, 15, 15, 30]), d)
        };
        let headcount = if i == 0 {
            [None; 3]
        } else {
            let h = rng.range(12, if i <= n_divisions { 2400 } else { 320 }) as u32;
            staged_numbers(rng, life, h, 850)
        };
        org_units.push(OrgUnit {
            b: Base {
                id: make_id("ou", &name, i),
                name,
                life,
                domain,
            },
            parent,
            headcount,
            owner: None,
        });
    }
    org_units
}

/// The roles: a head per domain, then the roles that do the work, each in an org unit
/// that exists wherever it does.
fn roles(
    rng: &mut Rng,
    count: usize,
    domains: &[String],
    n_divisions: usize,
    org_units: &[OrgUnit],
    unit_cover: &Cover,
) -> Vec<Role> {
    let n1 = domains.len();
    let mut roles = Vec::with_capacity(count);
    for i in 0..count {
        let role = if let Some(domain) = domains.get(i).filter(|_| i < n1) {
            let name = format!("Head of {domain}");
            let unit = 1 + i % n_divisions;
            Role {
                b: Base {
                    id: make_id("role", &name, i),
                    name,
                    life: Life::ALWAYS,
                    domain: i,
                },
                org_unit: unit,
                headcount: [Some(1), None, None],
            }
        } else {
            let life = Life::draw(rng, [50, 30, 40, 30]);
            let unit = unit_cover.pick(rng, life).unwrap_or(0);
            let name = capitalised(&format!(
                "{} {}",
                rng.pick(&OBJECTS),
                rng.pick(&ROLE_TITLES)
            ));
            let h = rng.range(2, 150) as u32;
            Role {
                b: Base {
                    id: make_id("role", &name, i),
                    name,
                    life,
                    domain: org_units[unit].b.domain,
                },
                org_unit: unit,
                headcount: staged_numbers(rng, life, h, 600),
            }
        };
        roles.push(role);
    }
    roles
}

/// The owners of elements: the roles and org units that exist in every plateau.
struct Owners {
    /// Their ids, roles first.
    ids: Vec<String>,
    /// The owner of each domain's head role, when that role is an owner.
    head: Vec<Option<usize>>,
    /// The owners that are roles.
    roles: Vec<usize>,
    /// The owners that are org units.
    units: Vec<usize>,
}

impl Owners {
    fn new(roles: &[Role], org_units: &[OrgUnit], n1: usize) -> Owners {
        let mut ids: Vec<String> = Vec::new();
        let mut head = vec![None; n1];
        let mut role_owners = Vec::new();
        for (i, r) in roles.iter().enumerate() {
            if r.b.life.always() {
                if i < n1 {
                    head[i] = Some(ids.len());
                }
                role_owners.push(ids.len());
                ids.push(r.b.id.clone());
            }
        }
        let mut units = Vec::new();
        for u in org_units {
            if u.b.life.always() {
                units.push(ids.len());
                ids.push(u.b.id.clone());
            }
        }
        Owners {
            ids,
            head,
            roles: role_owners,
            units,
        }
    }

    /// An owner for an element of `domain`: now and then the domain's head, otherwise
    /// an org unit or a role.
    fn pick(&self, rng: &mut Rng, domain: usize) -> usize {
        match self.head.get(domain).copied().flatten() {
            Some(h) if rng.chance(400) => h,
            _ if rng.chance(300) => rng.pick(&self.units),
            _ => rng.pick(&self.roles),
        }
    }
}

/// The locations: the head office, then offices, branches and centres in the cities.
fn locations(rng: &mut Rng, count: usize, n1: usize) -> Vec<Location> {
    let mut locations = Vec::with_capacity(count);
    for i in 0..count {
        let kind = if i == 0 {
            "head office"
        } else {
            rng.pick(&LOCATION_TYPES)
        };
        let life = if i == 0 {
            Life::ALWAYS
        } else if kind == "branch" {
            Life::draw(rng, [10, 10, 60, 160])
        } else {
            Life::draw(rng, [50, 30, 30, 40])
        };
        let name = format!("{} {kind}", CITIES[(i * 7 + rng.below(3)) % CITIES.len()]);
        locations.push(Location {
            b: Base {
                id: make_id("loc", &name, i),
                name,
                life,
                domain: rng.below(n1),
            },
            kind,
        });
    }
    locations
}

/// The suppliers (what they provide is chosen with the capabilities).
fn suppliers(rng: &mut Rng, count: usize, n1: usize) -> Vec<Supplier> {
    let mut suppliers = Vec::with_capacity(count);
    for i in 0..count {
        let life = if i == 0 {
            Life::ALWAYS
        } else {
            Life::draw(rng, [50, 30, 20, 40])
        };
        let name = company(rng);
        let sla = format!(
            "{}% availability; priority-1 incidents answered within {} minutes",
            rng.pick(&["99.5", "99.9", "99.95", "99.99"]),
            rng.pick(&[15, 30, 60, 240])
        );
        suppliers.push(Supplier {
            b: Base {
                id: make_id("sup", &name, i),
                name,
                life,
                domain: rng.below(n1),
            },
            provides: Vec::new(),
            sla,
        });
    }
    suppliers
}

/// The systems: active platforms, platforms in plan, legacy systems phased out for a
/// successor, systems retired or added along the way.
fn systems(
    rng: &mut Rng,
    count: usize,
    n1: usize,
    supplier_cover: &Cover,
    owners: &Owners,
) -> Vec<System> {
    let mut systems = Vec::with_capacity(count);
    for i in 0..count {
        // 0 active always, 1 plan then active, 2 legacy phased out in wave-1,
        // 3 retired after current, 4 new in wave-1, 5 new in target.
        let class = if i == 0 {
            0
        } else {
            match rng.below(1000) {
                0..60 => 1,
                60..140 => 2,
                140..170 => 3,
                170..240 => 4,
                240..280 => 5,
                _ => 0,
            }
        };
        let (life, lifecycle, usable) = match class {
            1 => (Life::ALWAYS, [Some("plan"), Some("active"), None], 0b110),
            2 => (LIVES[1], [Some("active"), Some("phase-out"), None], 0b001),
            3 => (LIVES[0], [Some("active"), None, None], 0b001),
            4 => (LIVES[4], [None, Some("active"), None], 0b110),
            5 => (LIVES[5], [None, None, Some("active")], 0b100),
            _ => (Life::ALWAYS, [Some("active"), None, None], 0b111),
        };
        let domain = rng.below(n1);
        let object = rng.pick(&OBJECTS);
        let kind = rng.pick(&SYSTEM_TYPES);
        let name = match class {
            2 | 3 => {
                if rng.chance(300) {
                    capitalised(&format!("{object} {kind} (mainframe)"))
                } else {
                    format!("Legacy {object} {kind}")
                }
            }
            1 | 4 | 5 => format!(
                "{}{object} {kind}",
                rng.pick(&["Cloud ", "Next-generation ", "Digital ", "Real-time "])
            ),
            _ => capitalised(&format!("{object} {kind}")),
        };
        let supplier = if rng.chance(350) {
            supplier_cover.pick(rng, life)
        } else {
            None
        };
        systems.push(System {
            b: Base {
                id: make_id("sys", &name, i),
                name,
                life,
                domain,
            },
            lifecycle,
            usable,
            supplier,
            successor: None,
            owner: 0,
        });
    }
    let successors: Vec<u32> = systems
        .iter()
        .enumerate()
        .filter(|(_, s)| s.usable == 0b110)
        .map(|(i, _)| i as u32)
        .collect();
    for s in &mut systems {
        if s.usable == 0b001 {
            s.successor = rng.pick_u32(&successors);
        }
        s.owner = owners.pick(rng, s.b.domain);
    }
    systems
}

/// The information, each held in systems that exist wherever it does.
fn information(
    rng: &mut Rng,
    count: usize,
    n1: usize,
    systems: &[System],
    system_cover: &Cover,
    owners: &Owners,
) -> Vec<Information> {
    let mut information = Vec::with_capacity(count);
    for i in 0..count {
        let life = if i == 0 {
            Life::ALWAYS
        } else {
            Life::draw(rng, [30, 20, 10, 20])
        };
        let name = capitalised(&format!("{} {}", rng.pick(&OBJECTS), rng.pick(&INFO_TYPES)));
        let mut held = Vec::new();
        held.extend(system_cover.pick(rng, life));
        if rng.chance(350) {
            held.push(rng.below(systems.len()));
        }
        tidy(&mut held);
        let domain = rng.below(n1);
        information.push(Information {
            b: Base {
                id: make_id("info", &name, i),
                name,
                life,
                domain,
            },
            systems: held,
            owner: owners.pick(rng, domain),
        });
    }
    information
}

/// The KPIs, with values that improve from plateau to plateau.
fn kpis(rng: &mut Rng, count: usize, lower: &[String], owners: &Owners) -> Vec<Kpi> {
    let n1 = lower.len();
    let mut kpis = Vec::with_capacity(count);
    for i in 0..count {
        let life = if i < 2 {
            Life::ALWAYS
        } else {
            Life::draw(rng, [50, 20, 20, 0])
        };
        let metric = rng.below(METRICS.len());
        let (what, _, direction, _, (lo, hi)) = METRICS[metric];
        let domain = rng.below(n1);
        let name = match rng.below(3) {
            0 => capitalised(&format!("{} {what}", lower[domain])),
            _ => capitalised(&format!("{} {what}", rng.pick(&OBJECTS))),
        };
        let base = rng.range(lo, hi) as u64 * 10;
        let better = |v: u64, pct: u64| {
            if direction == "increase" {
                (v + v * pct / 100).min(if METRICS[metric].1 == "%" {
                    999
                } else {
                    u64::MAX
                })
            } else {
                v - v * pct / 100
            }
        };
        let step1 = rng.range(5, 25) as u64;
        let step2 = rng.range(5, 30) as u64;
        let mid = better(base, step1);
        let end = better(mid, step2);
        let values = match (life.from, life.until) {
            (0, 2) if rng.chance(500) => [Some(base), Some(mid), Some(end)],
            (0, 2) => [Some(base), None, Some(end)],
            (1, _) => [None, Some(base), Some(mid)],
            (2, _) => [None, None, Some(base)],
            _ => [Some(base), None, None],
        };
        let unfinished = i >= 2 && life.always() && rng.chance(10);
        kpis.push(Kpi {
            b: Base {
                id: make_id("kpi", &name, i),
                name,
                life,
                domain,
            },
            metric,
            values,
            unfinished,
            owner: owners.pick(rng, domain),
        });
    }
    kpis
}

/// The drivers, each behind a top objective and up to two others of the `n_obj`.
fn drivers(
    rng: &mut Rng,
    count: usize,
    lower: &[String],
    n_top: usize,
    n_obj: usize,
) -> Vec<Driver> {
    let n1 = lower.len();
    let mut drivers = Vec::with_capacity(count);
    for i in 0..count {
        let (category, base) = DRIVERS[i % DRIVERS.len()];
        let domain = rng.below(n1);
        let name = if i < DRIVERS.len() {
            base.to_owned()
        } else {
            format!("{base} in {}", lower[domain])
        };
        let mut targets = vec![rng.below(n_top)];
        for _ in 0..rng.range(0, 2) {
            targets.push(rng.below(n_obj));
        }
        tidy(&mut targets);
        drivers.push(Driver {
            b: Base {
                id: make_id("drv", &name, i),
                name,
                life: Life::ALWAYS,
                domain,
            },
            category,
            objectives: targets,
        });
    }
    drivers
}

/// A KPI of `preferred`, or else of `always` (the KPIs that exist in every plateau).
fn kpi_or_any(rng: &mut Rng, preferred: &[u32], always: &[u32]) -> usize {
    rng.pick_u32(preferred)
        .or_else(|| rng.pick_u32(always))
        .unwrap_or(0)
}

/// The `n_obj` objectives: `n_top` top objectives, one per domain in turn, then
/// sub-objectives under them, each measured by a KPI or two.
fn objectives(
    rng: &mut Rng,
    n_obj: usize,
    n_top: usize,
    lower: &[String],
    n_kpis: usize,
    always_kpis: &[u32],
    owners: &Owners,
) -> Vec<Objective> {
    let n1 = lower.len();
    let mut objectives = Vec::with_capacity(n_obj);
    for i in 0..n_obj {
        let (name, parent, domain) = if i < n_top {
            let d = i % n1;
            let name = format!("{} {}", TOP_OBJECTIVES[i % TOP_OBJECTIVES.len()], lower[d]);
            (name, None, d)
        } else {
            let parent = rng.below(n_top);
            let d = i % n1;
            let object = plural(rng.pick(&OBJECTS));
            let name = format!("{} {object}", rng.pick(&SUB_OBJECTIVES));
            (name, Some(parent), d)
        };
        let mut measured = vec![kpi_or_any(rng, &[], always_kpis)];
        if rng.chance(400) {
            measured.push(rng.below(n_kpis));
        }
        tidy(&mut measured);
        objectives.push(Objective {
            b: Base {
                id: make_id("obj", &name, i),
                name,
                life: Life::ALWAYS,
                domain,
            },
            parent,
            kpis: measured,
            owner: owners.pick(rng, domain),
        });
    }
    objectives
}

/// The personas.
fn personas(rng: &mut Rng, count: usize, n1: usize) -> Vec<Persona> {
    let mut personas = Vec::with_capacity(count);
    for i in 0..count {
        let kind = rng.below(PERSONA_TYPES.len());
        let name = format!(
            "{}, {}",
            FIRST_NAMES[(i + rng.below(3)) % FIRST_NAMES.len()],
            PERSONA_TYPES[kind].0
        );
        let a = rng.below(NEEDS.len());
        personas.push(Persona {
            b: Base {
                id: make_id("per", &name, i),
                name,
                life: Life::ALWAYS,
                domain: rng.below(n1),
            },
            kind,
            needs: [a, (a + 1 + rng.below(NEEDS.len() - 1)) % NEEDS.len()],
            pain: rng.below(PAINS.len()),
        });
    }
    personas
}

/// The capability map: the `n1` domains at L1, `n2` areas at L2 and `n3` leaves at L3,
/// with the objectives they realize, and the index into `OBJECTS` of each one's object.
fn capability_map(
    rng: &mut Rng,
    domains: &[String],
    n2: usize,
    n3: usize,
    n_top: usize,
    n_obj: usize,
    owners: &Owners,
) -> (Vec<Capability>, Vec<usize>) {
    let n1 = domains.len();
    let mut capabilities: Vec<Capability> = Vec::with_capacity(n1 + n2 + n3);
    let mut objects = Vec::with_capacity(n1 + n2 + n3);
    for (d, name) in domains.iter().enumerate() {
        let realizes = if rng.chance(500) {
            vec![d % n_top]
        } else {
            Vec::new()
        };
        capabilities.push(Capability {
            b: Base {
                id: make_id("cap", name, d),
                name: name.clone(),
                life: Life::ALWAYS,
                domain: d,
            },
            level: 1,
            parent: None,
            realizes,
            maturity: [None; 3],
            suppliers: Vec::new(),
            outsourced: false,
            owner: owners.head[d].unwrap_or(0),
        });
        objects.push(0);
    }
    for k in 0..n2 {
        let parent = if k < n1 { k } else { rng.below(n1) };
        let object = rng.below(OBJECTS.len());
        let name = format!("{} {}", title(OBJECTS[object]), rng.pick(&L2_SUFFIXES));
        let i = capabilities.len();
        capabilities.push(Capability {
            b: Base {
                id: make_id("cap", &name, i),
                name,
                life: Life::ALWAYS,
                domain: parent,
            },
            level: 2,
            parent: Some(parent),
            realizes: Vec::new(),
            maturity: [None; 3],
            suppliers: Vec::new(),
            outsourced: false,
            owner: owners.pick(rng, parent),
        });
        objects.push(object);
    }
    // Every objective is realized by an L2 capability; every L2 realizes one.
    for o in 0..n_obj {
        let k = if o < n2 { o } else { rng.below(n2) };
        capabilities[n1 + k].realizes.push(o);
    }
    for k in 0..n2 {
        if capabilities[n1 + k].realizes.is_empty() {
            let o = rng.below(n_obj);
            capabilities[n1 + k].realizes.push(o);
        }
    }
    for j in 0..n3 {
        let (k, life) = if j < n2 {
            (j, Life::ALWAYS)
        } else {
            (rng.below(n2), Life::draw(rng, [60, 40, 20, 20]))
        };
        let parent = n1 + k;
        let object = if rng.chance(600) {
            objects[parent]
        } else {
            rng.below(OBJECTS.len())
        };
        let name = format!("{} {}", title(OBJECTS[object]), rng.pick(&ACTIVITIES));
        let mut realizes = vec![rng.pick(&capabilities[parent].realizes)];
        if rng.chance(150) {
            realizes.push(rng.below(n_obj));
        }
        tidy(&mut realizes);
        let m0 = rng.range(1, 3) as u8;
        let maturity = match (life.from, life.until) {
            (0, 2) if rng.chance(650) => {
                let m1 = m0 + rng.range(0, 1) as u8;
                let m2 = (m1 + rng.range(1, 2) as u8).min(5).max(m0 + 1);
                if m1 == m0 {
                    [Some(m0), None, Some(m2)]
                } else {
                    [Some(m0), Some(m1), Some(m2)]
                }
            }
            (1, _) => [None, Some(m0), Some((m0 + rng.range(0, 2) as u8).min(5))],
            (2, _) => [None, None, Some(m0)],
            _ => [Some(m0 + 1), None, None],
        };
        let domain = capabilities[parent].b.domain;
        let i = capabilities.len();
        capabilities.push(Capability {
            b: Base {
                id: make_id("cap", &name, i),
                name,
                life,
                domain,
            },
            level: 3,
            parent: Some(parent),
            realizes,
            maturity,
            suppliers: Vec::new(),
            outsourced: false,
            owner: owners.pick(rng, domain),
        });
        objects.push(object);
    }
    (capabilities, objects)
}

/// What suppliers provide: leaf capabilities (the `n3` from `first_leaf` on); half of
/// them name the supplier back and are partner-sourced while it is there. A few are
/// run down and outsourced to a supplier of `target_suppliers`.
fn supply(
    rng: &mut Rng,
    capabilities: &mut [Capability],
    suppliers: &mut [Supplier],
    always_leaves: &[u32],
    first_leaf: usize,
    n3: usize,
    target_suppliers: &[u32],
) {
    for (s, supplier) in suppliers.iter_mut().enumerate() {
        let mut provides = Vec::new();
        provides.extend(rng.pick_u32(always_leaves));
        if rng.chance(300) {
            provides.push(first_leaf + rng.below(n3));
        }
        tidy(&mut provides);
        for &cap in &provides {
            if rng.chance(500) {
                capabilities[cap].suppliers.push(s);
            }
        }
        supplier.provides = provides;
    }
    for &cap in always_leaves {
        let cap = cap as usize;
        if rng.chance(10)
            && capabilities[cap].suppliers.is_empty()
            && let Some(s) = rng.pick_u32(target_suppliers)
        {
            let m = &mut capabilities[cap];
            let m0 = rng.range(2, 4) as u8;
            m.maturity = [Some(m0), None, Some(m0 - 1)];
            m.outsourced = true;
            m.suppliers.push(s);
            suppliers[s].provides.push(cap);
        }
    }
}

impl Model {
    #[allow(clippy::too_many_lines)]
    fn build(spec: &Spec) -> Model {
        let mut rng = Rng(spec.seed ^ 0x746F_6D63_2D67_656E);
        let c = counts(spec.elements);
        let (n1, n2, n3) = capability_levels(c[K_CAPABILITIES]);

        let domains = domain_names(n1);
        let lower: Vec<String> = domains.iter().map(|d| d.to_lowercase()).collect();
        let organisation = format!("{}{} Group", rng.pick(&SYLLABLES_A), rng.pick(&SYLLABLES_B));

        let n_units = c[9];
        let n_divisions = (n_units / 6).clamp(1, n_units - 1);
        let mut org_units = org_units(&mut rng, n_units, n_divisions, &organisation, &domains);
        let unit_cover = Cover::new(org_units.iter().map(|u| u.b.life.mask()));

        let roles = roles(
            &mut rng,
            c[10],
            &domains,
            n_divisions,
            &org_units,
            &unit_cover,
        );
        let role_cover = Cover::new(roles.iter().map(|r| r.b.life.mask()));

        let owners = Owners::new(&roles, &org_units, n1);
        for (i, u) in org_units.iter_mut().enumerate() {
            if i > 0 && i <= n_divisions {
                u.owner = owners.head.get(u.b.domain).copied().flatten();
            }
        }

        let locations = locations(&mut rng, c[14], n1);
        let location_cover = Cover::new(locations.iter().map(|l| l.b.life.mask()));

        let mut suppliers = suppliers(&mut rng, c[13], n1);
        let supplier_cover = Cover::new(suppliers.iter().map(|s| s.b.life.mask()));

        let systems = systems(&mut rng, c[11], n1, &supplier_cover, &owners);
        let usable_cover = Cover::new(systems.iter().map(|s| s.usable));
        let system_cover = Cover::new(systems.iter().map(|s| s.b.life.mask()));
        let legacy: Vec<u32> = systems
            .iter()
            .enumerate()
            .filter(|(_, s)| s.lifecycle[1] == Some("phase-out"))
            .map(|(i, _)| i as u32)
            .collect();

        let information = information(&mut rng, c[12], n1, &systems, &system_cover, &owners);
        let info_cover = Cover::new(information.iter().map(|x| x.b.life.mask()));

        let kpis = kpis(&mut rng, c[2], &lower, &owners);
        let kpi_cover = Cover::new(kpis.iter().map(|k| k.b.life.mask()));
        let kpis_by_voice = |voice: &str| -> Vec<u32> {
            kpis.iter()
                .enumerate()
                .filter(|(_, k)| k.b.life.always() && METRICS[k.metric].3 == voice)
                .map(|(i, _)| i as u32)
                .collect()
        };
        let always_kpis: Vec<u32> = kpi_cover.lists[2].clone();
        let customer_kpis = kpis_by_voice("customer");
        let process_kpis = kpis_by_voice("process");
        let pick_kpi = |rng: &mut Rng, preferred: &[u32]| kpi_or_any(rng, preferred, &always_kpis);

        let n_obj = c[1];
        let n_top = (n_obj / 4).max(1);
        let objectives = objectives(
            &mut rng,
            n_obj,
            n_top,
            &lower,
            kpis.len(),
            &always_kpis,
            &owners,
        );

        let drivers = drivers(&mut rng, c[0], &lower, n_top, n_obj);

        let (mut capabilities, objects) =
            capability_map(&mut rng, &domains, n2, n3, n_top, n_obj, &owners);
        let leaves = n1 + n2..capabilities.len();
        let always_leaves: Vec<u32> = leaves
            .clone()
            .filter(|&i| capabilities[i].b.life.always())
            .map(|i| i as u32)
            .collect();
        let mut leaves_by_domain: Vec<Vec<u32>> = vec![Vec::new(); n1];
        let mut always_leaves_by_domain: Vec<Vec<u32>> = vec![Vec::new(); n1];
        for i in leaves.clone() {
            let cap = &capabilities[i];
            leaves_by_domain[cap.b.domain].push(i as u32);
            if cap.b.life.always() {
                always_leaves_by_domain[cap.b.domain].push(i as u32);
            }
        }
        let l2_by_domain: Vec<Vec<u32>> = {
            let mut by = vec![Vec::new(); n1];
            for k in 0..n2 {
                by[capabilities[n1 + k].b.domain].push((n1 + k) as u32);
            }
            by
        };

        supply(
            &mut rng,
            &mut capabilities,
            &mut suppliers,
            &always_leaves,
            n1 + n2,
            n3,
            &supplier_cover.lists[5],
        );

        // --- Processes: one per leaf capability, then more per leaf -------------------
        let n_proc = c[K_PROCESSES];
        let mut processes: Vec<Process> = Vec::with_capacity(n_proc);
        let mut migrations_left = legacy.len() / 3;
        for k in 0..n_proc {
            let migrate = if k >= n3 && migrations_left > 0 && rng.chance(30) {
                migrations_left -= 1;
                rng.pick_u32(&legacy)
            } else {
                None
            };
            let (cap, life) = if k < n3 {
                let cap = n1 + n2 + k;
                (cap, capabilities[cap].b.life)
            } else if migrate.is_some() {
                let cap = rng.pick_u32(&always_leaves).unwrap_or(n1 + n2);
                (cap, LIVES[1])
            } else {
                let cap = n1 + n2 + rng.below(n3);
                let life = capabilities[cap].b.life;
                let life = if life.always() {
                    Life::draw(&mut rng, [50, 30, 40, 30])
                } else {
                    life
                };
                (cap, life)
            };
            let domain = capabilities[cap].b.domain;
            let object = OBJECTS[objects[cap]];
            let name = match migrate {
                Some(s) => format!("Migrate {object} data off {}", systems[s].b.name),
                None if rng.chance(500) => {
                    format!("{} {object} {}", rng.pick(&VERBS), rng.pick(&QUALIFIERS))
                }
                None => format!("{} {}", rng.pick(&VERBS), plural(object)),
            };
            let layer = match migrate {
                Some(_) => "backstage",
                None => match rng.below(10) {
                    0..3 => LAYERS[0],
                    3..8 => LAYERS[1],
                    _ => LAYERS[2],
                },
            };
            let mut caps = vec![cap];
            if rng.chance(250)
                && let Some(other) = rng.pick_u32(&leaves_by_domain[domain])
            {
                caps.push(other);
            }
            tidy(&mut caps);
            let mut people = Vec::new();
            people.extend(role_cover.pick(&mut rng, life));
            for _ in 0..rng.range(0, 2) {
                people.push(rng.below(roles.len()));
            }
            tidy(&mut people);
            let mut uses = Vec::new();
            uses.extend(usable_cover.pick(&mut rng, life));
            for _ in 0..rng.range(0, 2) {
                let s = rng.below(systems.len());
                uses.push(s);
                uses.extend(systems[s].successor);
            }
            if let Some(s) = migrate {
                uses.push(s);
                uses.extend(systems[s].successor);
            }
            tidy(&mut uses);
            let mut info = Vec::new();
            info.extend(info_cover.pick(&mut rng, life));
            if rng.chance(400) {
                info.push(rng.below(information.len()));
            }
            tidy(&mut info);
            let mut places = Vec::new();
            if rng.chance(600) {
                places.extend(location_cover.pick(&mut rng, life));
                if rng.chance(200) {
                    places.push(rng.below(locations.len()));
                }
            }
            tidy(&mut places);
            let mut measured = Vec::new();
            if rng.chance(350) {
                measured.push(pick_kpi(&mut rng, &process_kpis));
            }
            let owner = if rng.chance(4) {
                None
            } else {
                Some(owners.pick(&mut rng, domain))
            };
            processes.push(Process {
                b: Base {
                    id: make_id("proc", &name, k),
                    name,
                    life,
                    domain,
                },
                layer,
                capabilities: caps,
                roles: people,
                systems: uses,
                information: info,
                locations: places,
                kpis: measured,
                migrates: migrate,
                owner,
            });
        }
        let always_processes: Vec<u32> = processes
            .iter()
            .enumerate()
            .filter(|(_, p)| p.b.life.always() && p.migrates.is_none())
            .map(|(i, _)| i as u32)
            .collect();
        let mut processes_by_domain: Vec<Vec<u32>> = vec![Vec::new(); n1];
        let mut always_processes_by_domain: Vec<Vec<u32>> = vec![Vec::new(); n1];
        for (i, p) in processes.iter().enumerate() {
            processes_by_domain[p.b.domain].push(i as u32);
            if p.b.life.always() && p.migrates.is_none() {
                always_processes_by_domain[p.b.domain].push(i as u32);
            }
        }

        // Everything a process can use is used by one: systems, information, locations,
        // roles (heads of domain own things instead).
        let mut used = [
            vec![false; systems.len()],
            vec![false; information.len()],
            vec![false; locations.len()],
            vec![false; roles.len()],
        ];
        for p in &processes {
            for (list, u) in [&p.systems, &p.information, &p.locations, &p.roles]
                .into_iter()
                .zip(used.iter_mut())
            {
                for &x in list {
                    u[x] = true;
                }
            }
        }
        for x in &information {
            for &s in &x.systems {
                used[0][s] = true;
            }
        }
        let [sys_used, info_used, loc_used, role_used] = used;
        let adopt = |rng: &mut Rng, domain: usize| -> usize {
            rng.pick_u32(&always_processes_by_domain[domain])
                .or_else(|| rng.pick_u32(&always_processes))
                .unwrap_or(0)
        };
        for (s, u) in sys_used.iter().enumerate() {
            if !u {
                let p = adopt(&mut rng, systems[s].b.domain);
                processes[p].systems.push(s);
                tidy(&mut processes[p].systems);
            }
        }
        for (x, u) in info_used.iter().enumerate() {
            if !u {
                let p = adopt(&mut rng, information[x].b.domain);
                processes[p].information.push(x);
                tidy(&mut processes[p].information);
            }
        }
        for (l, u) in loc_used.iter().enumerate() {
            if !u {
                let p = adopt(&mut rng, locations[l].b.domain);
                processes[p].locations.push(l);
                tidy(&mut processes[p].locations);
            }
        }
        for (r, u) in role_used.iter().enumerate() {
            if !u && r >= n1 {
                let p = adopt(&mut rng, roles[r].b.domain);
                processes[p].roles.push(r);
                tidy(&mut processes[p].roles);
            }
        }

        let personas = personas(&mut rng, c[3], n1);

        // --- Touchpoints ------------------------------------------------------------------
        let mut touchpoints = Vec::with_capacity(c[5]);
        for i in 0..c[5] {
            let life = if i == 0 {
                Life::ALWAYS
            } else {
                Life::draw(&mut rng, [80, 40, 30, 30])
            };
            let domain = rng.below(n1);
            let channel = rng.below(CHANNELS.len());
            let object = rng.pick(&OBJECTS);
            let name = capitalised(&format!(
                "{} via {}",
                if rng.chance(500) {
                    plural(object)
                } else {
                    object.to_owned()
                },
                CHANNELS[channel].1
            ));
            let mut caps = Vec::new();
            caps.extend(
                rng.pick_u32(&always_leaves_by_domain[domain])
                    .or_else(|| rng.pick_u32(&l2_by_domain[domain])),
            );
            if rng.chance(300)
                && let Some(more) = rng.pick_u32(&leaves_by_domain[domain])
            {
                caps.push(more);
            }
            tidy(&mut caps);
            let mut behind = Vec::new();
            if !rng.chance(20) {
                behind.extend(
                    rng.pick_u32(&always_processes_by_domain[domain])
                        .or_else(|| rng.pick_u32(&always_processes)),
                );
                for _ in 0..rng.range(0, 2) {
                    behind.extend(rng.pick_u32(&processes_by_domain[domain]));
                }
            }
            tidy(&mut behind);
            let moment = rng.chance(250);
            let mut measured = Vec::new();
            if moment {
                measured.push(pick_kpi(&mut rng, &customer_kpis));
            }
            if rng.chance(200) {
                measured.push(rng.below(kpis.len()));
            }
            tidy(&mut measured);
            touchpoints.push(Touchpoint {
                b: Base {
                    id: make_id("tp", &name, i),
                    name,
                    life,
                    domain,
                },
                channel,
                moment,
                capabilities: caps,
                processes: behind,
                kpis: measured,
                owner: owners.pick(&mut rng, domain),
            });
        }
        let tp_cover = Cover::new(touchpoints.iter().map(|t| t.b.life.mask()));

        // --- Journeys: every persona has one that lasts; some are as-is or to-be -------
        let mut journeys = Vec::with_capacity(c[4]);
        for i in 0..c[4] {
            let (persona, life) = if i < personas.len() {
                (i, Life::ALWAYS)
            } else {
                (
                    rng.below(personas.len()),
                    Life::draw(&mut rng, [80, 40, 80, 40]),
                )
            };
            let object = rng.pick(&OBJECTS);
            let article = if object.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            let mut name = format!("{} {article} {object}", rng.pick(&JOURNEY_VERBS));
            match (life.from, life.until) {
                (0, 2) => {}
                (0, _) => name.push_str(" (as-is)"),
                _ => name.push_str(" (to-be)"),
            }
            let n_stages = rng.range(4, 8);
            let mut chosen: Vec<usize> = Vec::with_capacity(n_stages);
            // A sorted sample of the canonical stages (selection sampling).
            let mut left = n_stages;
            for s in 0..STAGES.len() {
                if left > 0 && rng.below(STAGES.len() - s) < left {
                    chosen.push(s);
                    left -= 1;
                }
            }
            let stages = chosen
                .into_iter()
                .map(|s| {
                    let mut at = Vec::new();
                    for _ in 0..rng.range(1, 2) {
                        at.extend(tp_cover.pick(&mut rng, life));
                    }
                    tidy(&mut at);
                    let pain = rng.chance(250).then(|| rng.pick(&STAGE_PAINS));
                    Stage {
                        name: STAGES[s],
                        touchpoints: at,
                        pain,
                        emotion: if pain.is_some() {
                            "negative"
                        } else {
                            rng.pick(&EMOTIONS[..2])
                        },
                    }
                })
                .collect();
            let mut measured = vec![pick_kpi(&mut rng, &customer_kpis)];
            if rng.chance(300) {
                measured.push(rng.below(kpis.len()));
            }
            tidy(&mut measured);
            let domain = rng.below(n1);
            journeys.push(Journey {
                b: Base {
                    id: make_id("jrn", &name, i),
                    name,
                    life,
                    domain,
                },
                persona,
                stages,
                kpis: measured,
                owner: owners.pick(&mut rng, domain),
            });
        }
        // Touchpoints no journey reaches join a stage of a journey that lives within
        // their own life, when there is one.
        {
            let mut reached = vec![false; touchpoints.len()];
            for j in &journeys {
                for s in &j.stages {
                    for &t in &s.touchpoints {
                        reached[t] = true;
                    }
                }
            }
            let mut within: [Vec<u32>; 6] = Default::default();
            for (i, j) in journeys.iter().enumerate() {
                let m = j.b.life.mask();
                for (c, life) in LIVES.iter().enumerate() {
                    if m & !life.mask() == 0 {
                        within[c].push(i as u32);
                    }
                }
            }
            for (t, r) in reached.iter().enumerate() {
                if *r {
                    continue;
                }
                if let Some(j) = rng.pick_u32(&within[touchpoints[t].b.life.combo()]) {
                    let n = journeys[j].stages.len();
                    let stage = &mut journeys[j].stages[rng.below(n)];
                    stage.touchpoints.push(t);
                    tidy(&mut stage.touchpoints);
                }
            }
        }

        let mut model = Model {
            organisation,
            domains,
            owners: owners.ids,
            drivers,
            objectives,
            kpis,
            personas,
            journeys,
            touchpoints,
            insights: Vec::new(),
            capabilities,
            processes,
            org_units,
            roles,
            systems,
            information,
            suppliers,
            locations,
            initiatives: Vec::new(),
        };
        model.initiatives = model.plan_initiatives(&mut rng, c[15], &owners.head, &owners.roles);
        model.insights = model.insights(c[K_INSIGHTS]);
        model.plan_kpi_moves();
        model
    }

    /// The insights, drawn from the journeys' pains without the random stream (so that
    /// the rest of the model does not depend on them). Every `high` one is addressed by
    /// an initiative.
    fn insights(&mut self, count: usize) -> Vec<Insight> {
        const VOICES: [&str; 5] = ["customer", "customer", "employee", "partner", "process"];
        const SOURCES: [&str; 4] = ["survey", "complaint", "review", "interview"];
        const SEVERITIES: [&str; 3] = ["low", "medium", "high"];
        let mut out = Vec::with_capacity(count);
        for i in 0..count {
            let voice = VOICES[i % VOICES.len()];
            let pain = STAGE_PAINS[i % STAGE_PAINS.len()];
            let domain = i % self.domains.len();
            let name = format!("{pain} in {}", self.domains[domain].to_lowercase());
            let severity = SEVERITIES[i % SEVERITIES.len()];
            out.push(Insight {
                b: Base {
                    id: make_id("ins", &name, i),
                    name,
                    life: Life::ALWAYS,
                    domain,
                },
                voice,
                source: match voice {
                    "customer" => SOURCES[i / VOICES.len() % SOURCES.len()],
                    "employee" => "interview",
                    "partner" => "observation",
                    _ => "process-mining",
                },
                date: format!("2026-{:02}-{:02}", 1 + i % 6, 1 + i * 7 % 28),
                sample: 40 + i * 37 % 900,
                quote: pain,
                severity,
                persona: (voice == "customer").then(|| i % self.personas.len()),
                about: i * 13 % self.touchpoints.len(),
            });
            if severity == "high" && !self.initiatives.is_empty() {
                let n = self.initiatives.len();
                self.initiatives[i * 7 % n].addresses.push(i);
            }
        }
        out
    }

    /// Names each move of a KPI that lasts (its value changing at `wave-1` or `target`) in
    /// the `kpis` of an initiative landing there, so that every move has a cause.
    fn plan_kpi_moves(&mut self) {
        let landing: [Vec<usize>; 3] = std::array::from_fn(|p| {
            (0..self.initiatives.len())
                .filter(|&i| usize::from(self.initiatives[i].lands_in) == p)
                .collect()
        });
        for (k, kpi) in self.kpis.iter().enumerate() {
            if !kpi.b.life.always() || kpi.unfinished {
                continue;
            }
            let mut last = kpi.values[0];
            for p in 1..3 {
                let value = kpi.values[p].or(last);
                if value != last && !landing[p].is_empty() {
                    let i = landing[p][k * 31 % landing[p].len()];
                    self.initiatives[i].kpis.push(k);
                }
                last = value;
            }
        }
    }

    /// The initiatives: every gap of each step (an element added or removed, a
    /// capability's maturity rising, a capability outsourced, a platform going live) is
    /// delivered by one landing when the change does, in the same domain where possible;
    /// an initiative delivers nothing that does not change where it lands.
    fn plan_initiatives(
        &self,
        rng: &mut Rng,
        count: usize,
        head_owner: &[Option<usize>],
        role_owners: &[usize],
    ) -> Vec<Initiative> {
        let n1 = self.domains.len();
        // (id, landing plateau, domain)
        let mut gaps: Vec<(&str, u8, usize)> = Vec::new();
        let bases = (self.kpis.iter().map(|x| &x.b))
            .chain(self.journeys.iter().map(|x| &x.b))
            .chain(self.touchpoints.iter().map(|x| &x.b))
            .chain(self.processes.iter().map(|x| &x.b))
            .chain(self.org_units.iter().map(|x| &x.b))
            .chain(self.roles.iter().map(|x| &x.b))
            .chain(self.information.iter().map(|x| &x.b))
            .chain(self.suppliers.iter().map(|x| &x.b))
            .chain(self.locations.iter().map(|x| &x.b));
        for b in bases {
            for l in b.life.step_landings(None) {
                gaps.push((b.id.as_str(), l, b.domain));
            }
        }
        for s in &self.systems {
            if s.b.life.always() && s.lifecycle[0] == Some("plan") {
                gaps.push((s.b.id.as_str(), 1, s.b.domain));
            } else {
                for l in s.b.life.step_landings(None) {
                    gaps.push((s.b.id.as_str(), l, s.b.domain));
                }
            }
        }
        for cap in &self.capabilities {
            if cap.outsourced {
                gaps.push((cap.b.id.as_str(), 2, cap.b.domain));
            } else {
                for l in cap.b.life.step_landings(Some(&cap.maturity)) {
                    gaps.push((cap.b.id.as_str(), l, cap.b.domain));
                }
            }
        }
        let early = gaps.iter().filter(|g| g.1 == 1).count();
        let n_wave1 = if gaps.is_empty() {
            count / 2
        } else {
            (count * early + gaps.len() / 2) / gaps.len()
        }
        .clamp(1, count.saturating_sub(1).max(1));

        let mut initiatives: Vec<Initiative> = Vec::with_capacity(count);
        // Initiatives by landing plateau (1 or 2) and domain.
        let mut by: [Vec<Vec<u32>>; 2] = [vec![Vec::new(); n1], vec![Vec::new(); n1]];
        for i in 0..count {
            let (lands_in, domain) = if i < n_wave1 {
                (1u8, i % n1)
            } else {
                (2u8, (i - n_wave1) % n1)
            };
            by[usize::from(lands_in - 1)][domain].push(i as u32);
            let theme = if lands_in == 1 {
                rng.pick(&THEMES_WAVE_1)
            } else {
                rng.pick(&THEMES_TARGET)
            };
            let name = format!("{} {theme}", self.domains[domain]);
            let cost = 50_000 * rng.range(4, 600) as u64;
            let benefit = 50_000 * (cost * rng.range(50, 350) as u64 / 100 / 50_000);
            initiatives.push(Initiative {
                b: Base {
                    id: make_id("ini", &name, i),
                    name,
                    life: Life::ALWAYS,
                    domain,
                },
                lands_in,
                delivers: Vec::new(),
                objectives: Vec::new(),
                depends_on: Vec::new(),
                cost,
                benefit,
                kpis: Vec::new(),
                addresses: Vec::new(),
                owner: match head_owner.get(domain).copied().flatten() {
                    Some(h) if rng.chance(600) => h,
                    _ => rng.pick(role_owners),
                },
            });
        }
        let all: [Vec<u32>; 2] = [
            (0..n_wave1 as u32).collect(),
            (n_wave1 as u32..count as u32).collect(),
        ];
        for &(id, landing, domain) in &gaps {
            let l = usize::from(landing.clamp(1, 2) - 1);
            let i = rng
                .pick_u32(&by[l][domain])
                .or_else(|| rng.pick_u32(&all[l]))
                .or_else(|| rng.pick_u32(&all[1 - l]))
                .unwrap_or(0);
            initiatives[i].delivers.push(id.to_owned());
        }
        let cap_index: std::collections::HashMap<&str, usize> = self
            .capabilities
            .iter()
            .enumerate()
            .map(|(i, c)| (c.b.id.as_str(), i))
            .collect();
        let foundations = n_wave1.min(3);
        // An initiative with no gap of its own (small models) delivers a change that
        // lands when it does, in its domain where possible.
        let mut fallback: [Vec<Option<&str>>; 2] = [vec![None; n1], vec![None; n1]];
        let mut any_fallback: [Option<&str>; 2] = [None; 2];
        for &(id, landing, domain) in &gaps {
            let l = usize::from(landing.clamp(1, 2) - 1);
            fallback[l][domain].get_or_insert(id);
            any_fallback[l].get_or_insert(id);
        }
        for (i, ini) in initiatives.iter_mut().enumerate() {
            if ini.delivers.is_empty() {
                let l = usize::from(ini.lands_in - 1);
                if let Some(id) = fallback[l][ini.b.domain].or(any_fallback[l]) {
                    ini.delivers.push(id.to_owned());
                }
            }
            ini.delivers.sort_unstable();
            ini.delivers.dedup();
            let mut objectives: Vec<usize> = ini
                .delivers
                .iter()
                .filter_map(|d| cap_index.get(d.as_str()))
                .filter_map(|&c| self.capabilities[c].realizes.first().copied())
                .take(2)
                .collect();
            if objectives.is_empty() || rng.chance(300) {
                objectives.push(rng.below(self.objectives.len()));
            }
            tidy(&mut objectives);
            ini.objectives = objectives;
            // Dependencies on earlier initiatives only: no cycles, and since wave-1
            // initiatives come first, none lands before what it depends on.
            let mut deps = Vec::new();
            if i >= foundations && rng.chance(550) {
                let lo = i.saturating_sub(25);
                for _ in 0..rng.range(1, 2) {
                    deps.push(rng.range(lo, i - 1));
                }
                if i >= n_wave1 && rng.chance(300) {
                    deps.push(rng.below(foundations));
                }
            }
            tidy(&mut deps);
            ini.depends_on = deps;
        }
        initiatives
    }
}

/// A number per plateau of `life`: with `change` per mille, a value that moves by up to
/// a third between plateaus; otherwise the same value throughout.
fn staged_numbers(rng: &mut Rng, life: Life, start: u32, change: usize) -> [Option<u32>; 3] {
    let mut out = [None; 3];
    out[usize::from(life.from)] = Some(start);
    if rng.chance(change) && life.until > life.from {
        let mut v = start;
        for p in life.from + 1..=life.until {
            let delta = (v / 3).max(1);
            v = if rng.chance(500) {
                v + rng.range(0, delta as usize) as u32
            } else {
                v.saturating_sub(rng.range(0, delta as usize) as u32).max(1)
            };
            if Some(v) != out[..usize::from(p)].iter().rev().flatten().next().copied() {
                out[usize::from(p)] = Some(v);
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------
// Rendering

/// A YAML scalar for free text: plain when that reads back as the same string, double
/// quoted otherwise.
fn text(s: &str) -> std::borrow::Cow<'_, str> {
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " -,.()'/".contains(c))
        && !s.ends_with(' ')
        && !matches!(
            s,
            "true" | "false" | "null" | "True" | "False" | "Null" | "NULL"
        );
    if plain {
        std::borrow::Cow::Borrowed(s)
    } else {
        let mut q = String::with_capacity(s.len() + 2);
        q.push('"');
        for c in s.chars() {
            match c {
                '"' => q.push_str("\\\""),
                '\\' => q.push_str("\\\\"),
                c => q.push(c),
            }
        }
        q.push('"');
        std::borrow::Cow::Owned(q)
    }
}

/// Writes `    key: [a, b]` with the items that exist in every plateau of `life`, or
/// a mapping from plateau to list when the list changes between plateaus (each
/// item is `(id, plateaus where it may be named)`), or nothing when the list is empty
/// throughout.
fn refs(out: &mut String, key: &str, life: Life, items: &[(&str, u8)]) {
    let (first, last) = (usize::from(life.from), usize::from(life.until));
    let lists: Vec<Vec<&str>> = (first..=last)
        .map(|p| {
            items
                .iter()
                .filter(|(_, m)| m & (1 << p) != 0)
                .map(|(id, _)| *id)
                .collect()
        })
        .collect();
    if lists.iter().all(Vec::is_empty) {
        return;
    }
    let _ = write!(out, "    {key}: ");
    if lists.iter().all(|l| *l == lists[0]) {
        flow(out, &lists[0]);
    } else {
        out.push_str("{ ");
        let mut prev: Option<&Vec<&str>> = None;
        for (p, list) in (first..=last).zip(&lists) {
            let changed = prev.map_or(!list.is_empty(), |q| q != list);
            if changed {
                if prev.is_some() {
                    out.push_str(", ");
                }
                let _ = write!(out, "{}: ", PLATEAUS[p].0);
                flow(out, list);
                prev = Some(list);
            }
        }
        out.push_str(" }");
    }
    out.push('\n');
}

/// Writes a flow list `[a, b]`.
fn flow(out: &mut String, list: &[&str]) {
    out.push('[');
    for (i, id) in list.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(id);
    }
    out.push(']');
}

/// Writes a staged scalar: plain when only one plateau is written, otherwise a mapping
/// of the plateaus written.
fn staged<T: std::fmt::Display>(out: &mut String, key: &str, values: &[Option<T>; 3]) {
    let written: Vec<(usize, &T)> = values
        .iter()
        .enumerate()
        .filter_map(|(p, v)| v.as_ref().map(|v| (p, v)))
        .collect();
    match written.as_slice() {
        [] => {}
        [(_, v)] => {
            let _ = writeln!(out, "    {key}: {v}");
        }
        many => {
            let _ = write!(out, "    {key}: {{ ");
            for (i, (p, v)) in many.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{}: {v}", PLATEAUS[*p].0);
            }
            out.push_str(" }\n");
        }
    }
}

/// A value in tenths, written as a number.
struct Tenths(u64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 % 10 {
            0 => write!(f, "{}", self.0 / 10),
            d => write!(f, "{}.{d}", self.0 / 10),
        }
    }
}

fn head(out: &mut String, b: &Base) {
    let _ = write!(out, "  - id: {}\n    name: {}\n", b.id, text(&b.name));
}

fn life_fields(out: &mut String, life: Life) {
    if life.from > 0 {
        let _ = writeln!(out, "    from: {}", PLATEAUS[usize::from(life.from)].0);
    }
    if life.until < 2 {
        let _ = writeln!(out, "    until: {}", PLATEAUS[usize::from(life.until)].0);
    }
}

impl Model {
    fn owner(&self, out: &mut String, owner: Option<usize>) {
        if let Some(o) = owner {
            let _ = writeln!(out, "    owner: {}", self.owners[o]);
        }
    }

    fn render(&self, spec: &Spec) -> Project {
        let c = [
            self.drivers.len(),
            self.objectives.len(),
            self.kpis.len(),
            self.personas.len(),
            self.journeys.len(),
            self.touchpoints.len(),
            self.insights.len(),
            self.capabilities.len(),
            self.processes.len(),
            self.org_units.len(),
            self.roles.len(),
            self.systems.len(),
            self.information.len(),
            self.suppliers.len(),
            self.locations.len(),
            self.initiatives.len(),
        ];
        let total: usize = c.iter().sum();
        let mut tom = String::new();
        let _ = write!(
            tom,
            "# Generated by tomc-gen: {total} elements, seed {seed}.\n\
             # Regenerate with `cargo run --release --example gen-model -- --elements {n} --seed {seed} --out DIR`.\n\
             tom: 1\nname: {name}\ndescription: |\n  \
             A generated Target Operating Model of **{total} elements** over {domains} business domains,\n  \
             moving from today's operations to a digital-first target in two waves.\n\
             plateaus:\n",
            seed = spec.seed,
            n = spec.elements,
            name = text(&self.organisation),
            domains = self.domains.len(),
        );
        for (id, name, date) in PLATEAUS {
            match date {
                Some(d) => {
                    let _ = writeln!(tom, "  - {{ id: {id}, name: {name}, date: {d} }}");
                }
                None => {
                    let _ = writeln!(tom, "  - {{ id: {id}, name: {name} }}");
                }
            }
        }
        tom.push_str("include: [\"model/**/*.yaml\"]\n");

        let mut files = Vec::new();
        let mut emit = |kind: usize, n: usize, one: &mut dyn FnMut(&mut String, usize)| {
            let key = KINDS[kind];
            let stem = key.replace('_', "-");
            let chunks = n.div_ceil(ELEMENTS_PER_FILE);
            for chunk in 0..chunks {
                let lo = chunk * ELEMENTS_PER_FILE;
                let hi = (lo + ELEMENTS_PER_FILE).min(n);
                let mut out = String::with_capacity((hi - lo) * 400);
                let _ = write!(
                    out,
                    "# Generated by tomc-gen (seed {}): {key} {} to {hi} of {n}.\n{key}:\n",
                    spec.seed,
                    lo + 1
                );
                for i in lo..hi {
                    one(&mut out, i);
                }
                files.push((format!("model/{stem}-{:03}.yaml", chunk + 1), out));
            }
        };

        emit(0, c[0], &mut |out, i| self.driver(out, i));
        emit(1, c[1], &mut |out, i| self.objective(out, i));
        emit(2, c[2], &mut |out, i| self.kpi(out, i));
        emit(3, c[3], &mut |out, i| self.persona(out, i));
        emit(4, c[4], &mut |out, i| self.journey(out, i));
        emit(5, c[5], &mut |out, i| self.touchpoint(out, i));
        emit(6, c[6], &mut |out, i| self.insight(out, i));
        emit(7, c[7], &mut |out, i| self.capability(out, i));
        emit(8, c[8], &mut |out, i| self.process(out, i));
        emit(9, c[9], &mut |out, i| self.org_unit(out, i));
        emit(10, c[10], &mut |out, i| self.role(out, i));
        emit(11, c[11], &mut |out, i| self.system(out, i));
        emit(12, c[12], &mut |out, i| self.info(out, i));
        emit(13, c[13], &mut |out, i| self.supplier(out, i));
        emit(14, c[14], &mut |out, i| self.location(out, i));
        emit(15, c[15], &mut |out, i| self.initiative(out, i));
        files.extend(self.measurements(spec));
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Project {
            tom_yaml: tom,
            files,
            counts: KINDS.iter().copied().zip(c).collect(),
        }
    }

    fn driver(&self, out: &mut String, i: usize) {
        let d = &self.drivers[i];
        head(out, &d.b);
        let _ = writeln!(out, "    category: {}", d.category);
        let items: Vec<(&str, u8)> = d
            .objectives
            .iter()
            .map(|&o| (self.objectives[o].b.id.as_str(), 7))
            .collect();
        refs(out, "objectives", d.b.life, &items);
    }

    fn objective(&self, out: &mut String, i: usize) {
        let o = &self.objectives[i];
        head(out, &o.b);
        if let Some(p) = o.parent {
            let _ = writeln!(out, "    parent: {}", self.objectives[p].b.id);
        }
        let items: Vec<(&str, u8)> = o.kpis.iter().map(|&k| self.kpi_ref(k)).collect();
        refs(out, "kpis", o.b.life, &items);
        self.owner(out, Some(o.owner));
    }

    fn kpi_ref(&self, k: usize) -> (&str, u8) {
        let k = &self.kpis[k];
        (k.b.id.as_str(), k.b.life.mask())
    }

    fn kpi(&self, out: &mut String, i: usize) {
        let k = &self.kpis[i];
        let (_, unit, direction, voice, _) = METRICS[k.metric];
        head(out, &k.b);
        let _ = writeln!(out, "    unit: {}", text(unit));
        if !k.unfinished {
            let _ = writeln!(out, "    direction: {direction}");
        }
        let _ = writeln!(out, "    voice: {voice}");
        let values = if k.unfinished {
            [k.values[0].map(Tenths), None, None]
        } else {
            k.values.map(|v| v.map(Tenths))
        };
        staged(out, "value", &values);
        self.owner(out, Some(k.owner));
        life_fields(out, k.b.life);
        if voice == "customer" {
            let persona = &self.personas[i % self.personas.len()];
            let _ = writeln!(out, "    persona: {}", persona.b.id);
        }
        let _ = writeln!(
            out,
            "    source: {}\n    frequency: {}",
            if voice == "customer" {
                "Customer survey"
            } else {
                "Operations data warehouse"
            },
            if i.is_multiple_of(2) {
                "monthly"
            } else {
                "quarterly"
            }
        );
        if i.is_multiple_of(4) {
            let _ = writeln!(
                out,
                "    formula: {}",
                text(&format!("Average {} over the period", METRICS[k.metric].0))
            );
        }
        if i.is_multiple_of(3)
            && let Some(rows) = self.actuals(i)
        {
            out.push_str("    actuals:\n");
            for (date, value) in rows {
                let _ = writeln!(out, "      - {{ date: {date}, value: {value} }}");
            }
        }
    }

    /// Two measured values of KPI `i`: its baseline at the end of January 2026, and in
    /// June whichever of its baseline and its `wave-1` value is the better (so that it
    /// is on track). `None` for a KPI without a lasting plan.
    fn actuals(&self, i: usize) -> Option<[(&'static str, Tenths); 2]> {
        let k = &self.kpis[i];
        if k.unfinished || !k.b.life.always() {
            return None;
        }
        let start = k.values[0]?;
        let next = k.values[1].unwrap_or(start);
        let better = match METRICS[k.metric].2 {
            "increase" => start.max(next),
            _ => start.min(next),
        };
        Some([
            ("2026-01-31", Tenths(start)),
            ("2026-06-30", Tenths(better)),
        ])
    }

    /// The measurements files: the actuals of every third KPI (those `actuals` does not
    /// hold), as CSV, a file per thousand KPIs.
    fn measurements(&self, spec: &Spec) -> Vec<(String, String)> {
        let mut files = Vec::new();
        for (chunk, kpis) in self.kpis.chunks(ELEMENTS_PER_FILE).enumerate() {
            let mut out = String::from("kpi,date,value,note\n");
            for (j, k) in kpis.iter().enumerate() {
                let i = chunk * ELEMENTS_PER_FILE + j;
                if i % 3 != 1 {
                    continue;
                }
                if let Some(rows) = self.actuals(i) {
                    for (date, value) in rows {
                        let _ = writeln!(out, "{},{date},{value},seed {}", k.b.id, spec.seed);
                    }
                }
            }
            files.push((format!("measurements/kpis-{:03}.csv", chunk + 1), out));
        }
        files
    }

    fn insight(&self, out: &mut String, i: usize) {
        let x = &self.insights[i];
        head(out, &x.b);
        let _ = writeln!(
            out,
            "    voice: {}\n    source: {}\n    date: {}\n    sample: {}\n    quote: \"{}\"\n    severity: {}",
            x.voice, x.source, x.date, x.sample, x.quote, x.severity
        );
        if let Some(p) = x.persona {
            let _ = writeln!(out, "    personas: [{}]", self.personas[p].b.id);
        }
        let _ = writeln!(out, "    about: [{}]", self.touchpoints[x.about].b.id);
    }

    fn persona(&self, out: &mut String, i: usize) {
        let p = &self.personas[i];
        head(out, &p.b);
        let _ = writeln!(out, "    segment: {}", text(PERSONA_TYPES[p.kind].1));
        let _ = writeln!(
            out,
            "    needs:\n      - {}\n      - {}",
            text(NEEDS[p.needs[0]]),
            text(NEEDS[p.needs[1]])
        );
        let _ = writeln!(out, "    pains:\n      - {}", text(PAINS[p.pain]));
        let business = matches!(p.kind, 2 | 10 | 11 | 14);
        let _ = writeln!(out, "    type: {}", if business { "b2b" } else { "b2c" });
        let _ = writeln!(out, "    gains: [{}]", text(GAINS[i % GAINS.len()]));
        let _ = writeln!(out, "    jobs: [{}]", text(JOBS[(i + p.kind) % JOBS.len()]));
    }

    fn journey(&self, out: &mut String, i: usize) {
        let j = &self.journeys[i];
        head(out, &j.b);
        let _ = writeln!(out, "    persona: {}", self.personas[j.persona].b.id);
        let items: Vec<(&str, u8)> = j.kpis.iter().map(|&k| self.kpi_ref(k)).collect();
        refs(out, "kpis", j.b.life, &items);
        self.owner(out, Some(j.owner));
        life_fields(out, j.b.life);
        // A journey with a painful stage is written as it is and as it will be: the
        // pains gone in the target, where a stage the customer KPIs measure becomes a
        // moment that matters.
        let painful = j.stages.iter().any(|s| s.emotion == "negative");
        let life = j.b.life;
        if painful && life.until == 2 && life.from < 2 {
            let _ = writeln!(
                out,
                "    stages:\n      {}:",
                PLATEAUS[usize::from(life.from)].0
            );
            self.stages(out, i, "        ", false);
            out.push_str("      target:\n");
            self.stages(out, i, "        ", true);
        } else {
            out.push_str("    stages:\n");
            self.stages(out, i, "      ", painful && life.until == 2);
        }
    }

    /// The stages of journey `j`, as they are (a painful stage cites an insight) or, once
    /// `improved`, without pains.
    fn stages(&self, out: &mut String, j: usize, indent: &str, improved: bool) {
        let mut moment = improved;
        for (n, s) in self.journeys[j].stages.iter().enumerate() {
            let id = make_id("s", s.name, 0);
            let id = id
                .strip_prefix("s-")
                .and_then(|x| x.strip_suffix("-1"))
                .unwrap_or(&id);
            let _ = writeln!(out, "{indent}- id: {id}\n{indent}  name: {}", text(s.name));
            let list: Vec<&str> = s
                .touchpoints
                .iter()
                .map(|&t| self.touchpoints[t].b.id.as_str())
                .collect();
            let _ = write!(out, "{indent}  touchpoints: ");
            flow(out, &list);
            out.push('\n');
            if improved {
                let _ = writeln!(
                    out,
                    "{indent}  emotion: {}",
                    if s.emotion == "negative" {
                        "positive"
                    } else {
                        s.emotion
                    }
                );
                if moment && self.measured_by_customers(s) {
                    let _ = writeln!(out, "{indent}  moment_that_matters: true");
                    moment = false;
                }
                continue;
            }
            if let Some(pain) = s.pain {
                let _ = writeln!(out, "{indent}  pain_points: [\"{pain}\"]");
            }
            let _ = writeln!(out, "{indent}  emotion: {}", s.emotion);
            if s.emotion == "negative" && !self.insights.is_empty() {
                let x = &self.insights[(j + n) % self.insights.len()];
                let _ = writeln!(out, "{indent}  insights: [{}]", x.b.id);
            }
        }
    }

    /// Whether a touchpoint of stage `s` that lasts to the target names a customer KPI
    /// that does too.
    fn measured_by_customers(&self, s: &Stage) -> bool {
        s.touchpoints.iter().any(|&t| {
            let t = &self.touchpoints[t];
            t.b.life.until == 2
                && t.kpis.iter().any(|&k| {
                    let k = &self.kpis[k];
                    k.b.life.until == 2 && METRICS[k.metric].3 == "customer"
                })
        })
    }

    fn touchpoint(&self, out: &mut String, i: usize) {
        let t = &self.touchpoints[i];
        head(out, &t.b);
        let _ = writeln!(out, "    channel: {}", CHANNELS[t.channel].0);
        let _ = writeln!(out, "    phase: {}", ["before", "during", "after"][i % 3]);
        if CHANNELS[t.channel].0 == "partner"
            && let Some(s) = self.lasting_supplier(i)
        {
            let _ = writeln!(out, "    operated_by: {}", self.suppliers[s].b.id);
        }
        if t.moment {
            out.push_str("    moment_that_matters: true\n");
        }
        let caps: Vec<(&str, u8)> = t.capabilities.iter().map(|&c| self.cap_ref(c)).collect();
        refs(out, "capabilities", t.b.life, &caps);
        let procs: Vec<(&str, u8)> = t
            .processes
            .iter()
            .map(|&p| {
                let p = &self.processes[p];
                (p.b.id.as_str(), p.b.life.mask())
            })
            .collect();
        refs(out, "processes", t.b.life, &procs);
        let items: Vec<(&str, u8)> = t.kpis.iter().map(|&k| self.kpi_ref(k)).collect();
        refs(out, "kpis", t.b.life, &items);
        self.owner(out, Some(t.owner));
        life_fields(out, t.b.life);
    }

    /// A supplier that exists in every plateau, chosen by `i`.
    fn lasting_supplier(&self, i: usize) -> Option<usize> {
        let n = self.suppliers.len();
        (0..n)
            .map(|j| (i + j) % n)
            .find(|&s| self.suppliers[s].b.life.always())
    }

    fn cap_ref(&self, c: usize) -> (&str, u8) {
        let c = &self.capabilities[c];
        (c.b.id.as_str(), c.b.life.mask())
    }

    fn capability(&self, out: &mut String, i: usize) {
        let c = &self.capabilities[i];
        head(out, &c.b);
        if c.level == 1 {
            let _ = writeln!(
                out,
                "    description: {}",
                text(&format!(
                    "Everything the group must be able to do in {}.",
                    c.b.name.to_lowercase()
                ))
            );
        }
        if let Some(p) = c.parent {
            let _ = writeln!(out, "    parent: {}", self.capabilities[p].b.id);
        }
        let items: Vec<(&str, u8)> = c
            .realizes
            .iter()
            .map(|&o| (self.objectives[o].b.id.as_str(), 7))
            .collect();
        refs(out, "realizes", c.b.life, &items);
        staged(out, "maturity", &c.maturity);
        if c.level == 3 {
            // Sourcing follows the suppliers named: partner while one is there.
            let sources: Vec<(&str, u8)> = c
                .suppliers
                .iter()
                .map(|&s| {
                    let s = &self.suppliers[s];
                    // An outsourced capability names its supplier in the target only.
                    let m = if c.outsourced { 0b100 } else { 0b111 };
                    (s.b.id.as_str(), s.b.life.mask() & m)
                })
                .collect();
            let mut sourcing = [None; 3];
            let mut last = None;
            for p in c.b.life.from..=c.b.life.until {
                let partner = sources.iter().any(|(_, m)| m & (1 << p) != 0);
                let v = match (partner, c.outsourced) {
                    (true, true) => "outsourced",
                    (true, false) => "partner",
                    _ => "internal",
                };
                if last != Some(v) {
                    sourcing[usize::from(p)] = Some(v);
                    last = Some(v);
                }
            }
            staged(out, "sourcing", &sourcing);
            refs(out, "suppliers", c.b.life, &sources);
        }
        self.owner(out, Some(c.owner));
        life_fields(out, c.b.life);
        if c.outsourced {
            out.push_str(
                "    waivers:\n      - rule: maturity-regression\n        reason: Run down on purpose before the supplier takes it over in the target.\n",
            );
        }
    }

    fn process(&self, out: &mut String, i: usize) {
        let p = &self.processes[i];
        head(out, &p.b);
        let _ = writeln!(out, "    layer: {}", p.layer);
        if p.b.life.always() {
            match i % 4 {
                0 => out.push_str(
                    "    automation: { current: manual, wave-1: assisted, target: automated }\n",
                ),
                1 => out.push_str("    automation: { current: manual, target: assisted }\n"),
                2 => out.push_str("    automation: automated\n"),
                _ => {}
            }
            if i % 10 == 1 && self.processes[i - 1].b.life.always() {
                let _ = writeln!(out, "    parent: {}", self.processes[i - 1].b.id);
            }
            if i.is_multiple_of(40)
                && let Some(s) = self.lasting_supplier(i)
            {
                let _ = writeln!(out, "    operated_by: {}", self.suppliers[s].b.id);
            }
        }
        let caps: Vec<(&str, u8)> = p.capabilities.iter().map(|&c| self.cap_ref(c)).collect();
        refs(out, "capabilities", p.b.life, &caps);
        let roles: Vec<(&str, u8)> = p
            .roles
            .iter()
            .map(|&r| {
                let r = &self.roles[r];
                (r.b.id.as_str(), r.b.life.mask())
            })
            .collect();
        refs(out, "roles", p.b.life, &roles);
        let systems: Vec<(&str, u8)> = p
            .systems
            .iter()
            .map(|&s| {
                let sys = &self.systems[s];
                let m = if p.migrates == Some(s) {
                    sys.b.life.mask()
                } else {
                    sys.usable
                };
                (sys.b.id.as_str(), m)
            })
            .collect();
        refs(out, "systems", p.b.life, &systems);
        let info: Vec<(&str, u8)> = p
            .information
            .iter()
            .map(|&x| {
                let x = &self.information[x];
                (x.b.id.as_str(), x.b.life.mask())
            })
            .collect();
        refs(out, "information", p.b.life, &info);
        let places: Vec<(&str, u8)> = p
            .locations
            .iter()
            .map(|&l| {
                let l = &self.locations[l];
                (l.b.id.as_str(), l.b.life.mask())
            })
            .collect();
        refs(out, "locations", p.b.life, &places);
        let kpis: Vec<(&str, u8)> = p.kpis.iter().map(|&k| self.kpi_ref(k)).collect();
        refs(out, "kpis", p.b.life, &kpis);
        self.owner(out, p.owner);
        life_fields(out, p.b.life);
        if p.migrates.is_some() {
            out.push_str(
                "    waivers:\n      - rule: retiring-system-in-use\n        reason: Reads the retiring system on purpose while its data moves to the successor.\n",
            );
        }
    }

    fn org_unit(&self, out: &mut String, i: usize) {
        let u = &self.org_units[i];
        head(out, &u.b);
        if let Some(p) = u.parent {
            let _ = writeln!(out, "    parent: {}", self.org_units[p].b.id);
        }
        staged(out, "headcount", &u.headcount);
        self.owner(out, u.owner);
        life_fields(out, u.b.life);
        if i > 0 {
            let _ = writeln!(out, "    properties: {{ cost_centre: CC-{} }}", 4000 + i);
        }
    }

    fn role(&self, out: &mut String, i: usize) {
        let r = &self.roles[i];
        head(out, &r.b);
        let _ = writeln!(out, "    org_unit: {}", self.org_units[r.org_unit].b.id);
        staged(out, "headcount", &r.headcount);
        life_fields(out, r.b.life);
    }

    fn system(&self, out: &mut String, i: usize) {
        let s = &self.systems[i];
        head(out, &s.b);
        staged(out, "lifecycle", &s.lifecycle);
        if let Some(sup) = s.supplier {
            let _ = writeln!(out, "    supplier: {}", self.suppliers[sup].b.id);
        }
        self.owner(out, Some(s.owner));
        life_fields(out, s.b.life);
        if s.usable == 0b001 {
            out.push_str("    tags: [legacy]\n");
        }
        let hosting = if s.b.name.contains("mainframe") {
            "mainframe"
        } else if s.usable == 0b001 {
            "on-premise"
        } else if s.b.name.starts_with("Cloud") || s.usable != 0b111 {
            "cloud"
        } else if i.is_multiple_of(3) {
            "on-premise"
        } else {
            "saas"
        };
        let _ = writeln!(out, "    properties: {{ hosting: {hosting} }}");
    }

    fn info(&self, out: &mut String, i: usize) {
        let x = &self.information[i];
        head(out, &x.b);
        let items: Vec<(&str, u8)> = x
            .systems
            .iter()
            .map(|&s| {
                let s = &self.systems[s];
                (s.b.id.as_str(), s.b.life.mask())
            })
            .collect();
        refs(out, "systems", x.b.life, &items);
        self.owner(out, Some(x.owner));
        life_fields(out, x.b.life);
    }

    fn supplier(&self, out: &mut String, i: usize) {
        let s = &self.suppliers[i];
        head(out, &s.b);
        let items: Vec<(&str, u8)> = s.provides.iter().map(|&c| self.cap_ref(c)).collect();
        refs(out, "provides", s.b.life, &items);
        let _ = writeln!(out, "    sla: {}", text(&s.sla));
        life_fields(out, s.b.life);
    }

    fn location(&self, out: &mut String, i: usize) {
        let l = &self.locations[i];
        head(out, &l.b);
        let _ = writeln!(out, "    type: {}", text(l.kind));
        life_fields(out, l.b.life);
    }

    fn initiative(&self, out: &mut String, i: usize) {
        let ini = &self.initiatives[i];
        head(out, &ini.b);
        let _ = writeln!(
            out,
            "    lands_in: {}",
            PLATEAUS[usize::from(ini.lands_in)].0
        );
        let delivers: Vec<&str> = ini.delivers.iter().map(String::as_str).collect();
        out.push_str("    delivers: ");
        flow(out, &delivers);
        out.push('\n');
        let items: Vec<(&str, u8)> = ini
            .objectives
            .iter()
            .map(|&o| (self.objectives[o].b.id.as_str(), 7))
            .collect();
        refs(out, "objectives", ini.b.life, &items);
        if !ini.depends_on.is_empty() {
            let deps: Vec<&str> = ini
                .depends_on
                .iter()
                .map(|&d| self.initiatives[d].b.id.as_str())
                .collect();
            out.push_str("    depends_on: ");
            flow(out, &deps);
            out.push('\n');
        }
        let _ = writeln!(out, "    cost: {}\n    benefit: {}", ini.cost, ini.benefit);
        self.owner(out, Some(ini.owner));
        let mut kpis: Vec<&str> = ini
            .kpis
            .iter()
            .map(|&k| self.kpis[k].b.id.as_str())
            .collect();
        kpis.sort_unstable();
        kpis.dedup();
        if !kpis.is_empty() {
            out.push_str("    kpis: ");
            flow(out, &kpis);
            out.push('\n');
        }
        if !ini.addresses.is_empty() {
            let ids: Vec<&str> = ini
                .addresses
                .iter()
                .map(|&x| self.insights[x].b.id.as_str())
                .collect();
            out.push_str("    addresses: ");
            flow(out, &ids);
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "    customer_value: {}\n    business_value: {}\n    effort: {}\n    risk: {}",
            1 + i % 5,
            1 + i * 3 % 5,
            1 + i * 2 % 5,
            ["low", "medium", "high"][i % 3]
        );
        if i.is_multiple_of(17) {
            out.push_str("    must_do: regulatory\n");
        }
        // Work starts in 2026 and ends before the plateau it lands in.
        let month = 1 + i % 6;
        match ini.lands_in {
            1 => {
                let _ = writeln!(
                    out,
                    "    start: 2026-{month:02}-01\n    end: 2027-{month:02}-28"
                );
            }
            2 => {
                let _ = writeln!(
                    out,
                    "    start: 2026-{month:02}-01\n    end: 2028-{:02}-28",
                    month + 6
                );
            }
            _ => {}
        }
    }
}
