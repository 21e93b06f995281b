//! Matches a question against every pattern and keeps the best.
//!
//! A pattern's literal words must appear in order (other words may sit
//! between them, at a cost), and its slot must hold what it asks for. The
//! score rewards literal words and a filled slot and charges for skipped
//! words and for words left over in the slot, so `what is the row count of
//! dim_noc` is a row count (`row count {t}`, nothing left over) rather than
//! a description (`what is {t}` with `row count` left over).
//!
//! Table names are matched exactly first. Only when no pattern is complete
//! is a mistyped name recovered with WRatio, so a typo never overrides a
//! reading that needs no guess.

use super::entities::{self, Names};
use super::patterns::{FILLERS, PATTERNS};
use super::text::tokens;
use super::Intent;
use crate::search::Lang;

/// What a slot was filled with.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Bound {
    /// The pattern has no slot.
    Nothing,
    /// A table; `typed` is what the question said when it was a typo.
    Table {
        name: String,
        typed: Option<String>,
    },
    /// Column words: normalised tokens, the words as typed (folded), and
    /// the column name when the question spells one out exactly.
    Concept {
        tokens: Vec<String>,
        typed: String,
        column: Option<String>,
    },
    /// Source ids.
    Sources(Vec<String>),
    Domain(String),
}

#[derive(Debug, Clone)]
pub(crate) struct Match {
    pub intent: Intent,
    pub lang: Lang,
    pub bound: Bound,
    score: i32,
}

/// The outcome of matching.
#[derive(Debug, Clone)]
pub(crate) enum Reading {
    Understood(Match),
    /// A table question about a table that does not exist (the words typed).
    NoSuchTable {
        lang: Lang,
        typed: String,
    },
    NotUnderstood,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    None,
    Table,
    Concept,
    Source,
}

struct Pattern {
    intent: Intent,
    lang: Lang,
    before: Vec<String>,
    slot: Slot,
    after: Vec<String>,
}

fn compile(intent: Intent, lang: Lang, text: &str) -> Pattern {
    let (slot, marker) = [
        (Slot::Table, "{t}"),
        (Slot::Concept, "{c}"),
        (Slot::Source, "{s}"),
    ]
    .into_iter()
    .find(|(_, m)| text.contains(m))
    .unwrap_or((Slot::None, ""));
    let (before, after) = if marker.is_empty() {
        (text, "")
    } else {
        text.split_once(marker).unwrap_or((text, ""))
    };
    Pattern {
        intent,
        lang,
        before: tokens(before),
        slot,
        after: tokens(after),
    }
}

