//! `include-outside-project`: an include glob or a file it matches lies outside the
//! project directory.

crate::declare_rule! {
    /// An `include` glob or a file it matches lies outside the project directory.
    ///
    /// ## What it checks
    ///
    /// The project is the directory holding `tom.yaml`. Globs in `include` are relative
    /// to it and may not leave it: a glob that is an absolute path or contains `..` is
    /// refused, and nothing is read through it. Each matched file is also checked after
    /// following symbolic links (entries that stand for a file or folder stored
    /// elsewhere): a file that really lies outside the project is refused and not read.
    /// A folder reached through a link is judged before it is searched: one that lies
    /// outside the project is refused and never entered. The finding points at the
    /// glob, and for a link names the file or folder it reached. The
    /// default glob `model/**/*.{yaml,yml}` is held to the same rule, and so are the
    /// globs of `measurements`, which name the files of measured KPI values.
    ///
    /// ## Why it matters
    ///
    /// The project directory is the complete, reviewable record of the operating model:
    /// what it holds is what the model says, for everyone who reads it and on every
    /// machine that checks it. A file pulled in from elsewhere changes the model without
    /// showing in the project, may exist only on one person's machine, and may differ
    /// from one machine to the next, so two people checking the same project could get
    /// different answers. It also means a spec can never make tomc read files outside
    /// the project.
    ///
    /// Like every structural rule, it is always an error: `rules:` in `tom.yaml` cannot
    /// set it lower, and a waiver cannot silence it.
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
    ///   - "../shared/capability-map.yaml"   # leaves the project directory
    /// ```
    ///
    /// ## Fix
    ///
    /// Copy the files into the project directory, for example under `model/shared/`,
    /// where a glob inside the project matches them. Replace a link with a copy of the
    /// file it leads to, or narrow the glob so that it does not match the link.
    pub const RULE = IncludeOutsideProject;
}
