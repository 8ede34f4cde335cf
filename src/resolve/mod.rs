//! Resolution: raw YAML trees → the typed [`Model`], with the structural diagnostics.
//!
//! Every problem is reported and resolution goes on: a bad field is left out, a bad
//! reference is dropped, a duplicate element is checked and then set aside, so one run
//! shows every problem in every file.

mod cycles;
mod element;
mod fields;
mod measured;
mod project;
mod recover;
mod stages;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::FxHashMap;

use crate::diag::{Diagnostic, suggestion};
use crate::load::Loaded;
use crate::model::{Element, ElementIdx, Model, Plateau, PlateauIdx};
use crate::parallel;
use crate::raw::{Key, Node, Value};
use crate::source::{FileId, Sources, Span};
use crate::spec::RuleId;
use crate::spec::{Kind, MAX_ID_LEN, PROJECT_KEYS, has_id_alphabet, is_valid_id};

/// How many elements one thread reads at a time: enough to make handing out work cheap,
/// few enough to keep the cores evenly busy.
const ELEMENTS_PER_TASK: usize = 256;

/// The elements read from each model file, kept from one resolve of a project to the
/// next: a file whose tree is the same, resolved against the same ids, plateaus and
/// unread files, resolves to the same elements and findings, which are reused instead
/// of read again. What makes the language server's checks incremental, with the
/// [`crate::load::ParseCache`] that keeps the trees.
#[derive(Debug, Default)]
pub struct ResolveCache {
    /// A hash of everything outside a file that its elements' resolution reads: every
    /// element's id, kind and whether it is a duplicate, the plateaus, and the ids that
    /// unread files most likely declare. 64 bits of SipHash: two contexts that differ
    /// share one with a chance of 1 in 2^64.
    context: Option<u64>,
    /// By file.
    files: FxHashMap<FileId, Resolved>,
}

/// The elements of one file as resolved, and the tree they were read from.
#[derive(Debug)]
struct Resolved {
    node: Arc<Node>,
    elements: Vec<(Arc<Element>, Vec<Diagnostic>)>,
}

/// Resolves a loaded project into a model, reporting structural problems.
pub fn resolve(loaded: &Loaded) -> (Model, Vec<Diagnostic>) {
    resolve_trees(loaded, loaded.files.clone(), None)
}

/// Resolves a loaded project, reusing from `cache` the elements of the files that
/// did not change (the cache then holds this resolve's elements).
pub fn resolve_cached(loaded: &Loaded, cache: &mut ResolveCache) -> (Model, Vec<Diagnostic>) {
    resolve_trees(loaded, loaded.files.clone(), Some(cache))
}

/// [`resolve`], taking the raw trees out of `loaded`: each file's tree is freed as
/// soon as its elements are read, unless something else still holds it, so the trees
/// and the model are not all in memory at once.
pub fn resolve_freeing(loaded: &mut Loaded) -> (Model, Vec<Diagnostic>) {
    let trees = std::mem::take(&mut loaded.files);
    resolve_trees(loaded, trees, None)
}

/// Resolves the project `loaded` with the trees of its model files, `trees` (which
/// `loaded.files` may or may not still hold).
fn resolve_trees(
    loaded: &Loaded,
    trees: Vec<(FileId, Arc<Node>)>,
    cache: Option<&mut ResolveCache>,
) -> (Model, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let settings = project::settings(loaded, &mut diags);

    let nodes = element_nodes(loaded, &trees, &mut diags);
    let elements = register(&loaded.sources, nodes, &mut diags);
    // Handles count only the elements that enter the model: duplicates stay out.
    let index: FxHashMap<&str, (ElementIdx, Kind)> = elements
        .iter()
        .filter(|e| !e.duplicate)
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), (ElementIdx(i), e.kind)))
        .collect();
    // Did-you-mean suggests only ids that are valid: never an invalid id such as a
    // name written as an id.
    let mut ids_by_kind: FxHashMap<Kind, Vec<&str>> = FxHashMap::default();
    for e in elements
        .iter()
        .filter(|e| !e.duplicate && is_valid_id(&e.id))
    {
        ids_by_kind.entry(e.kind).or_default().push(e.id.as_str());
    }
    // References to what the model most likely declares but could not read are left
    // unresolved without a word: the file that failed, and each invalid id (under the
    // id its finding suggests), were reported once already.
    let mut unread = recover::unread(loaded, &trees);
    unread.ids.extend(
        elements
            .iter()
            .filter(|e| !is_valid_id(&e.id))
            .filter_map(|e| fixed_id(&e.id)),
    );
    let ctx = fields::Context {
        sources: &loaded.sources,
        plateaus: settings.plateaus.as_deref(),
        index: &index,
        ids_by_kind: &ids_by_kind,
        unread: &unread,
    };
    // Only a cache needs to know the context its elements were read in.
    let cache = cache.map(|c| {
        (
            c,
            context_of(&elements, settings.plateaus.as_deref(), &unread),
        )
    });
    let mut model_elements = read_elements(&ctx, &elements, loaded, trees, cache, &mut diags);
    measured::attach(&ctx, &loaded.measurements, &mut model_elements, &mut diags);

    let plateaus: Vec<Plateau> = settings.plateaus.unwrap_or_default();
    let model = Model::new(
        settings.name,
        settings.description,
        plateaus,
        settings.rule_levels,
        model_elements,
    );
    cycles::check(&model, &mut diags);
    (model, diags)
}

