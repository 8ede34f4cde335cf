//! The layers of ARCHITECTURE.md, kept: a module may use only modules of its own layer
//! or below, and no cycle may appear between modules, at the top level or between the
//! submodules of one folder.
//!
//! The layer table is read from ARCHITECTURE.md itself, so the document and the check
//! cannot drift apart.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::root;

/// The layers, bottom first, from the `layers` block of ARCHITECTURE.md.
fn layers(architecture: &str) -> Vec<Vec<String>> {
    let start = architecture
        .find("<!-- layers -->")
        .expect("ARCHITECTURE.md has a `<!-- layers -->` block");
    let block = &architecture[start..];
    let open = block
        .find("```text\n")
        .expect("the layers block is fenced as text")
        + 8;
    let close = open + block[open..].find("```").expect("the fence closes");
    let mut layers: Vec<Vec<String>> = block[open..close]
        .lines()
        .map(|line| line.split_once('#').map_or(line, |(code, _)| code))
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.split_whitespace().map(str::to_owned).collect())
        .collect();
    // The block is written top layer first, as the document reads.
    layers.reverse();
    layers
}

/// `text` without comments and the contents of string literals, so that only code is
/// read for `crate::` paths.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            '"' => {
                out.push('"');
                let mut escaped = false;
                for c in chars.by_ref() {
                    if !escaped && c == '"' {
                        break;
                    }
                    escaped = !escaped && c == '\\';
                }
                out.push('"');
            }
            // A char literal such as '"' would open a string above: skip it whole.
            '\'' => {
                out.push('\'');
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with("\\") || rest.chars().nth(1) == Some('\'') {
                    for c in chars.by_ref() {
                        if c == '\'' {
                            break;
                        }
                    }
                    out.push('\'');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Every path `crate::a::b…` (or `$crate::`, or `super::` from `module`) used in
/// `code`, as its segments from the crate root, with the paths of
/// `use crate::{a, b::{c, d}}` groups expanded.
fn crate_paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for (word, base) in [
        ("crate::", Vec::new()),
        ("super::", module[..module.len().saturating_sub(1)].to_vec()),
    ] {
        let mut rest = code;
        while let Some(at) = rest.find(word) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + word.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            expand(rest, &mut base.clone(), &mut paths);
        }
    }
    paths
}

/// Reads one path (or `{…}` group) at the start of `text` after `prefix`.
fn expand(text: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let text = text.trim_start();
    if let Some(group) = text.strip_prefix('{') {
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    expand(&group[start..i], &mut prefix.clone(), out);
                    return;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&group[start..i], &mut prefix.clone(), out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        return;
    }
    let name: String = text
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() {
        if !prefix.is_empty() {
            out.push(prefix.clone());
        }
        return;
    }
    prefix.push(name.clone());
    match text[name.len()..].strip_prefix("::") {
        Some(more) => expand(more, prefix, out),
        None => out.push(prefix.clone()),
    }
}

/// The module path of a source file under `src/`: `emit/site/mod.rs` is `[emit, site]`.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" && stem != "main" {
        parts.push(stem.to_owned());
    }
    parts
}

/// For every module of the crate (as a path), the modules it uses.
fn graph(src: &Path) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let mut modules = BTreeSet::new();
    let mut uses: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.expect("src/ can be walked");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(src).expect("under src/");
        let module = module_of(rel);
        modules.insert(module.clone());
        let text = std::fs::read_to_string(path).expect("a source file reads");
        let paths = crate_paths(&code_only(&text), &module);
        let used = uses.entry(module).or_default();
        for p in paths {
            used.insert(p);
        }
    }
    // Keep of each path the longest prefix that is a module: `crate::emit::tree::Tree`
    // uses the module `emit::tree`.
    uses.into_iter()
        .map(|(module, paths)| {
            let targets = paths
                .into_iter()
                .filter_map(|p| {
                    (1..=p.len())
                        .rev()
                        .map(|n| p[..n].to_vec())
                        .find(|m| modules.contains(m))
                })
                .filter(|m| !m.is_empty())
                .collect();
            (module, targets)
        })
        .collect()
}

