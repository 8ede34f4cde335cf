//! `unknown-reference`: a reference names no element.

crate::declare_rule! {
    /// A reference names no element of the model.
    ///
    /// ## What it checks
    ///
    /// Every reference (`realizes`, `capabilities`, `owner`, a stage's `touchpoints`, …)
    /// must name the id of an element defined somewhere in the project: in `tom.yaml` or
    /// in any included file. Ids are matched exactly, case included. When an id is close
    /// to one that exists, the finding suggests it (only ever a valid id).
    ///
    /// One slip gives one error: a reference is not reported when the element it names
    /// is most likely declared where tomc could not read it. That is a file that does
    /// not parse or decode (already reported as `yaml-syntax`; its `id:` values are
    /// recovered from its text), or an element whose invalid id `invalid-id` suggests
    /// replacing with the id the reference uses. When nothing can be recovered from an
    /// unread file (it is over the size limit, or holds no `id:`), no unknown reference
    /// is reported until it reads.
    ///
    /// ## Why it matters
    ///
    /// A reference is a claim about the operating model: "this process realizes that
    /// capability". A reference to nothing is a broken link in the traceability from
    /// strategy to operations, usually a typo or an element renamed in one file and not
    /// in another. tomc leaves such a link out of the model, so every report built on
    /// it would be wrong; it is therefore always an error.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// capabilities:
    ///   - id: customer-onboarding
    ///     name: Customer onboarding
    /// processes:
    ///   - id: open-account
    ///     name: Open an account
    ///     capabilities: [customer-onbaording]   # typo: no such element
    /// ```
    ///
    /// ## Fix
    ///
    /// Correct the id (the finding's help often names the one you meant), or add the
    /// missing element. `tomc check --format json` lists every unknown reference at once
    /// when an element was renamed.
    pub const RULE = UnknownReference;
}
