//! How much tomc reads: limits that turn hostile or runaway input into a clear error
//! instead of exhausted memory or a hang. The defaults are far above any real operating
//! model (the largest generated test models hold 100,000 elements in a few dozen MB).

/// The limits applied while loading and resolving a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file, in bytes.
    pub max_file_bytes: u64,
    /// Largest spec (all files together), in bytes.
    pub max_total_bytes: u64,
    /// Most files one list of globs, `include` or `measurements`, may match.
    pub max_files: usize,
    /// Deepest YAML nesting.
    pub max_depth: usize,
    /// Most YAML nodes in one file (after aliases are expanded).
    pub max_nodes: usize,
    /// Most elements in the model.
    pub max_elements: usize,
}

impl Limits {
    /// The limits of the command line.
    pub const DEFAULT: Limits = Limits {
        max_file_bytes: 256 * 1024 * 1024,
        max_total_bytes: 1024 * 1024 * 1024,
        max_files: 10_000,
        max_depth: 64,
        max_nodes: 100_000_000,
        max_elements: 2_000_000,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A byte count for messages: `256 MiB`, `1 GiB`, `12 KiB`, `900 bytes`.
pub fn bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    match n {
        n if n >= KIB * KIB * KIB && n % (KIB * KIB * KIB) == 0 => {
            format!("{} GiB", n / (KIB * KIB * KIB))
        }
        n if n >= KIB * KIB => format!("{} MiB", n / (KIB * KIB)),
        n if n >= KIB => format!("{} KiB", n / KIB),
        n => format!("{n} bytes"),
    }
}