/// The element nodes of `tom.yaml` and of every model file, within the limit on
/// elements; a model file that is not a mapping of kinds is an error.
fn element_nodes<'t>(
    loaded: &'t Loaded,
    trees: &'t [(FileId, Arc<Node>)],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Found<'t>> {
    let mut nodes = Vec::new();
    if let Some(project) = &loaded.project
        && let Some(entries) = project.as_map()
    {
        collect_kinds(entries, true, &mut nodes, diags);
    }
    for (file, node) in trees {
        match &node.value {
            Value::Map(entries) => collect_kinds(entries, false, &mut nodes, diags),
            Value::Null => diags.push(
                Diagnostic::error(RuleId::Schema, node.span, format!("`{}` is empty", loaded.sources.get(*file).name))
                    .help("a model file maps element kinds to lists of elements, e.g. `capabilities:`; add some or delete the file"),
            ),
            other => diags.push(
                Diagnostic::error(
                    RuleId::Schema,
                    node.span,
                    format!("a model file must be a mapping of element kinds, found {}", other.type_name()),
                )
                .help("start the file with an element kind, e.g. `capabilities:`, followed by a list of elements"),
            ),
        }
    }

    if nodes.len() > loaded.limits.max_elements {
        let first_over = &nodes[loaded.limits.max_elements];
        diags.push(
            Diagnostic::error(
                RuleId::Schema,
                first_over.node.span,
                format!(
                    "the model has {} elements; tomc reads at most {}",
                    nodes.len(),
                    loaded.limits.max_elements
                ),
            )
            .label("the first element over the limit")
            .help("split the model into several projects, or check that `include` matches only model files"),
        );
        nodes.truncate(loaded.limits.max_elements);
    }
    nodes
}

/// A hash of what the resolution of one file's elements reads outside the file.
fn context_of(elements: &[Pending], plateaus: Option<&[Plateau]>, unread: &recover::Unread) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    for e in elements {
        (e.id.as_str(), e.kind, e.duplicate).hash(&mut hasher);
    }
    let mut rest = String::new();
    for p in plateaus.unwrap_or_default() {
        let _ = writeln!(rest, "plateau {} {} {:?}", p.id, p.name, p.date);
    }
    let _ = writeln!(rest, "plateaus read: {}", plateaus.is_some());
    let mut ids: Vec<&String> = unread.ids.iter().collect();
    ids.sort();
    let _ = writeln!(rest, "unread {ids:?} {}", unread.blind);
    rest.hash(&mut hasher);
    hasher.finish()
}

