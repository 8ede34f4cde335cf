//! Property tests: projection keeps exactly the elements a plateau spans, and manifest
//! bytes do not depend on how the spec is split into files or how keys are ordered.

use proptest::prelude::*;

use tomc::compile::{Compiled, Options, compile_loaded};
use tomc::emit::manifest::manifest;
use tomc::emit::tree::to_yaml;
use tomc::load::load_memory;
use tomc::model::PlateauIdx;
use tomc::spec::Levels;

const PLATEAUS: [&str; 3] = ["current", "wave-1", "target"];
const TOM: &str = "tom: 1\nname: Prop\nplateaus:\n  - { id: current, name: Current }\n  - { id: wave-1, name: Wave 1 }\n  - { id: target, name: Target }\n";

/// One generated capability: its plateau span, an optional parent among the earlier
/// capabilities that spans it, a staged maturity and tags.
#[derive(Debug, Clone)]
struct Cap {
    from: usize,
    until: usize,
    parent: Option<usize>,
    maturity: Vec<Option<u8>>,
    tags: Vec<String>,
}

fn caps() -> impl Strategy<Value = Vec<Cap>> {
    prop::collection::vec(
        (
            0..3usize,
            0..3usize,
            prop::option::of(any::<prop::sample::Index>()),
            prop::collection::vec(prop::option::of(0..6u8), 3),
            prop::collection::vec("[a-z]{1,6}", 0..3),
        ),
        1..25,
    )
    .prop_map(|raw| {
        let mut out: Vec<Cap> = Vec::new();
        for (a, b, parent, maturity, tags) in raw {
            let (from, until) = (a.min(b), a.max(b));
            // A parent must exist wherever the child does, or the reference is absent.
            let candidates: Vec<usize> = (0..out.len())
                .filter(|&i| out[i].from <= from && until <= out[i].until)
                .collect();
            let parent = parent
                .filter(|_| !candidates.is_empty())
                .map(|ix| candidates[ix.index(candidates.len())]);
            out.push(Cap {
                from,
                until,
                parent,
                maturity,
                tags,
            });
        }
        out
    })
}

/// The fields of a capability as `key: value` lines, in the canonical order.
fn fields(i: usize, c: &Cap) -> Vec<String> {
    let mut f = vec![
        format!("id: cap-{i:03}"),
        format!("name: Capability {i}"),
        format!("from: {}", PLATEAUS[c.from]),
        format!("until: {}", PLATEAUS[c.until]),
    ];
    if let Some(p) = c.parent {
        f.push(format!("parent: cap-{p:03}"));
    }
    let staged: Vec<String> = c
        .maturity
        .iter()
        .enumerate()
        .filter_map(|(p, m)| m.map(|m| format!("{}: {m}", PLATEAUS[p])))
        .collect();
    if !staged.is_empty() {
        f.push(format!("maturity: {{ {} }}", staged.join(", ")));
    }
    if !c.tags.is_empty() {
        f.push(format!("tags: [{}]", c.tags.join(", ")));
    }
    f
}

fn compile(files: &[(String, Vec<u8>)]) -> Compiled {
    let loaded = load_memory(TOM.as_bytes(), files);
    compile_loaded(loaded, Levels::new(), &Options::default()).expect("compiles")
}

/// YAML files holding the capabilities: `split` decides which file each goes to,
/// `rotate` rotates each element's keys (id stays where it lands).
fn render(caps: &[Cap], order: &[usize], split: usize, rotate: usize) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<String> = vec![String::from("capabilities:\n"); split.max(1)];
    for (n, &i) in order.iter().enumerate() {
        let mut f = fields(i, &caps[i]);
        let k = rotate % f.len();
        f.rotate_left(k);
        let text = format!("  - {{ {} }}\n", f.join(", "));
        let count = files.len();
        files[n % count].push_str(&text);
    }
    files
        .into_iter()
        .enumerate()
        .map(|(k, text)| {
            (
                format!("model/part-{}.yaml", (k * 7) % 5 + k),
                text.into_bytes(),
            )
        })
        .collect()
}

fn manifests(c: &Compiled) -> Vec<String> {
    (0..3)
        .map(|p| to_yaml(&manifest(&c.model.at(PlateauIdx(p))), "").expect("yaml"))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn projection_keeps_exactly_the_elements_a_plateau_spans(caps in caps()) {
        let order: Vec<usize> = (0..caps.len()).collect();
        let compiled = compile(&render(&caps, &order, 1, 0));
        prop_assert!(
            !compiled.diagnostics.iter().any(|d| d.is_structural_error()),
            "{:?}", compiled.diagnostics
        );
        for (p, plateau) in PLATEAUS.iter().enumerate() {
            let at = compiled.model.at(PlateauIdx(p));
            let got: Vec<String> = at.elements().map(|(_, e)| e.id.clone()).collect();
            let want: Vec<String> = caps
                .iter()
                .enumerate()
                .filter(|(_, c)| c.from <= p && p <= c.until)
                .map(|(i, _)| format!("cap-{i:03}"))
                .collect();
            prop_assert_eq!(got, want, "plateau {}", plateau);
        }
    }

    #[test]
    fn manifest_bytes_do_not_depend_on_files_or_key_order(
        caps in caps(),
        seed in any::<u64>(),
        split in 1..4usize,
        rotate in 0..6usize,
    ) {
        let canonical: Vec<usize> = (0..caps.len()).collect();
        let mut shuffled = canonical.clone();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let a = compile(&render(&caps, &canonical, 1, 0));
        let b = compile(&render(&caps, &shuffled, split, rotate));
        prop_assert_eq!(manifests(&a), manifests(&b));
    }
}