/// The cycles among `nodes` under `edges`: each strongly connected set of two or more.
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    fn reach(from: &str, edges: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(n) = stack.pop() {
            for next in edges.get(&n).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    }
    let reachable: BTreeMap<&String, BTreeSet<String>> =
        edges.keys().map(|n| (n, reach(n, edges))).collect();
    let mut found: Vec<Vec<String>> = Vec::new();
    for (n, from_n) in &reachable {
        if !from_n.contains(*n) {
            continue;
        }
        let mut set: Vec<String> = from_n
            .iter()
            .filter(|m| reachable.get(m).is_some_and(|r| r.contains(*n)))
            .cloned()
            .collect();
        set.sort();
        if !found.contains(&set) {
            found.push(set);
        }
    }
    found
}

/// What breaks the layers in the tree at `src`: one line per offending edge or cycle.
fn violations(src: &Path, layers: &[Vec<String>]) -> Vec<String> {
    let layer_of: BTreeMap<&str, usize> = layers
        .iter()
        .enumerate()
        .flat_map(|(i, names)| names.iter().map(move |n| (n.as_str(), i)))
        .collect();
    let graph = graph(src);
    let mut problems = Vec::new();
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut inner: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (module, used) in &graph {
        let Some(first) = module.first() else {
            continue; // lib.rs and main.rs sit above every layer.
        };
        let Some(&from) = layer_of.get(first.as_str()) else {
            problems.push(format!(
                "module `{first}` is in no layer of ARCHITECTURE.md: add it to the layers block"
            ));
            continue;
        };
        for target in used {
            let to_top = &target[0];
            if to_top != first {
                top.entry(first.clone()).or_default().insert(to_top.clone());
                if let Some(&to) = layer_of.get(to_top.as_str())
                    && to > from
                {
                    problems.push(format!(
                        "`{}` uses `{}`, a layer above it",
                        module.join("::"),
                        target.join("::")
                    ));
                }
            } else if module.len() >= 2 && target.len() >= 2 && module[1] != target[1] {
                inner
                    .entry(first.clone())
                    .or_default()
                    .entry(module[1].clone())
                    .or_default()
                    .insert(target[1].clone());
            }
        }
    }
    for cycle in cycles(&top) {
        problems.push(format!("modules form a cycle: {}", cycle.join(", ")));
    }
    for (folder, edges) in &inner {
        for cycle in cycles(edges) {
            problems.push(format!(
                "submodules of `{folder}` form a cycle: {}",
                cycle.join(", ")
            ));
        }
    }
    problems.sort();
    problems.dedup();
    problems
}

fn architecture_layers() -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    layers(&text)
}

#[test]
fn modules_use_only_their_layer_and_those_below() {
    let problems = violations(&root().join("src"), &architecture_layers());
    assert!(
        problems.is_empty(),
        "the code breaks the layers of ARCHITECTURE.md:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn every_module_of_the_layers_exists() {
    let src = root().join("src");
    for name in architecture_layers().iter().flatten() {
        assert!(
            src.join(name).is_dir() || src.join(format!("{name}.rs")).is_file(),
            "ARCHITECTURE.md names `{name}`, which is not a module of src/"
        );
    }
}

#[test]
fn a_back_edge_and_a_cycle_are_caught() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("spec.rs", "use crate::rules::Rule; // a back edge\n"),
        (
            "rules/mod.rs",
            "pub mod a;\npub mod b;\n/// crate::compile in a comment is not a use\n",
        ),
        ("rules/a.rs", "use crate::{spec, rules::b::B};\n"),
        (
            "rules/b.rs",
            "fn f() { crate::rules::a::f(); let s = \"crate::compile\"; }\n",
        ),
        ("compile.rs", "use crate::rules;\n"),
    ];
    for (rel, text) in files {
        crate::support::write(dir.path(), rel, text);
    }
    let layers = vec![
        vec!["spec".to_owned()],
        vec!["rules".to_owned()],
        vec!["compile".to_owned()],
    ];
    assert_eq!(
        violations(dir.path(), &layers),
        [
            "`spec` uses `rules`, a layer above it",
            "modules form a cycle: rules, spec",
            "submodules of `rules` form a cycle: a, b",
        ]
    );
}
