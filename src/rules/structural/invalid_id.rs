//! `invalid-id`: an id uses characters that ids may not contain.

crate::declare_rule! {
    /// An id uses characters that ids may not contain.
    ///
    /// ## What it checks
    ///
    /// The ids of elements, plateaus and journey stages must match
    /// `^[a-z0-9][a-z0-9._-]*$`: lowercase letters `a` to `z`, digits, `.`, `_` and `-`,
    /// starting with a letter or a digit, and be at most 100 characters long. Capitals,
    /// spaces, accented letters and other punctuation are refused. When lowercasing the
    /// id and replacing the other characters with `-` gives a valid id, the finding
    /// suggests it. A longer id is reported with its length and its first 40 characters.
    ///
    /// ## Why it matters
    ///
    /// Ids are the keys that tie the model together: every reference, waiver, report
    /// and comparison between two versions of the model uses them. They are matched
    /// exactly, so `CRM`, `Crm` and `crm` would be three different systems, and spaces
    /// or accents invite ids that look alike but are not. One plain alphabet keeps ids
    /// unambiguous, easy to type and stable; the readable label, with capitals, spaces
    /// and accents, belongs in `name`. Ids also name the files of the site and of
    /// exports: most file systems refuse names over 255 bytes, so a longer id would pass
    /// `check` and fail `build`; 100 characters leave room for the rest of the name.
    ///
    /// Like every structural rule, it is always an error: `rules:` in `tom.yaml` cannot
    /// set it lower, and a waiver cannot silence it.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// capabilities:
    ///   - id: Customer Onboarding           # capitals and a space: not a valid id
    ///     name: Customer onboarding
    /// ```
    ///
    /// ## Fix
    ///
    /// Use the suggested id (here `customer-onboarding`) and keep the readable label in
    /// `name`. Then change the references to the element to the new id;
    /// `unknown-reference` points at any you missed.
    pub const RULE = InvalidId;
}
