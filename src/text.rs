//! Text that every layer writes the same way: suggestions for misspelled words (the
//! closest id, field, level or plateau) and numbers as people write them.

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let length = word.chars().count();
    let limit = (length / 3).max(1);
    let letters = Letters::of(word);
    candidates
        .into_iter()
        // Two cheap lower bounds of the distance leave out, before it is computed, the
        // candidates that cannot be close enough: among 100,000 ids, nearly all.
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .filter(|c| letters.distance_at_least(c) <= limit)
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// How many times each letter occurs in a word, letters folded into 64 buckets.
struct Letters([i32; 64]);

impl Letters {
    fn of(word: &str) -> Self {
        let mut counts = [0; 64];
        for c in word.chars() {
            counts[c as usize % 64] += 1;
        }
        Letters(counts)
    }

    /// A lower bound of the edit distance from the word to `other`. An insertion or a
    /// deletion changes the letter counts by one, a substitution by two, a
    /// transposition not at all, so the distance is at least half the counts'
    /// difference (folding letters together can only lower it).
    fn distance_at_least(&self, other: &str) -> usize {
        let mut counts = self.0;
        for c in other.chars() {
            counts[c as usize % 64] -= 1;
        }
        let difference: u32 = counts.iter().map(|n| n.unsigned_abs()).sum();
        usize::try_from(difference.div_ceil(2)).unwrap_or(usize::MAX)
    }
}

/// `did you mean `x`?` for the closest candidate, if any.
pub fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// `n` as an integer when it is one exactly: a whole number no further from zero than
/// 2^53, beyond which not every integer is a float.
pub fn exact_integer(n: f64) -> Option<i64> {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    #[allow(
        clippy::cast_possible_truncation,
        reason = "a whole number within ±2^53 converts to i64 exactly"
    )]
    (n.fract() == 0.0 && n.abs() <= EXACT).then_some(n as i64)
}

/// An integer as a float, for arithmetic on numbers of the model; integers beyond 2^53
/// round to the nearest float, as they would in YAML or JSON tools.
pub fn float(n: i64) -> f64 {
    #[allow(
        clippy::cast_precision_loss,
        reason = "numbers of a model are floats; beyond 2^53 they round"
    )]
    let f = n as f64;
    f
}

/// A number as people write it: `180`, not `180.0`; `2.5` as it is.
pub fn number(n: f64) -> String {
    match exact_integer(n) {
        Some(i) if n.abs() < 1e15 => format!("{i}"),
        _ => format!("{n}"),
    }
}

/// An amount of money with thousands separators and cents when there are any:
/// `1,250,000`, `99.50`.
pub fn money(n: f64) -> String {
    let grouped = group_thousands(&number(n.trunc()));
    let cents = (n.fract().abs() * 100.0).round();
    if cents > 0.0 {
        format!("{grouped}.{cents:02}")
    } else {
        grouped
    }
}

/// A number as people write it, with thousands separators: `4,320`, `1,250.5`, `0.25`.
pub fn readable(n: f64) -> String {
    let text = number(n);
    // Exponent forms (`1e300`) are left as they are.
    if text.contains(['e', 'E']) {
        return text;
    }
    match text.split_once('.') {
        Some((whole, fraction)) => format!("{}.{fraction}", group_thousands(whole)),
        None => group_thousands(&text),
    }
}

/// The digits of a whole number (`-1250000`) with a comma between thousands
/// (`-1,250,000`).
fn group_thousands(whole: &str) -> String {
    let (sign, digits) = whole.strip_prefix('-').map_or(("", whole), |d| ("-", d));
    let mut grouped = String::from(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

/// `n` and the noun that agrees with it: `1 objective`, `3 objectives`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    let digits = group_thousands(&n.to_string());
    format!("{digits} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn the_bounds_never_change_the_suggestion(
            word in "[a-e\\-é]{0,12}",
            candidates in proptest::collection::vec("[a-e\\-é]{0,12}", 0..40),
        ) {
            let limit = (word.chars().count() / 3).max(1);
            let every = candidates
                .iter()
                .map(|c| (strsim::damerau_levenshtein(&word, c), c.as_str()))
                .filter(|&(d, _)| d <= limit)
                .min()
                .map(|(_, c)| c);
            prop_assert_eq!(did_you_mean(&word, candidates.iter().map(String::as_str)), every);
            for c in &candidates {
                prop_assert!(Letters::of(&word).distance_at_least(c) <= strsim::damerau_levenshtein(&word, c));
            }
        }
    }

    #[test]
    fn readable_numbers_group_thousands_and_keep_decimals() {
        assert_eq!(readable(4320.0), "4,320");
        assert_eq!(readable(-1_250_000.5), "-1,250,000.5");
        assert_eq!(readable(17.6), "17.6");
        assert_eq!(readable(0.25), "0.25");
        assert_eq!(readable(999.0), "999");
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count(1, "driver", "drivers"), "1 driver");
        assert_eq!(count(0, "driver", "drivers"), "0 drivers");
        assert_eq!(
            count(12_500, "initiative", "initiatives"),
            "12,500 initiatives"
        );
    }

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(38_000_000.0), "38,000,000");
        assert_eq!(money(950.0), "950");
        assert_eq!(money(-1234.5), "-1,234.50");
        assert_eq!(money(0.0), "0");
    }

    #[test]
    fn numbers_lose_a_trailing_zero() {
        assert_eq!(number(45.0), "45");
        assert_eq!(number(4.5), "4.5");
    }
}
