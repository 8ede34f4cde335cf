//! `unknown-plateau`: a plateau id names no plateau, or an element ends before it begins.

crate::declare_rule! {
    /// A plateau id names no plateau of the project, or `from` comes after `until`.
    ///
    /// ## What it checks
    ///
    /// Plateaus are declared, in order, in `plateaus:` of `tom.yaml`. Wherever the model
    /// names a plateau, the id must be one of them, matched exactly: an element's `from`
    /// and `until`, an initiative's `lands_in`, and each key of a value written per
    /// plateau (`maturity: { current: 1, target: 4 }`). The finding suggests a close
    /// plateau id, or lists the declared ones. The rule also fires when an element's
    /// `from` comes after its `until` in the order of `plateaus`; the finding then
    /// points at `until`. While `plateaus` itself cannot be read (a `schema` error),
    /// these checks wait.
    ///
    /// ## Why it matters
    ///
    /// Plateaus are the time axis of the operating model: the current state, each
    /// transition state and the target. A plateau id that names none places a value, an
    /// element's life or an initiative's landing at no point in time. tomc drops it, so
    /// the plateau that was meant takes the value of the one before it: a rise in
    /// maturity vanishes from the heat map and the gap analysis, or an element lives
    /// longer than planned. An element that ends before it begins exists in no plateau.
    ///
    /// Like every structural rule, it is always an error: `rules:` in `tom.yaml` cannot
    /// set it lower, and a waiver cannot silence it.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// # tom.yaml declares the plateaus current, wave-1 and target
    /// capabilities:
    ///   - id: digital-onboarding
    ///     name: Digital onboarding
    ///     maturity: { current: 1, wave1: 3, target: 4 }   # no plateau `wave1`
    /// ```
    ///
    /// ## Fix
    ///
    /// Correct the id to one declared in `tom.yaml` (the help usually names it), or
    /// declare the missing plateau in `plateaus:` at its place in the order. When `from`
    /// comes after `until`, correct whichever of the two is wrong.
    pub const RULE = UnknownPlateau;
}
