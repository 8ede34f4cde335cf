//! Geometry for the site's diagrams: a layered layout (bands of nodes, top to bottom,
//! ordered so that edges cross little) and names wrapped to fit a box.
//!
//! Everything here is integer arithmetic over indices in a fixed order, so the same
//! model always draws the same picture.

/// The width of a node, in pixels.
pub const NODE_WIDTH: usize = 160;
/// The space between two nodes of a row.
const NODE_GAP: usize = 16;
/// The space between two rows of a band.
const ROW_GAP: usize = 36;
/// The height of a band's label, above its first row.
const LABEL_HEIGHT: usize = 26;
/// The space above a band's label.
const BAND_GAP: usize = 22;
/// The most nodes in a row; a longer row wraps onto the next.
const ROW_MAX: usize = 7;

/// A band of the diagram: a label and the nodes under it, in tiers (a parent's tier
/// above its children's). Nodes are indices into the caller's list.
#[derive(Debug)]
pub struct Band {
    /// What the band holds, written above it.
    pub label: String,
    /// The nodes of each tier, in their first order (the model's).
    pub tiers: Vec<Vec<usize>>,
}

/// Where everything goes.
#[derive(Debug)]
pub struct Placement {
    /// The top-left corner of each node, by node index (`None` for a node in no band).
    pub corners: Vec<Option<(usize, usize)>>,
    /// The baseline of each band's label, in band order.
    pub labels: Vec<usize>,
    /// The width of the whole diagram.
    pub width: usize,
    /// Its height.
    pub height: usize,
}

/// Lays out `bands` top to bottom. `heights` gives each node's height; `edges` join
/// nodes (in any direction) and decide the order within a tier: each node sits at the
/// mean position of its neighbours in the tiers above (then below, then above again),
/// ties kept in the first order. A tier longer than seven nodes wraps onto more rows.
pub fn layered(bands: &[Band], heights: &[usize], edges: &[(usize, usize)]) -> Placement {
    let n = heights.len();
    let mut tiers: Vec<Vec<usize>> = bands.iter().flat_map(|b| b.tiers.clone()).collect();
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        if a < n && b < n && a != b {
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
    }
    let mut tier_of = vec![usize::MAX; n];
    for (t, tier) in tiers.iter().enumerate() {
        for &node in tier {
            tier_of[node] = t;
        }
    }
    // A node's place in its tier, as a fraction of the tier, in millionths so that
    // tiers of different lengths compare.
    let mut place = vec![0u64; n];
    let reposition = |tiers: &[Vec<usize>], place: &mut [u64]| {
        for tier in tiers {
            let len = tier.len() as u64;
            for (i, &node) in tier.iter().enumerate() {
                place[node] = (2 * i as u64 + 1) * 1_000_000 / (2 * len);
            }
        }
    };
    reposition(&tiers, &mut place);
    let last = tiers.len().saturating_sub(1);
    let sweeps = (1..=last)
        .map(|t| (t, true))
        .chain((0..last).rev().map(|t| (t, false)))
        .chain((1..=last).map(|t| (t, true)));
    for (t, from_above) in sweeps {
        let mut keyed: Vec<(u64, usize, usize)> = tiers[t]
            .iter()
            .enumerate()
            .map(|(i, &node)| {
                let near: Vec<u64> = neighbours[node]
                    .iter()
                    .filter(|&&m| {
                        let mt = tier_of[m];
                        mt != usize::MAX && if from_above { mt < t } else { mt > t }
                    })
                    .map(|&m| place[m])
                    .collect();
                let key = if near.is_empty() {
                    place[node]
                } else {
                    near.iter().sum::<u64>() / near.len() as u64
                };
                (key, i, node)
            })
            .collect();
        keyed.sort_unstable();
        tiers[t] = keyed.into_iter().map(|(_, _, node)| node).collect();
        reposition(std::slice::from_ref(&tiers[t]), &mut place);
    }

    // Rows: each tier cut into rows of at most ROW_MAX, as even as they come.
    let mut rows_of_bands: Vec<Vec<Vec<usize>>> = Vec::with_capacity(bands.len());
    let mut t = 0;
    for band in bands {
        let mut rows = Vec::new();
        for _ in &band.tiers {
            let tier = &tiers[t];
            t += 1;
            if tier.is_empty() {
                continue;
            }
            let count = tier.len().div_ceil(ROW_MAX);
            let (base, extra) = (tier.len() / count, tier.len() % count);
            let mut start = 0;
            for r in 0..count {
                let len = base + usize::from(r < extra);
                rows.push(tier[start..start + len].to_vec());
                start += len;
            }
        }
        rows_of_bands.push(rows);
    }
    let row_width = |len: usize| len * NODE_WIDTH + len.saturating_sub(1) * NODE_GAP;
    // Wide enough for every row and every band's label (at about 8 pixels a character).
    let width = rows_of_bands
        .iter()
        .flatten()
        .map(|row| row_width(row.len()))
        .chain(bands.iter().map(|b| b.label.chars().count() * 8))
        .max()
        .unwrap_or(0)
        .max(NODE_WIDTH);
    let mut corners = vec![None; n];
    let mut labels = Vec::with_capacity(bands.len());
    let mut y = 0;
    for rows in &rows_of_bands {
        y += if labels.is_empty() { 0 } else { BAND_GAP };
        labels.push(y + LABEL_HEIGHT - 8);
        y += LABEL_HEIGHT;
        for (r, row) in rows.iter().enumerate() {
            if r > 0 {
                y += ROW_GAP;
            }
            let left = (width - row_width(row.len())) / 2;
            for (i, &node) in row.iter().enumerate() {
                corners[node] = Some((left + i * (NODE_WIDTH + NODE_GAP), y));
            }
            y += row.iter().map(|&node| heights[node]).max().unwrap_or(0);
        }
        if rows.is_empty() {
            y += ROW_GAP;
        }
    }
    Placement {
        corners,
        labels,
        width,
        height: y + 4,
    }
}

