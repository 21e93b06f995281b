//! A query prepared once and scored against many choices, as RapidFuzz's
//! `process.extract` does with its cached scorers.

use super::indel::normalized_similarity;
use super::partial::{partial_ratio_cached, Needle};
use super::ratio::below_length_bound;
use super::token::Text;
use super::wratio::wratio_with;
use super::{default_process_chars, Scorer};

/// A scorer bound to one query. Scores are identical to
/// [`Scorer::score_chars_with_cutoff`] on the same (processed) inputs; the
/// query's bit-parallel patterns are built once instead of per choice.
pub struct CachedScorer {
    scorer: Scorer,
    query: Vec<char>,
    /// Patterns of the query, forward and reversed; they serve both `ratio`
    /// and `partial_ratio` when the query is the shorter side.
    needle: Needle,
}

impl CachedScorer {
    /// Prepares `query` with [`default_process`](super::default_process),
    /// to be scored against choices that went through it too.
    pub fn new(scorer: Scorer, query: &str) -> CachedScorer {
        CachedScorer::from_chars(scorer, default_process_chars(query))
    }

    /// Prepares `query` as given (no processing).
    pub fn new_processed(scorer: Scorer, query: &str) -> CachedScorer {
        CachedScorer::from_chars(scorer, query.chars().collect())
    }

    /// Prepares a query given as code points (no processing).
    pub fn from_chars(scorer: Scorer, query: Vec<char>) -> CachedScorer {
        let needle = Needle::new(&query, true);
        CachedScorer {
            scorer,
            query,
            needle,
        }
    }

    pub fn scorer(&self) -> Scorer {
        self.scorer
    }

    /// The (processed) query, as code points.
    pub fn query(&self) -> &[char] {
        &self.query
    }

    /// Score of the query against one choice (code points, processed the
    /// same way as the query).
    pub fn score_chars(&self, choice: &[char]) -> f64 {
        self.score_chars_with_cutoff(choice, 0.0)
    }

    /// Like [`CachedScorer::score_chars`], but 0 for scores below
    /// `score_cutoff`, which lets whole comparisons be skipped.
    pub fn score_chars_with_cutoff(&self, choice: &[char], score_cutoff: f64) -> f64 {
        let query = &self.query[..];
        let ratio = |cutoff: f64| {
            if below_length_bound(query.len(), choice.len(), cutoff) {
                return 0.0;
            }
            let dist = self.needle.pattern.distance(choice);
            normalized_similarity(dist, query.len() + choice.len(), cutoff)
        };
        let partial = |cutoff: f64| partial_ratio_cached(query, Some(&self.needle), choice, cutoff);
        match self.scorer {
            Scorer::Ratio => ratio(score_cutoff),
            Scorer::QRatio if query.is_empty() || choice.is_empty() => 0.0,
            Scorer::QRatio => ratio(score_cutoff),
            Scorer::PartialRatio => partial(score_cutoff),
            Scorer::WRatio => wratio_with(
                Text::new(query),
                Text::new(choice),
                score_cutoff,
                ratio,
                partial,
            ),
            other => other.score_chars_with_cutoff(query, choice, score_cutoff),
        }
    }

    /// The `limit` best choices as `(index, score)`, best first and ties by
    /// index, like `rapidfuzz.process.extract(query, choices, limit=limit)`
    /// on processed choices. Once `limit` results are held, later choices
    /// are scored with the worst of them as cutoff, so most are rejected
    /// early; the scores returned are exact.
    pub fn extract<'c, I>(&self, choices: I, limit: usize) -> Vec<(usize, f64)>
    where
        I: IntoIterator<Item = &'c [char]>,
    {
        let mut best: Vec<(usize, f64)> = Vec::with_capacity(limit.min(1024));
        if limit == 0 {
            return best;
        }
        for (index, choice) in choices.into_iter().enumerate() {
            let full = best.len() == limit;
            let cutoff = if full {
                best.last().map_or(0.0, |&(_, s)| s)
            } else {
                0.0
            };
            let score = self.score_chars_with_cutoff(choice, cutoff);
            // A later index never wins a tie, so equal scores stay out.
            if full && score <= cutoff {
                continue;
            }
            let pos = best.partition_point(|&(_, s)| s >= score);
            best.insert(pos, (index, score));
            best.truncate(limit);
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        default_process_chars(s)
    }

    #[test]
    fn matches_uncached_scores() {
        let titles = [
            "Registered nurse",
            "nurse",
            "Infirmier autorisé/infirmière autorisée",
            "registered psychiatric nurse",
            "a",
            "",
            "software developer and registered nurse liaison for hospital information systems",
        ];
        for scorer in Scorer::ALL {
            for q in titles {
                let cached = CachedScorer::new(scorer, q);
                for t in titles {
                    let t = chars(t);
                    for cutoff in [0.0, 50.0, 90.0] {
                        assert_eq!(
                            cached.score_chars_with_cutoff(&t, cutoff),
                            scorer.score_chars_with_cutoff(cached.query(), &t, cutoff),
                            "{scorer} {q:?} {t:?} {cutoff}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn extract_is_top_k_of_full_scores() {
        let titles: Vec<Vec<char>> = [
            "registered nurse",
            "nurse",
            "nurse aide",
            "registered psychiatric nurse",
            "licensed practical nurse",
            "nurse",
            "chef",
            "",
        ]
        .iter()
        .map(|t| chars(t))
        .collect();
        let cached = CachedScorer::new(Scorer::WRatio, "Nurse!");
        let mut all: Vec<(usize, f64)> = titles
            .iter()
            .enumerate()
            .map(|(i, t)| (i, cached.score_chars(t)))
            .collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for limit in 0..=titles.len() + 1 {
            let got = cached.extract(titles.iter().map(Vec::as_slice), limit);
            assert_eq!(got, all[..limit.min(all.len())].to_vec(), "limit {limit}");
        }
    }
}
