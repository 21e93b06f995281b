//! The things a question can name: tables, columns, sources and domains,
//! found as token sequences so that `dim_noc`, `"dim noc"` and `DIM_NOC`
//! are one mention; and the fuzzy recovery of a mistyped table name.

use std::collections::BTreeSet;

use super::text::tokens;
use super::Catalog;
use crate::fuzz::Scorer;

/// The least WRatio a mistyped table name needs (`dim_nok` → `dim_noc` is
/// 85.7).
pub(crate) const FUZZY_MIN: f64 = 80.0;
/// How far ahead of the next table the best guess must be: a typo is only
/// recovered when one table is clearly meant.
pub(crate) const FUZZY_MARGIN: f64 = 5.0;

/// A name and its tokens.
#[derive(Debug, Clone)]
pub(crate) struct Name {
    pub name: String,
    pub tokens: Vec<String>,
}

fn name(s: &str) -> Name {
    Name {
        name: s.to_string(),
        tokens: tokens(s),
    }
}

/// The names of one catalogue, tokenised once per question.
#[derive(Debug, Clone)]
pub(crate) struct Names {
    pub tables: Vec<Name>,
    /// Distinct column names.
    pub columns: Vec<Name>,
    /// Source ids, with the tokens of the id that are words (no versions).
    pub sources: Vec<Name>,
    pub domains: Vec<Name>,
}

impl Names {
    pub fn new(catalog: &Catalog) -> Names {
        let tables = catalog.table_names().into_iter().map(name).collect();
        let distinct: BTreeSet<&str> = catalog
            .columns
            .iter()
            .map(|c| c.column_name.as_str())
            .collect();
        let mut ids = BTreeSet::new();
        for t in &catalog.tables {
            ids.extend(t.source_ids());
        }
        ids.extend(catalog.lineage.iter().filter_map(|e| e.source_id()));
        let sources = ids
            .into_iter()
            .map(|id| Name {
                name: id.to_string(),
                // `esdc-oasis-2023-v1.0` is named by `esdc` or `oasis`, never by its year.
                tokens: tokens(id)
                    .into_iter()
                    .filter(|t| !t.chars().any(|c| c.is_ascii_digit()))
                    .collect(),
            })
            .collect();
        let domains: BTreeSet<&str> = catalog
            .tables
            .iter()
            .filter_map(|t| t.domain.as_deref())
            .collect();
        Names {
            tables,
            columns: distinct.into_iter().map(name).collect(),
            sources,
            domains: domains.into_iter().map(name).collect(),
        }
    }
}

/// A name found in a run of tokens.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mention {
    pub name: String,
    pub start: usize,
    pub len: usize,
}

/// The first name that occurs in `words`, the longest at that position
/// (`dim og subgroup` before `dim og`).
pub(crate) fn first_mention(words: &[String], names: &[Name]) -> Option<Mention> {
    (0..words.len()).find_map(|start| {
        names
            .iter()
            .filter(|n| !n.tokens.is_empty() && words[start..].starts_with(&n.tokens))
            .max_by_key(|n| n.tokens.len())
            .map(|n| Mention {
                name: n.name.clone(),
                start,
                len: n.tokens.len(),
            })
    })
}

/// The longest name found anywhere in `words`, for column names inside a
/// longer phrase (`the unit group id column`).
pub(crate) fn longest_mention(words: &[String], names: &[Name]) -> Option<Mention> {
    (0..words.len())
        .filter_map(|start| {
            names
                .iter()
                .filter(|n| !n.tokens.is_empty() && words[start..].starts_with(&n.tokens))
                .max_by_key(|n| n.tokens.len())
                .map(|n| Mention {
                    name: n.name.clone(),
                    start,
                    len: n.tokens.len(),
                })
        })
        .max_by_key(|m| (m.len, std::cmp::Reverse(m.start)))
}

