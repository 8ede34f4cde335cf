//! Names of sheets and of the CSV files that hold them: valid where they are used, the
//! same for the same input, and unique.

/// The longest sheet name a workbook accepts, in UTF-16 code units.
const MAX_SHEET_NAME: usize = 31;

/// A sheet name for `raw` that a workbook accepts and no name of `taken` already has
/// (compared without regard to case, as spreadsheets do): the characters `[]:*?/\'`
/// and control characters become `_`, the name is cut to 31 characters, and a name
/// already taken gets `~2`, `~3`, … at its end, cut short to make room.
pub fn sheet_name(raw: &str, taken: &[String]) -> String {
    let clean: String = raw
        .chars()
        .map(|c| {
            if "[]:*?/\\'".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = if clean.is_empty() {
        "sheet".to_owned()
    } else {
        clean
    };
    unique(&clean, taken, MAX_SHEET_NAME, '~')
}

/// The stem of the CSV file of the sheet `name`, without `.csv`, that no stem of
/// `taken` already has (compared without regard to case, as some file systems do):
/// `→` becomes `_to_`, every character other than an ASCII letter, a digit, `-`, `_`
/// and `.` becomes `_`, a leading `.` becomes `_`, and a stem already taken gets `-2`,
/// `-3`, … at its end. `gaps current→wave-1` is `gaps_current_to_wave-1`.
pub fn file_stem(name: &str, taken: &[String]) -> String {
    let mut stem: String = name
        .replace('→', "_to_")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.starts_with('.') {
        stem.replace_range(..1, "_");
    }
    if stem.is_empty() {
        stem = "sheet".to_owned();
    }
    // Sheet names are short; 200 bytes leave room for `.csv` in any file system.
    unique(&stem, taken, 200, '-')
}

/// `base` cut to `max` UTF-16 units, or, when taken, with `{mark}2`, `{mark}3`, …
fn unique(base: &str, taken: &[String], max: usize, mark: char) -> String {
    let is_taken = |name: &str| {
        let lower = name.to_lowercase();
        taken.iter().any(|t| t.to_lowercase() == lower)
    };
    let first = cut(base, max);
    if !is_taken(&first) {
        return first;
    }
    (2..)
        .map(|n| {
            let suffix = format!("{mark}{n}");
            cut(base, max.saturating_sub(suffix.len())) + &suffix
        })
        .find(|name| !is_taken(name))
        .unwrap_or(first)
}

/// The longest start of `text` that fits in `max` UTF-16 units.
fn cut(text: &str, max: usize) -> String {
    let mut units = 0;
    text.chars()
        .take_while(|c| {
            units += c.len_utf16();
            units <= max
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        assert_eq!(
            sheet_name("gaps current→wave-1", &[]),
            "gaps current→wave-1"
        );
        assert_eq!(sheet_name("a[b]:c*d?e/f\\g'h", &[]), "a_b__c_d_e_f_g_h");
        assert_eq!(sheet_name("tab\there", &[]), "tab_here");
        let long = format!("gaps {}→{}", "a".repeat(30), "b".repeat(30));
        let first = sheet_name(&long, &[]);
        assert_eq!(first.encode_utf16().count(), 31);
        let second = sheet_name(&long, std::slice::from_ref(&first));
        assert_eq!(second.encode_utf16().count(), 31);
        assert!(second.ends_with("~2"));
        let third = sheet_name(&long, &[first.clone(), second.clone()]);
        assert!(third.ends_with("~3"));
        // Case does not make two names different.
        assert_eq!(sheet_name("Roadmap", &["roadmap".to_owned()]), "Roadmap~2");
        assert_eq!(sheet_name("", &[]), "sheet");
    }

    #[test]
    fn file_stems_are_file_safe_and_unique() {
        assert_eq!(
            file_stem("gaps current→wave-1", &[]),
            "gaps_current_to_wave-1"
        );
        assert_eq!(file_stem("systems", &[]), "systems");
        assert_eq!(file_stem(".hidden", &[]), "_hidden");
        assert_eq!(file_stem("a/b", &["a_b".to_owned()]), "a_b-2");
        assert_eq!(file_stem("é", &[]), "_");
    }
}
