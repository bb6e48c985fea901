//! Helpers the score plugins share (upstream `plugins/helper`).

/// The highest score a plugin gives a node (`fwk.MaxNodeScore`).
pub const MAX_NODE_SCORE: i64 = 100;

/// `helper.DefaultNormalizeScore`: scale to `0..=max` by the highest score; `reverse`
/// flips it (and gives everyone `max` when all scores are 0).
pub fn default_normalize_score(max: i64, reverse: bool, scores: &mut [i64]) {
    let max_count = scores.iter().copied().max().unwrap_or(0).max(0);
    if max_count == 0 {
        if reverse {
            scores.iter_mut().for_each(|s| *s = max);
        }
        return;
    }
    for s in scores.iter_mut() {
        let v = (i128::from(max) * i128::from(*s) / i128::from(max_count)) as i64;
        *s = if reverse { max - v } else { v };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follows upstream `TestDefaultNormalizeScore` (plugins/helper/normalize_score_test.go).
    #[test]
    fn default_normalize_score_table() {
        let cases: [(&str, Vec<i64>, bool, Vec<i64>); 4] = [
            (
                "scores are scaled to the maximum",
                vec![10, 20, 30, 40, 50],
                false,
                vec![20, 40, 60, 80, 100],
            ),
            (
                "reversed scores",
                vec![10, 20, 30, 40, 50],
                true,
                vec![80, 60, 40, 20, 0],
            ),
            ("all zero stay zero", vec![0, 0, 0], false, vec![0, 0, 0]),
            (
                "all zero reversed become the maximum",
                vec![0, 0, 0],
                true,
                vec![100, 100, 100],
            ),
        ];
        for (name, mut scores, reverse, want) in cases {
            default_normalize_score(100, reverse, &mut scores);
            assert_eq!(scores, want, "{name}");
        }
    }
}
