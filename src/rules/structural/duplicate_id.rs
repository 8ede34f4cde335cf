//! `duplicate-id`: two elements, two plateaus or two stages of one journey share an id.

crate::declare_rule! {
    /// Two elements share an id, or two plateaus do, or two stages of one journey.
    ///
    /// ## What it checks
    ///
    /// An element's id must be unique across the whole model: across all files and all
    /// kinds, so a capability and a process cannot both be `onboarding`. Plateau ids
    /// must be unique in `tom.yaml`, and stage ids unique within their journey (two
    /// journeys may each have a stage `apply`). The finding points at the second use
    /// and marks the first. Files are read `tom.yaml` first, then the included files in
    /// path order, and each from top to bottom; "second" follows that order. The second
    /// element's fields are still checked, but it is left out of the model: references
    /// to the id lead to the first.
    ///
    /// ## Why it matters
    ///
    /// A reference names an element by its id alone. With two elements behind one id,
    /// nobody can tell which one a process, a touchpoint or an initiative means, and
    /// everything written on the second would be missing from every view of the model.
    /// Duplicates often come from two teams modelling the same thing in separate files,
    /// which is worth finding out: it is either one element described twice, or two
    /// that need names of their own.
    ///
    /// Like every structural rule, it is always an error: `rules:` in `tom.yaml` cannot
    /// set it lower, and a waiver cannot silence it.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// capabilities:
    ///   - id: onboarding
    ///     name: Customer onboarding
    /// processes:
    ///   - id: onboarding                    # already the id of a capability
    ///     name: Open an account
    /// ```
    ///
    /// ## Fix
    ///
    /// If both describe the same thing, merge them into one element. Otherwise give one
    /// of them a more specific id (here `open-account` for the process) and update the
    /// references that meant it.
    pub const RULE = DuplicateId;
}
