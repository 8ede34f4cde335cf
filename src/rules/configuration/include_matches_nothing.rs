//! `include-matches-nothing`: a glob written in `include` matches no file.

crate::declare_rule! {
    /// A glob written in `include` matches no file.
    ///
    /// ## What it checks
    ///
    /// Each glob listed in `include` of `tom.yaml` must match at least one file. Globs
    /// are relative to `tom.yaml`: `*` stands for any part of a name within one folder,
    /// `**` for any number of folders, and letter case counts. Only globs you write are
    /// checked: without `include`, tomc reads `model/**/*.{yaml,yml}`, which may match
    /// nothing when the whole model is written in `tom.yaml`. When the model ends up
    /// with no element at all, one `schema` error at `include` says so instead. The
    /// globs of `measurements`, which name the files of measured KPI values, are
    /// checked the same way; its default, `measurements/**/*.csv`, never is.
    ///
    /// ## Why it matters
    ///
    /// A glob that matches nothing usually means a folder was renamed or moved, or the
    /// pattern has a typo (`models/` for `model/`, `.yml` for `.yaml`). The elements in
    /// those files then quietly drop out of the model, and every check and report runs
    /// on a smaller operating model than the one you maintain. Some of the loss shows as
    /// `unknown-reference` errors, but files that nothing else refers to, such as a list
    /// of locations, would simply disappear. It is a warning rather than an error
    /// because a glob for a folder that has no files yet can be deliberate.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// # tom.yaml
    /// tom: 1
    /// name: Northwind Bank
    /// plateaus:
    ///   - { id: current, name: Current state 2026 }
    ///   - { id: target, name: Target state 2028 }
    /// include:
    ///   - "model/**/*.yaml"
    ///   - "suppliers/*.yml"                 # the files are named *.yaml: no match
    /// ```
    ///
    /// ## Fix
    ///
    /// Compare the pattern with the project's folders and file names and correct it, or
    /// remove a glob that is no longer needed. To keep a placeholder glob without the
    /// warning, set `include-matches-nothing: off` under `rules:` in `tom.yaml`; set it
    /// to `error` to make a missing folder fail the check.
    pub const RULE = IncludeMatchesNothing;
}
