//! `wrong-reference-kind`: a reference names an element of a kind the field does not
//! accept.

crate::declare_rule! {
    /// A reference names an element of a kind the field does not accept.
    ///
    /// ## What it checks
    ///
    /// Each reference field accepts certain kinds of element: `realizes` names
    /// objectives, a process's `roles` names roles, `owner` names an org unit or a role,
    /// a stage's `touchpoints` names touchpoints. When the id exists but belongs to
    /// another kind, this is reported instead of `unknown-reference`. A reference
    /// written per plateau is checked in every plateau it names. When an element of the
    /// right kind has a close id, the finding suggests it. An initiative's `delivers`
    /// accepts every kind, so it never triggers this rule.
    ///
    /// ## Why it matters
    ///
    /// Each reference field is a precise statement about the operating model: a
    /// capability realizes an objective, a process is performed by roles and runs on
    /// systems. A link to the wrong kind of element skips a step in the chain from
    /// drivers to objectives, capabilities and processes, so questions such as "which
    /// objectives does no capability realize?" get wrong answers. It is usually a mix-up
    /// of two similar ids, or a link drawn to the wrong level. tomc leaves such a
    /// reference out of the model.
    ///
    /// Like every structural rule, it is always an error: `rules:` in `tom.yaml` cannot
    /// set it lower, and a waiver cannot silence it.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// drivers:
    ///   - id: digital-first
    ///     name: Customers expect to bank on their phone
    ///     objectives: [grow-mobile-sales]
    /// objectives:
    ///   - id: grow-mobile-sales
    ///     name: Grow mobile sales
    /// capabilities:
    ///   - id: mobile-banking
    ///     name: Mobile banking
    ///     realizes: [digital-first]         # a driver: `realizes` names objectives
    /// ```
    ///
    /// ## Fix
    ///
    /// Name an element of the kind the field expects; the finding's help often names
    /// it. If the link was meant for another level, draw it through the level in
    /// between: here the capability realizes `grow-mobile-sales`, and that objective is
    /// already linked to the driver.
    pub const RULE = WrongReferenceKind;
}