/// `text` in lines of at most `width` characters, broken between words, at most
/// `lines` of them; what does not fit ends the last line with `…`.
pub fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let word: String = if word.chars().count() > width {
            word.chars()
                .take(width.saturating_sub(1))
                .chain(['…'])
                .collect()
        } else {
            word.to_owned()
        };
        let len = current.chars().count();
        if len == 0 {
            current = word;
        } else if len + 1 + word.chars().count() <= width {
            current.push(' ');
            current.push_str(&word);
        } else {
            out.push(std::mem::take(&mut current));
            if out.len() == lines {
                let last = out.last_mut().expect("a line was just pushed");
                ellipsis(last, width);
                return out;
            }
            current = word;
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Ends `line` with `…`, within `width` characters.
fn ellipsis(line: &mut String, width: usize) {
    if line.ends_with('…') {
        return;
    }
    while line.chars().count() + 1 > width {
        line.pop();
    }
    let trimmed = line.trim_end().len();
    line.truncate(trimmed);
    line.push('…');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_between_words_and_marks_what_is_cut() {
        assert_eq!(wrap("Open an account", 20, 2), ["Open an account"]);
        assert_eq!(
            wrap("Onboard new customers in one session", 20, 2),
            ["Onboard new", "customers in one…"]
        );
        assert_eq!(
            wrap("Onboard new customers in one", 20, 2),
            ["Onboard new", "customers in one"]
        );
        assert_eq!(wrap("Supercalifragilistic", 8, 2), ["Superca…"]);
        assert!(wrap("", 8, 2).is_empty());
    }

    #[test]
    fn children_sit_under_their_parents() {
        // Two parents (0, 1) in the first band; their children (2 under 1, 3 under 0)
        // come in the other order in the model and are swapped to cross nothing.
        let bands = [
            Band {
                label: "parents".into(),
                tiers: vec![vec![0, 1]],
            },
            Band {
                label: "children".into(),
                tiers: vec![vec![2, 3]],
            },
        ];
        let placed = layered(&bands, &[40, 40, 40, 40], &[(1, 2), (0, 3)]);
        let x = |i: usize| placed.corners[i].expect("placed").0;
        let y = |i: usize| placed.corners[i].expect("placed").1;
        assert!(x(0) < x(1));
        assert!(x(3) < x(2), "3 is under 0, 2 under 1");
        assert!(y(2) > y(0) + 40);
        assert_eq!(placed.labels.len(), 2);
        assert!(placed.height > y(2) + 40);
    }

    #[test]
    fn a_long_tier_wraps_into_even_rows() {
        let bands = [Band {
            label: "many".into(),
            tiers: vec![(0..9).collect()],
        }];
        let placed = layered(&bands, &[30; 9], &[]);
        let mut ys: Vec<usize> = placed
            .corners
            .iter()
            .map(|c| c.expect("placed").1)
            .collect();
        ys.dedup();
        assert_eq!(ys.len(), 2, "two rows");
        let first = placed
            .corners
            .iter()
            .filter(|c| c.expect("placed").1 == ys[0])
            .count();
        assert_eq!(first, 5, "5 and 4, not 7 and 2");
        assert_eq!(placed.width, 5 * NODE_WIDTH + 4 * NODE_GAP);
    }
}