/// Reads every element's fields, taking those of a file whose tree is the one `cache`
/// resolved from there in the same context (the hash beside it, [`context_of`]); the
/// elements of the model, without the duplicates. Each file's tree in `trees` is let
/// go of as soon as its elements are read, which frees it unless `loaded.files` or a
/// cache still holds it.
fn read_elements(
    ctx: &fields::Context<'_>,
    elements: &[Pending],
    loaded: &Loaded,
    trees: Vec<(FileId, Arc<Node>)>,
    mut cache: Option<(&mut ResolveCache, u64)>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Arc<Element>> {
    // Each file's elements, by their place in `elements` (which is sorted by id).
    let mut by_file: BTreeMap<FileId, Vec<usize>> = BTreeMap::new();
    for (i, e) in elements.iter().enumerate() {
        by_file.entry(e.id_span.file).or_default().push(i);
    }
    let mut before = match &mut cache {
        Some((cache, context)) if cache.context == Some(*context) => {
            std::mem::take(&mut cache.files)
        }
        _ => FxHashMap::default(),
    };
    let mut trees: FxHashMap<FileId, Arc<Node>> = trees.into_iter().collect();
    let mut kept: FxHashMap<FileId, Resolved> = FxHashMap::default();
    // The trees of the files read now, for the cache.
    let mut read: Vec<(FileId, Arc<Node>)> = Vec::new();
    let mut tasks = Vec::new();
    for (file, places) in &by_file {
        // `None` for `tom.yaml`, whose tree `loaded` keeps.
        let tree = trees.remove(file);
        if let Some(tree) = &tree {
            if let Some(r) = before
                .remove(file)
                .filter(|r| Arc::ptr_eq(&r.node, tree) && r.elements.len() == places.len())
            {
                kept.insert(*file, r);
                continue;
            }
            if cache.is_some() {
                read.push((*file, Arc::clone(tree)));
            }
        }
        for places in places.chunks(ELEMENTS_PER_TASK) {
            tasks.push(Task {
                file: *file,
                tree: Mutex::new(tree.clone()),
                places,
            });
        }
    }
    // The trees of files without elements, and the last references outside the tasks.
    drop(trees);
    let resolved = parallel::map(&tasks, 1, |task| {
        // The last task of a file to end frees its tree.
        let tree = task
            .tree
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let project = loaded.project.as_ref().filter(|p| p.span.file == task.file);
        let Some(root) = tree.as_deref().or(project) else {
            return Vec::new();
        };
        task.places
            .iter()
            .filter_map(|&i| {
                let pending = &elements[i];
                let node = element_node(root, pending.entry, pending.item)?;
                let mut found = Vec::new();
                let element = element::element(ctx, pending, node, &mut found);
                Some((i, Arc::new(element), found))
            })
            .collect::<Vec<_>>()
    });
    let mut all: Vec<Option<(Arc<Element>, Vec<Diagnostic>)>> = vec![None; elements.len()];
    for (i, element, found) in resolved.into_iter().flatten() {
        all[i] = Some((element, found));
    }
    // The elements of unchanged files are shared with the cache, not copied.
    for (file, r) in &kept {
        for (&i, read) in by_file[file].iter().zip(&r.elements) {
            all[i] = Some(read.clone());
        }
    }
    if let Some((cache, context)) = cache {
        for (file, node) in read {
            let elements = by_file[&file]
                .iter()
                .filter_map(|&i| all[i].clone())
                .collect();
            kept.insert(file, Resolved { node, elements });
        }
        cache.context = Some(context);
        cache.files = kept;
    }
    // Duplicates were registered only to check their fields; they stay out of the model.
    let mut model_elements: Vec<Arc<Element>> = Vec::with_capacity(ctx.index.len());
    for (read, pending) in all.into_iter().zip(elements) {
        let Some((element, found)) = read else {
            continue;
        };
        diags.extend(found);
        if !pending.duplicate {
            model_elements.push(element);
        }
    }
    model_elements
}

/// Elements of one file to read on one thread, with the file's tree until they are.
struct Task<'a> {
    file: FileId,
    tree: Mutex<Option<Arc<Node>>>,
    places: &'a [usize],
}

/// An element found in a file, before its fields are read. It holds no reference into
/// the file's tree, which may be freed before the element is read, but the element's
/// place in it ([`element_node`]).
pub(crate) struct Pending {
    pub id: String,
    pub id_span: Span,
    pub kind: Kind,
    /// The element's place: the `entry`th key of its file, the `item`th element under it.
    entry: usize,
    item: usize,
    /// A second element with an id already taken: checked, then left out.
    pub duplicate: bool,
}

/// The node of the element at `entry` and `item` (see [`Pending`]) in the tree of its
/// file.
fn element_node(tree: &Node, entry: usize, item: usize) -> Option<&Node> {
    match &tree.as_map()?.get(entry)?.1.value {
        Value::Seq(items) => items.get(item),
        _ => None,
    }
}

/// Element nodes found under the kind keys of one file.
struct Found<'a> {
    kind: Kind,
    node: &'a Node,
    entry: usize,
    item: usize,
}