/// The sources a run of tokens names. A word shared by several source ids
/// (`noc` is in `statcan-noc-2021` and `brookfield-noc-onet-crosswalk`)
/// means the id it names most specifically: the one with fewest words.
pub(crate) fn sources_named(words: &[String], sources: &[Name]) -> (Vec<String>, usize) {
    let mut found = BTreeSet::new();
    let mut used = 0;
    for w in words {
        let having: Vec<&Name> = sources.iter().filter(|s| s.tokens.contains(w)).collect();
        let Some(fewest) = having.iter().map(|s| s.tokens.len()).min() else {
            continue;
        };
        used += 1;
        found.extend(
            having
                .iter()
                .filter(|s| s.tokens.len() == fewest)
                .map(|s| s.name.clone()),
        );
    }
    (found.into_iter().collect(), used)
}

/// The table a mistyped name most likely means, when one table is clearly
/// ahead; with its WRatio.
///
/// WRatio forgives a short query that matches part of a long name
/// (partial ratio × 0.9), so `dim nok` scores 85.7 against `dim noc` but
/// also 85.5 against `dim og subgroup`. Among the names within
/// [`FUZZY_MARGIN`] of the best WRatio, the whole-string ratio, which
/// charges for the unmatched rest of a long name, decides, and it too must
/// be clear.
pub(crate) fn fuzzy_table(words: &[String], tables: &[Name]) -> Option<(String, f64)> {
    if words.is_empty() {
        return None;
    }
    let query = words.join(" ");
    let mut scored: Vec<(f64, String, &str)> = tables
        .iter()
        .map(|t| {
            let name = t.tokens.join(" ");
            (Scorer::WRatio.score(&query, &name), name, t.name.as_str())
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(b.2)));
    let best = scored.first().filter(|s| s.0 >= FUZZY_MIN)?.0;
    let mut close: Vec<(f64, f64, &str)> = scored
        .iter()
        .take_while(|s| best - s.0 < FUZZY_MARGIN)
        .map(|s| (Scorer::Ratio.score(&query, &s.1), s.0, s.2))
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(b.2)));
    let (ratio, wratio, name) = close[0];
    let runner_up = close.get(1).map_or(0.0, |c| c.0);
    let clear = close.len() == 1 || (ratio >= FUZZY_MIN && ratio - runner_up >= FUZZY_MARGIN);
    clear.then(|| (name.to_string(), wratio))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<Name> {
        list.iter().map(|n| name(n)).collect()
    }

    #[test]
    fn a_typo_beats_long_names_that_only_share_a_prefix() {
        let tables = names(&[
            "dim_noc",
            "dim_og",
            "dim_og_subgroup",
            "dim_og_definition",
            "dim_oasis_profile",
        ]);
        let guess = |q: &str| fuzzy_table(&tokens(q), &tables).map(|(n, _)| n);
        assert_eq!(guess("dim_nok").as_deref(), Some("dim_noc"));
        assert_eq!(
            guess("dim oasis profil").as_deref(),
            Some("dim_oasis_profile")
        );
        // One letter short of a name is still clear...
        assert_eq!(guess("dim o").as_deref(), Some("dim_og"));
        // ...but a prefix of every name is not.
        assert_eq!(guess("dim"), None);
        assert_eq!(guess("weather"), None);
    }

    #[test]
    fn a_shared_source_word_means_the_most_specific_source() {
        let sources: Vec<Name> = [
            "statcan-noc-2021",
            "brookfield-noc-onet-crosswalk",
            "onet-27.0",
        ]
        .iter()
        .map(|id| Name {
            name: id.to_string(),
            tokens: tokens(id)
                .into_iter()
                .filter(|t| !t.chars().any(|c| c.is_ascii_digit()))
                .collect(),
        })
        .collect();
        let named = |q: &str| sources_named(&tokens(q), &sources).0;
        assert_eq!(named("NOC"), ["statcan-noc-2021"]);
        assert_eq!(named("O*NET"), ["onet-27.0"]);
        assert_eq!(named("crosswalk"), ["brookfield-noc-onet-crosswalk"]);
    }
}
