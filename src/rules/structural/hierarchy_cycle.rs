//! `hierarchy-cycle`: `parent` links or `depends_on` links form a loop.

crate::declare_rule! {
    /// A hierarchy loops back on itself, or initiatives depend on each other in a loop.
    ///
    /// ## What it checks
    ///
    /// Objectives, capabilities and org units form hierarchies through `parent`;
    /// initiatives form an order through `depends_on`. Following these links from any
    /// element must never lead back to it. Each loop is reported once, at the link that
    /// closes it, with the whole chain (`a → b → c → a`). An element that is its own
    /// `parent`, or depends on itself, is a loop of one.
    ///
    /// ## Why it matters
    ///
    /// A hierarchy needs a top. A capability map in which "customer management" sits
    /// under "customer onboarding", which sits under "customer management", has no first
    /// level, and whatever is rolled up through it (an objective counted as realized
    /// through its child objectives, a capability aligned through its descendants) means
    /// nothing. Initiatives that depend on each other in a loop can never start: no
    /// roadmap can put one of them first.
    ///
    /// Like every structural rule, it is always an error: `rules:` in `tom.yaml` cannot
    /// set it lower, and a waiver cannot silence it.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// capabilities:
    ///   - id: customer-management
    ///     name: Customer management
    ///     parent: customer-onboarding
    ///   - id: customer-onboarding
    ///     name: Customer onboarding
    ///     parent: customer-management       # closes the loop
    /// ```
    ///
    /// ## Fix
    ///
    /// Decide which element is the broader one and remove its `parent` (elements at the
    /// top of a hierarchy have none), or point it at its true parent. For initiatives,
    /// remove the `depends_on` link that is not a real prerequisite, or split an
    /// initiative into the part that must come first and the part that comes after.
    pub const RULE = HierarchyCycle;
}
