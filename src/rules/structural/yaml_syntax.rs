//! `yaml-syntax`: a file is not valid YAML, or goes beyond what tomc reads.

crate::declare_rule! {
    /// A file of the project is not valid YAML, or goes beyond what tomc reads.
    ///
    /// ## What it checks
    ///
    /// Every file of the project, `tom.yaml` and each file matched by `include`, must be
    /// one well-formed YAML document. Besides ordinary syntax errors (an unclosed
    /// bracket, a misaligned line, text containing `: ` without quotes), tomc refuses:
    ///
    /// - the same key twice in one mapping, such as two `name:` lines in one element;
    /// - a tab where indentation is expected;
    /// - more than one YAML document in a file (a `---` line that starts a second one);
    /// - nesting deeper than 64 levels;
    /// - anchors and aliases (`&name`, `*name`) that expand to more than 1,000,000 values
    ///   in one file (any number of aliases may share one anchor);
    /// - a YAML tag outside the core schema (`!!binary`, `!!python/object:…`, `!custom`):
    ///   tomc reads plain values, so a tag asking for a conversion is refused at the tag
    ///   rather than dropped (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map` and
    ///   `!!seq` may stay);
    /// - a file larger than 256 MiB;
    /// - a file that is not UTF-8 text: the finding points at the first byte that is not.
    ///
    /// The finding points at the place where reading stopped. A file that is empty or
    /// holds only comments is not a syntax error (`schema` reports it).
    ///
    /// ## Why it matters
    ///
    /// A file tomc cannot read contributes nothing: all the elements in it are left out
    /// of the model. Checking goes on with the other files, so one run shows every
    /// problem, but references to the missing elements may be reported as
    /// `unknown-reference` until the file is fixed. Duplicate keys are refused because
    /// YAML would keep one of the two values without a word, and the model would say
    /// something other than what its author wrote. The limits keep a malformed or
    /// hostile file from exhausting the machine that checks it; a real operating model
    /// needs only a few levels of nesting.
    ///
    /// Like every structural rule, it is always an error: `rules:` in `tom.yaml` cannot
    /// set it lower, and a waiver cannot silence it.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// capabilities:
    ///   - id: customer-onboarding
    ///     name: Customer onboarding
    ///     name: Onboarding                  # the same key twice in one element
    /// ```
    ///
    /// ## Fix
    ///
    /// Go to the position the finding points at; its help names the usual cause. Remove
    /// or merge duplicate keys, indent with spaces, and put quotes around text that
    /// contains `: ` or starts with `[`, `{`, `*` or `@`. Move a second document, or part
    /// of a very large file, into its own file matched by `include`. Save files as UTF-8;
    /// a stray Latin-1 or Windows-1252 character is the usual cause of invalid bytes.
    pub const RULE = YamlSyntax;
}