/// Where `phrase` occurs in order within `words[from..]` with the fewest
/// skipped words: (first index, last index, skipped). An empty phrase
/// occurs at `from`, skipping nothing.
fn find_phrase(words: &[String], phrase: &[String], from: usize) -> Option<(usize, usize, usize)> {
    let Some(first) = phrase.first() else {
        return Some((from, from, 0));
    };
    let mut best: Option<(usize, usize, usize)> = None;
    for start in (from..words.len()).filter(|&i| &words[i] == first) {
        let mut at = start;
        let mut ok = true;
        for w in &phrase[1..] {
            match (at + 1..words.len()).find(|&i| &words[i] == w) {
                Some(i) => at = i,
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            break;
        }
        let skipped = at + 1 - start - phrase.len();
        if best.is_none_or(|b| skipped < b.2) {
            best = Some((start, at, skipped));
        }
    }
    best
}

/// The literal words of `p` found in `words`: the slot's region and the
/// number of skipped words.
fn literals(words: &[String], p: &Pattern) -> Option<(std::ops::Range<usize>, usize)> {
    let (b_start, b_end, b_skip) = find_phrase(words, &p.before, 0)?;
    let region_start = if p.before.is_empty() {
        b_start
    } else {
        b_end + 1
    };
    if p.slot == Slot::None {
        let (_, _, a_skip) = find_phrase(words, &p.after, region_start)?;
        return Some((region_start..region_start, b_skip + a_skip));
    }
    // The slot holds at least one word, so the words after it are looked
    // for one word further on.
    let (region_end, a_skip) = if p.after.is_empty() {
        (words.len(), 0)
    } else {
        let (start, _, skipped) = find_phrase(words, &p.after, region_start + 1)?;
        (start, skipped)
    };
    (region_start < region_end).then_some((region_start..region_end, b_skip + a_skip))
}

/// Words of a region that are neither fillers nor inside `used`.
fn leftover(region: &[String], used: std::ops::Range<usize>, fillers: &[String]) -> usize {
    region
        .iter()
        .enumerate()
        .filter(|(i, w)| !used.contains(i) && !fillers.contains(w))
        .count()
}

/// Whether `question` spells out the column `name`: as written (any case),
/// not inside a longer identifier, and unmistakably an identifier — with an
/// underscore (`unit_group_id`) or in quotes (`"title"`). A plain word
/// (`title`) is a concept to search for, not the one column so named.
fn spelt_out(question: &str, name: &str) -> bool {
    let q = question.to_lowercase();
    let name = name.to_lowercase();
    let part = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let quote = |c: Option<char>| c.is_some_and(|c| "\"'`«“‘".contains(c));
    q.match_indices(&name).any(|(i, _)| {
        let before = q[..i].trim_end().chars().next_back();
        !part(q[..i].chars().next_back())
            && !part(q[i + name.len()..].chars().next())
            && (name.contains('_') || quote(before))
    })
}

/// Reads a question: `words` are its tokens, `typed` the same words folded
/// but not normalised (for display), `question` the question as asked.
pub(crate) fn read(question: &str, words: &[String], typed: &[String], names: &Names) -> Reading {
    let patterns: Vec<Pattern> = PATTERNS.iter().map(|&(i, l, t)| compile(i, l, t)).collect();
    let fillers: Vec<String> = FILLERS.iter().flat_map(|w| tokens(w)).collect();
    let mut best: Option<Match> = None;
    // Table patterns whose words matched but whose slot named no table:
    // (score, pattern, region), for the fuzzy pass.
    let mut unfilled: Vec<(i32, usize, std::ops::Range<usize>)> = Vec::new();
    for (k, p) in patterns.iter().enumerate() {
        let Some((region, skipped)) = literals(words, p) else {
            continue;
        };
        let lits = (p.before.len() + p.after.len()) as i32;
        let base = 2 * lits - skipped as i32;
        let slot_words = &words[region.clone()];
        let filled = match p.slot {
            Slot::None => Some((Bound::Nothing, 0)),
            Slot::Table => match entities::first_mention(slot_words, &names.tables) {
                Some(m) => Some((
                    Bound::Table {
                        name: m.name,
                        typed: None,
                    },
                    leftover(slot_words, m.start..m.start + m.len, &fillers),
                )),
                None => {
                    if lits > 0 {
                        unfilled.push((base, k, region.clone()));
                    }
                    None
                }
            },
            Slot::Concept => {
                // A column name spelt exactly (`unit_group_id`) and alone in
                // the slot is that column; anything else (`the NOC code`)
                // is words to look for in names and descriptions. A column
                // name is kept whole even when it holds a filler word
                // (`column_name`).
                let column = entities::longest_mention(slot_words, &names.columns).filter(|m| {
                    leftover(slot_words, m.start..m.start + m.len, &fillers) == 0
                        && spelt_out(question, &m.name)
                });
                let kept: Vec<usize> = (0..slot_words.len())
                    .filter(|&i| !fillers.contains(&slot_words[i]))
                    .collect();
                let (concept, shown) = match &column {
                    Some(m) => (
                        slot_words[m.start..m.start + m.len].to_vec(),
                        m.name.clone(),
                    ),
                    None => (
                        kept.iter().map(|&i| slot_words[i].clone()).collect(),
                        kept.iter()
                            .map(|&i| typed[region.start + i].as_str())
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                };
                (!concept.is_empty()).then_some((
                    Bound::Concept {
                        tokens: concept,
                        typed: shown,
                        column: column.map(|m| m.name),
                    },
                    0,
                ))
            }
            Slot::Source => source_or_domain(slot_words, names, &fillers),
        };
        let Some((bound, left)) = filled else {
            continue;
        };
        let score = base + if p.slot == Slot::None { 0 } else { 2 } - left as i32;
        if best.as_ref().is_none_or(|b| score > b.score) {
            best = Some(Match {
                intent: p.intent,
                lang: p.lang,
                bound,
                score,
            });
        }
    }
    if let Some(m) = best {
        return Reading::Understood(m);
    }
    // No complete reading: try the table slots again with typo recovery,
    // best-matching pattern first.
    unfilled.sort_by_key(|&(score, k, _)| (std::cmp::Reverse(score), k));
    for (_, k, region) in &unfilled {
        let slot_words: Vec<String> = words[region.clone()]
            .iter()
            .filter(|w| !fillers.contains(w))
            .cloned()
            .collect();
        if let Some((name, _)) = entities::fuzzy_table(&slot_words, &names.tables) {
            let p = &patterns[*k];
            return Reading::Understood(Match {
                intent: p.intent,
                lang: p.lang,
                bound: Bound::Table {
                    name,
                    typed: Some(typed[region.clone()].join(" ")),
                },
                score: 0,
            });
        }
    }
    match unfilled.first() {
        // A short slot looks like a name; a long one is more likely a
        // question we do not handle.
        Some((_, k, region)) if region.len() <= 3 => Reading::NoSuchTable {
            lang: patterns[*k].lang,
            typed: typed[region.clone()].join(" "),
        },
        _ => Reading::NotUnderstood,
    }
}

/// A `{s}` slot: source ids first, a domain when the slot says `domain` or
/// names no source.
fn source_or_domain(words: &[String], names: &Names, fillers: &[String]) -> Option<(Bound, usize)> {
    let wants_domain = words.iter().any(|w| w == "domain" || w == "domaine");
    let domain = entities::first_mention(words, &names.domains).map(|m| {
        let marker = words
            .iter()
            .filter(|w| *w == "domain" || *w == "domaine")
            .count();
        let left = leftover(words, m.start..m.start + m.len, fillers).saturating_sub(marker);
        (Bound::Domain(m.name), left)
    });
    let (ids, used) = entities::sources_named(words, &names.sources);
    let sources = (!ids.is_empty()).then(|| {
        let left = words
            .iter()
            .filter(|w| !fillers.contains(w))
            .count()
            .saturating_sub(used);
        (Bound::Sources(ids), left)
    });
    if wants_domain {
        domain.or(sources)
    } else {
        sources.or(domain)
    }
}
