//! "Did you mean": the known word nearest to a mistyped one.

/// The candidate nearest to `word` by edit distance, if it is at most `max_distance` edits away
/// (the first in sort order on a tie).
pub fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max_distance: usize,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= max_distance)
        .min()
        .map(|(_, c)| c)
}

/// The Levenshtein distance between two strings, counted in characters: how many insertions,
/// deletions and substitutions turn `a` into `b`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("ADVERTIZE", "ADVERTISE"), 1);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
    }

    #[test]
    fn nearest_within_the_limit_first_in_order_on_a_tie() {
        let words = ["MANAGE", "ANALYZE", "ADVERTISE"];
        assert_eq!(closest("ADVERTIZE", words, 2), Some("ADVERTISE"));
        assert_eq!(closest("ANALYSE", words, 2), Some("ANALYZE"));
        assert_eq!(closest("DRAFT", words, 2), None);
        assert_eq!(closest("ab", ["ac", "aa"], 1), Some("aa"));
    }
}