fn collect_kinds<'a>(
    entries: &'a [(Key, Node)],
    is_project: bool,
    out: &mut Vec<Found<'a>>,
    diags: &mut Vec<Diagnostic>,
) {
    for (entry, (key, value)) in entries.iter().enumerate() {
        let Some(kind) = Kind::from_key(&key.name) else {
            if is_project && PROJECT_KEYS.contains(&&*key.name) {
                continue;
            }
            let mut d = Diagnostic::error(
                RuleId::Schema,
                key.span,
                format!("unknown element kind `{}`", key.name),
            )
            .label("not an element kind");
            if !is_project && PROJECT_KEYS.contains(&&*key.name) {
                d = d.help(format!(
                    "`{}` is a project setting: move it to tom.yaml",
                    key.name
                ));
            } else {
                let candidates = Kind::ALL.iter().map(|k| k.key());
                let candidates: Vec<&str> = if is_project {
                    candidates.chain(PROJECT_KEYS.iter().copied()).collect()
                } else {
                    candidates.collect()
                };
                d = d.help(suggestion(&key.name, candidates).unwrap_or_else(|| {
                    let kinds: Vec<_> = Kind::ALL.iter().map(|k| k.key()).collect();
                    format!("element kinds are: {}", kinds.join(", "))
                }));
            }
            diags.push(d);
            continue;
        };
        match &value.value {
            Value::Null => {}
            Value::Seq(items) => {
                for (place, item) in items.iter().enumerate() {
                    if item.as_map().is_some() {
                        out.push(Found {
                            kind,
                            node: item,
                            entry,
                            item: place,
                        });
                    } else {
                        diags.push(
                            Diagnostic::error(
                                RuleId::Schema,
                                item.span,
                                format!(
                                    "each {} must be a mapping with an `id` and a `name`, found {}",
                                    kind.singular(),
                                    item.value.type_name()
                                ),
                            )
                            .help(format!(
                                "write `- id: my-{0}\\n  name: My {0}`",
                                kind.singular().replace(' ', "-")
                            )),
                        );
                    }
                }
            }
            other => diags.push(
                Diagnostic::error(
                    RuleId::Schema,
                    value.span,
                    format!(
                        "`{}` must be a list of elements, found {}",
                        kind.key(),
                        other.type_name()
                    ),
                )
                .help("start each element with `- ` on its own line: `- id: ...`"),
            ),
        }
    }
}

/// Reads every element's id, reports invalid and duplicate ids, and sorts by id.
fn register(sources: &Sources, found: Vec<Found<'_>>, diags: &mut Vec<Diagnostic>) -> Vec<Pending> {
    let mut pending = Vec::with_capacity(found.len());
    for Found {
        kind,
        node,
        entry,
        item,
    } in found
    {
        let entries = node.as_map().unwrap_or_default();
        let Some((_, id_node)) = entries.iter().find(|(k, _)| k.name == "id") else {
            diags.push(
                Diagnostic::error(
                    RuleId::Schema,
                    node.span,
                    format!("this {} has no `id`", kind.singular()),
                )
                .label("missing `id`")
                .help(format!(
                    "add `id: ...`, unique across the model and matching `{}`",
                    crate::spec::ID_PATTERN
                )),
            );
            continue;
        };
        let Some(id) = fields::scalar_text(sources, id_node) else {
            diags.push(
                Diagnostic::error(
                    RuleId::Schema,
                    id_node.span,
                    format!("`id` must be a string, found {}", id_node.value.type_name()),
                )
                .help("write the id as a plain word, e.g. `id: digital-onboarding`"),
            );
            continue;
        };
        if !is_valid_id(&id) {
            diags.push(invalid_id(&id, id_node.span).element(id.clone()));
        }
        pending.push(Pending {
            id,
            id_span: id_node.span,
            kind,
            entry,
            item,
            duplicate: false,
        });
    }
    // Sorted by id, and among equal ids in the order written: the first of a run of
    // equal ids is the original, the others are duplicates.
    pending.sort_by(|a, b| a.id.cmp(&b.id));
    let mut original: Option<(&str, Span)> = None;
    for p in &mut pending {
        match original {
            Some((id, span)) if id == p.id => {
                p.duplicate = true;
                diags.push(
                    Diagnostic::error(
                        RuleId::DuplicateId,
                        p.id_span,
                        format!("id `{id}` is used twice"),
                    )
                    .label("second use")
                    .related(span, "first used here")
                    .element(id)
                    .help("ids are unique across the whole model: rename one of the two elements"),
                );
            }
            _ => original = Some((&p.id, p.id_span)),
        }
    }
    pending
}

