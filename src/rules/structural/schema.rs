//! `schema`: a field or setting does not follow the TOM spec format.

crate::declare_rule! {
    /// A field is unknown, has the wrong type or value, or a required field is missing.
    ///
    /// ## What it checks
    ///
    /// Every file must follow the TOM spec format, version 1. In `tom.yaml`: `tom: 1`
    /// (the format version, and no other), a `name`, and a non-empty list of `plateaus`,
    /// each with an `id` and a `name`; `include`, if written, is a list of valid globs;
    /// `rules:`, if written, maps existing rule ids to `error`, `warning`, `info` or
    /// `off`, and sets no structural rule below `error`.
    ///
    /// In model files, every top-level key is an element kind (`capabilities`,
    /// `processes`, …) holding a list of elements, and no file is empty. The project
    /// defines at least one element: an `include` that finds no model file, or files
    /// that define none, is an error at `include` (or at the top of `tom.yaml` when it
    /// has no `include`), since a model of nothing would check clean. Every element
    /// has a `name` (journeys also a `persona`, initiatives a `lands_in`) and only the
    /// fields of its kind, each with a value of the right type: text, a whole number in
    /// range (`maturity` from 0 to 5), a number without units, `true` or `false` (`yes`
    /// and `no` are text), a list of ids, or one of the words a field allows (`channel`,
    /// `lifecycle`, …). A value is written per plateau only in fields that may change
    /// between plateaus. Journey stages, `waivers` (each with a `rule` and a `reason`)
    /// and `properties` (text values) must have their expected shape. When an unknown
    /// field, kind or word is close to a known one, the finding suggests it.
    ///
    /// ## Why it matters
    ///
    /// The format is the shared language of the model: every view, coverage check and
    /// gap analysis is computed from these fields. A misspelled field is not a harmless
    /// extra: if tomc ignored `realises`, the capability would silently realize nothing
    /// and its objective would look uncovered. A value of the wrong type or outside its
    /// list cannot be compared between plateaus or rolled up. tomc leaves the faulty
    /// value out and carries on, so one run lists every problem, but the model is
    /// incomplete until each is fixed.
    ///
    /// Like every structural rule, it is always an error: `rules:` in `tom.yaml` cannot
    /// set it lower, and a waiver cannot silence it.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// capabilities:
    ///   - id: mobile-banking
    ///     name: Mobile banking
    ///     realises: [grow-mobile-sales]     # unknown field: did you mean `realizes`?
    ///     maturity: high                    # must be a whole number from 0 to 5
    /// ```
    ///
    /// ## Fix
    ///
    /// Follow the finding's help: it names the field or word you probably meant, the
    /// values the field accepts, or the field to add. `tomc schema` writes the format as
    /// a JSON Schema, which many editors use to complete and check fields as you type.
    pub const RULE = Schema;
}