/// The id tomc suggests for an invalid `id`: lowercased, other characters replaced with
/// `-`, leading punctuation dropped. `None` when that gives no valid id.
pub(crate) fn fixed_id(id: &str) -> Option<String> {
    let fixed: String = id
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let fixed = fixed.trim_start_matches(['.', '_', '-']);
    is_valid_id(fixed).then(|| fixed.to_owned())
}

/// The `invalid-id` diagnostic for `id` written at `span`.
pub(crate) fn invalid_id(id: &str, span: Span) -> Diagnostic {
    let length = id.chars().count();
    if length > MAX_ID_LEN && has_id_alphabet(id) {
        let start: String = id.chars().take(40).collect();
        return Diagnostic::error(
            RuleId::InvalidId,
            span,
            format!("the id `{start}…` is {length} characters long; ids are at most {MAX_ID_LEN}"),
        )
        .label("id too long")
        .help("shorten the id: ids name files of the site and of exports; keep the long wording in `name`");
    }
    let rules = format!(
        "ids use lowercase letters, digits, `.`, `_` and `-`, start with a letter or digit, and are at most {MAX_ID_LEN} characters long"
    );
    let help = match fixed_id(id) {
        Some(fixed) => format!("{rules}: try `{fixed}`"),
        None => rules,
    };
    let shown: String = if length > MAX_ID_LEN {
        id.chars().take(40).chain(std::iter::once('…')).collect()
    } else {
        id.to_owned()
    };
    Diagnostic::error(
        RuleId::InvalidId,
        span,
        format!("`{shown}` is not a valid id"),
    )
    .label("invalid id")
    .help(help)
}

/// The plateau with id `id`, if plateaus are known.
pub(crate) fn find_plateau(plateaus: &[Plateau], id: &str) -> Option<PlateauIdx> {
    plateaus.iter().position(|p| p.id == id).map(PlateauIdx)
}

#[cfg(test)]
mod tests {
    use std::sync::Weak;

    use super::*;
    use crate::load::load_memory;

    /// A project of two model files, with an element in `tom.yaml` too.
    fn loaded() -> Loaded {
        let tom = b"tom: 1\nname: T\nplateaus: [{ id: now, name: Now }]\n\
            objectives:\n  - { id: grow, name: Grow }\n";
        let files = [
            (
                "model/a.yaml",
                "capabilities:\n  - { id: a, name: A, realizes: [grow] }\n",
            ),
            (
                "model/b.yaml",
                "capabilities:\n  - { id: b, name: B }\n  - { id: c }\n",
            ),
        ];
        let files: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|(name, text)| ((*name).to_owned(), text.as_bytes().to_vec()))
            .collect();
        load_memory(tom, &files)
    }

    fn trees(loaded: &Loaded) -> Vec<Weak<Node>> {
        loaded
            .files
            .iter()
            .map(|(_, t)| Arc::downgrade(t))
            .collect()
    }

    #[test]
    fn resolving_lets_go_of_every_tree_it_does_not_cache() {
        let mut loaded = loaded();
        let weak = trees(&loaded);
        assert_eq!(weak.len(), 2);

        let (model, diags) = resolve(&loaded);
        assert!(
            weak.iter().all(|w| w.strong_count() == 1),
            "only `loaded` holds them"
        );

        let mut cache = ResolveCache::default();
        let (cached, _) = resolve_cached(&loaded, &mut cache);
        assert!(
            weak.iter().all(|w| w.strong_count() == 2),
            "the cache holds them"
        );
        drop(cache);

        let (freed, freed_diags) = resolve_freeing(&mut loaded);
        assert!(loaded.files.is_empty());
        assert!(
            weak.iter().all(|w| w.upgrade().is_none()),
            "every tree is freed"
        );

        // The same model and findings every way.
        let ids = |m: &Model| format!("{:?}", m.elements);
        assert_eq!(ids(&model), ids(&freed));
        assert_eq!(ids(&model), ids(&cached));
        assert_eq!(model.elements.len(), 4);
        assert_eq!(format!("{diags:?}"), format!("{freed_diags:?}"));
        assert!(
            diags.iter().any(|d| d.message.contains("no `name`")),
            "{diags:?}"
        );
    }
}
