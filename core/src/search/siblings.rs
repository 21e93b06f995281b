//! Sibling titles: the job-architecture titles that share a `head -
//! qualifier` title's qualifier. Training and queries read them the same way
//! (see [`sibling_features`]); a title is never its own sibling. Queries
//! also lean to the NOC levels the job architecture files the same head's
//! titles under ([`Siblings::level_prior`]): on the 5-fold evaluation that
//! prior gained 3 points of top-1 in each language, because a linear model
//! lets `Supervisor` and a domain word each pull towards their own unit
//! groups, where the organisation files its supervisors mostly at TEER 1 to
//! 3, whatever the domain, and its directors at TEER 0. And they vote for
//! where the organisation files one head given where it files another
//! ([`Siblings::transition_votes`]): a director general whose director is
//! at 10011 is at 00011, one whose director is at 70010 at 00015.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::features::sibling_features;
use super::text::{exact_key, split_qualifier};
use super::Lang;
use crate::noc::{NocCode, NocLevel};

struct Sibling {
    head: String,
    /// The source row, so a training title skips itself (and its other
    /// language's copy has another qualifier key anyway).
    key: Option<String>,
    codes: Vec<String>,
}

/// Job-architecture titles by (language, qualifier).
#[derive(Default)]
pub struct Siblings {
    by_qualifier: HashMap<(Lang, String), Vec<Sibling>>,
    /// For each (head, sibling head): how many sibling pairs there are and
    /// in how many both titles file under the same unit group. Filled by
    /// [`Siblings::count_pairs`].
    copies: BTreeMap<(String, String), (u32, u32)>,
    /// For each (head, sibling head, sibling's unit group): how many of the
    /// head's titles file under each unit group. Filled by
    /// [`Siblings::count_pairs`].
    transitions: BTreeMap<(String, String, String), BTreeMap<String, u32>>,
    /// For each (language, head): how many of its titles file under each
    /// NOC level (see [`noc_level`]).
    levels: HashMap<(Lang, String), [u32; LEVELS]>,
}

/// The levels a unit group's code tells apart: TEER 0 to 5 (the code's
/// second digit) and the legislators and senior managers of `00`.
const LEVELS: usize = 7;

/// The level of the `00` unit groups, after TEER 0 to 5.
const SENIOR_MANAGEMENT: usize = LEVELS - 1;

/// A unit group code's broad category: its first digit (`70010` → 7).
pub fn noc_broad_category(code: &str) -> Option<usize> {
    let code = NocCode::parse(code).ok()?;
    code.broad_category().as_str().parse().ok()
}

/// A head's log-prior per NOC level (see [`Siblings::level_prior`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelPrior([f32; LEVELS]);

impl LevelPrior {
    /// The prior of `level` (as [`noc_level`] gives it).
    pub fn at(&self, level: usize) -> f32 {
        self.0.get(level).copied().unwrap_or(0.0)
    }

    /// Whether the head's titles file mostly under the senior managers
    /// (`00`), where the prior is 0.
    pub fn mostly_senior_management(&self) -> bool {
        self.0[SENIOR_MANAGEMENT] == 0.0
    }
}

/// A unit group code's level: its TEER (`10019` → 0, `41200` → 1), or 6 for
/// the senior managers (`00012`).
pub fn noc_level(code: &str) -> Option<usize> {
    let code = NocCode::parse(code).ok()?;
    if code.level() != NocLevel::UnitGroup {
        return None;
    }
    let teer = usize::from(code.teer()?);
    Some(if code.as_str().starts_with('0') {
        SENIOR_MANAGEMENT
    } else {
        teer.min(SENIOR_MANAGEMENT - 1)
    })
}

impl std::fmt::Debug for Siblings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Siblings({} qualifiers)", self.by_qualifier.len())
    }
}

/// How near two qualifier keys are, when near enough to stand in for each
/// other: the share of their words they have in common (Jaccard), at
/// least a half, with at least two words shared (`gestion pech ocean` and
/// `pech gestion ocean`: 1; `interfac commercial gi` and `interfac affair
/// gi`: 0.5; `verification intern` and `verification`: none).
fn near_qualifier(a: &str, b: &str) -> Option<f32> {
    let a: BTreeSet<&str> = a.split(' ').collect();
    let b: BTreeSet<&str> = b.split(' ').collect();
    let shared = a.intersection(&b).count();
    let jaccard = shared as f32 / a.union(&b).count() as f32;
    (shared >= 2 && jaccard >= 0.5).then_some(jaccard)
}

/// A unit group's minor group as a transition key (`10019` → `1001*`), or
/// `None` for a code that does not parse.
fn minor_key(code: &str) -> Option<String> {
    let minor = NocCode::parse(code).ok()?.parent()?;
    Some(format!("{minor}*"))
}

/// A title's head and qualifier keys, when it has a qualifier.
fn split_keys(text: &str, lang: Lang) -> Option<(String, String)> {
    let (head, qual) = split_qualifier(text);
    let (h, q) = (exact_key(head, lang), exact_key(qual?, lang));
    (!h.is_empty() && !q.is_empty()).then_some((h, q))
}

/// A title's siblings, looked up once (see [`Siblings::of`]) and read by
/// [`features`](Self::features), [`Siblings::copy_votes`] and
/// [`Siblings::transition_votes`]. Empty for a title without a qualifier.
#[derive(Default)]
pub struct SiblingSet<'a> {
    head: String,
    sibs: Vec<&'a Sibling>,
}

impl SiblingSet<'_> {
    /// Sibling feature ids, one set per sibling's unit group.
    pub fn features(&self) -> Vec<u32> {
        let mut out = Vec::new();
        for s in &self.sibs {
            for c in &s.codes {
                sibling_features(&self.head, &s.head, c, &mut out);
            }
        }
        out
    }
}

impl Siblings {
    /// Files a job-architecture title under its qualifier (titles without
    /// one are ignored).
    pub fn add(&mut self, text: &str, lang: Lang, key: Option<&str>, codes: Vec<String>) {
        if let Some((head, qual)) = split_keys(text, lang) {
            let counts = self.levels.entry((lang, head.clone())).or_default();
            for l in codes.iter().filter_map(|c| noc_level(c)) {
                counts[l] += 1;
            }
            self.by_qualifier
                .entry((lang, qual))
                .or_default()
                .push(Sibling {
                    head,
                    key: key.map(str::to_string),
                    codes,
                });
        }
    }

    /// The siblings of `text`: same qualifier, another head and (for a
    /// training title) another source row than `own_key`. When no title
    /// shares the qualifier exactly, the titles of the nearest qualifier
    /// (see [`near_qualifier`]) stand in: the organisation words one domain
    /// differently under different heads, mostly in French (`Pêche et
    /// gestion des océans`, `Gestion des pêches et des océans`).
    pub fn of<'a>(&'a self, text: &str, lang: Lang, own_key: Option<&str>) -> SiblingSet<'a> {
        let Some((head, qual)) = split_keys(text, lang) else {
            return SiblingSet::default();
        };
        let others = |q: &str| -> Vec<&'a Sibling> {
            let list = self.by_qualifier.get(&(lang, q.to_string()));
            list.into_iter()
                .flatten()
                .filter(|s| s.head != head && (own_key.is_none() || s.key.as_deref() != own_key))
                .collect()
        };
        let exact = others(&qual);
        if !exact.is_empty() {
            return SiblingSet { head, sibs: exact };
        }
        // The nearest qualifiers that have siblings, ties in key order.
        let mut near: Vec<(f32, &str)> = self
            .by_qualifier
            .keys()
            .filter(|(l, q)| *l == lang && *q != qual)
            .filter_map(|(_, q)| Some((near_qualifier(&qual, q)?, q.as_str())))
            .collect();
        near.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        let best = near.iter().map(|&(_, q)| others(q)).find(|v| !v.is_empty());
        SiblingSet {
            head,
            sibs: best.unwrap_or_default(),
        }
    }

    /// Counts, over every pair of titles sharing a qualifier, how often the
    /// two heads file under the same unit group (`Manager - X` and
    /// `Director - X` mostly do; `Director General - X` and `Director - X`
    /// never do), and where one head files given where the other does (see
    /// [`transition_votes`](Self::transition_votes)).
    pub fn count_pairs(&mut self) {
        let mut copies: BTreeMap<(String, String), (u32, u32)> = BTreeMap::new();
        let mut transitions: BTreeMap<(String, String, String), BTreeMap<String, u32>> =
            BTreeMap::new();
        for group in self.by_qualifier.values() {
            for a in group {
                for b in group {
                    if a.head == b.head {
                        continue;
                    }
                    let c = copies.entry((a.head.clone(), b.head.clone())).or_default();
                    c.0 += 1;
                    c.1 += u32::from(a.codes.iter().any(|x| b.codes.contains(x)));
                    for cb in &b.codes {
                        // The unit group, and its minor group to fall back on.
                        for k in std::iter::once(cb.clone()).chain(minor_key(cb)) {
                            let key = (a.head.clone(), b.head.clone(), k);
                            let counts = transitions.entry(key).or_default();
                            for ca in &a.codes {
                                *counts.entry(ca.clone()).or_default() += 1;
                            }
                        }
                    }
                }
            }
        }
        self.copies = copies;
        self.transitions = transitions;
    }

    /// The unit groups the set's head files under where a sibling's head
    /// files under the sibling's unit group (or, when no pair shows that
    /// unit group, its minor group), each with its share of those domains
    /// (`n / (total + 2)`). A `Director General - X` whose
    /// `Director - X` is at 10011 (human resources managers) is at 00011 in
    /// every domain the organisation files that way, and one whose director
    /// is at 70010 (construction managers) at 00015: a mapping between the
    /// heads' unit groups that [`copy_votes`](Self::copy_votes), which
    /// only knows "the same unit group", cannot give.
    pub fn transition_votes(&self, set: &SiblingSet<'_>) -> Vec<(&str, f32)> {
        let mut out: Vec<(&str, f32)> = Vec::new();
        for s in &set.sibs {
            for cb in &s.codes {
                let key = |k: String| (set.head.clone(), s.head.clone(), k);
                let Some(counts) = self
                    .transitions
                    .get(&key(cb.clone()))
                    .or_else(|| self.transitions.get(&key(minor_key(cb)?)))
                else {
                    continue;
                };
                let total: u32 = counts.values().sum();
                for (ca, &n) in counts {
                    out.push((ca.as_str(), n as f32 / (total + 2) as f32));
                }
            }
        }
        out
    }

    /// A log-prior per NOC level from how the job architecture files the
    /// other titles with `text`'s head: `Director - X` is a manager (TEER 0)
    /// in nearly every domain, `Supervisor - X` almost never. Each level
    /// gets `ln((n + 1) / (max + 1))` (0 for the head's most common level),
    /// so a head seen a few times barely leans and an unseen one not at all.
    pub fn level_prior(&self, text: &str, lang: Lang) -> Option<LevelPrior> {
        let (head, _) = split_keys(text, lang)?;
        let counts = self.levels.get(&(lang, head))?;
        let max = counts.iter().copied().max().unwrap_or(0) as f32;
        Some(LevelPrior(
            counts.map(|n| ((n as f32 + 1.0) / (max + 1.0)).ln()),
        ))
    }

    /// The unit groups the set's siblings file under, each with the share
    /// of sibling pairs with the same two heads that agree on their unit
    /// group (`same / (pairs + 2)`: an unseen pair of heads gives 0).
    pub fn copy_votes<'a>(&self, set: &SiblingSet<'a>) -> Vec<(&'a str, f32)> {
        let mut out: Vec<(&str, f32)> = Vec::new();
        for s in &set.sibs {
            let (n, same) = self
                .copies
                .get(&(set.head.clone(), s.head.clone()))
                .copied()
                .unwrap_or_default();
            let rate = same as f32 / (n + 2) as f32;
            for c in &s.codes {
                out.push((c.as_str(), rate));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_not_its_own_sibling() {
        let mut s = Siblings::default();
        s.add(
            "Director - Masonry",
            Lang::En,
            Some("ja:1"),
            vec!["70010".into()],
        );
        s.add(
            "Manager - Masonry",
            Lang::En,
            Some("ja:2"),
            vec!["70010".into()],
        );
        s.add("Supervisor", Lang::En, Some("ja:3"), vec!["72014".into()]);
        // Its own row and same-head titles are skipped; the manager counts.
        let f = s
            .of("Director - Masonry", Lang::En, Some("ja:1"))
            .features();
        let mut want = Vec::new();
        sibling_features("director", "manager", "70010", &mut want);
        assert_eq!(f, want);
        // A query (no key) with a new head sees both.
        assert_eq!(
            s.of("Director General - Masonry", Lang::En, None)
                .features()
                .len(),
            2 * want.len()
        );
        assert!(s
            .of("Director - Welding", Lang::En, None)
            .features()
            .is_empty());
        assert!(s.of("Masonry", Lang::En, None).features().is_empty());
    }

    #[test]
    fn copy_votes_follow_how_often_two_heads_agree() {
        let mut s = Siblings::default();
        for (q, d, m) in [("Alpha", "1", "1"), ("Beta", "2", "2"), ("Gamma", "3", "4")] {
            s.add(
                &format!("Director - {q}"),
                Lang::En,
                None,
                vec![format!("1001{d}")],
            );
            s.add(
                &format!("Manager - {q}"),
                Lang::En,
                None,
                vec![format!("1001{m}")],
            );
        }
        s.count_pairs();
        // Directors and managers agreed in 2 of 3 domains: 2 / (3 + 2).
        assert_eq!(
            s.copy_votes(&s.of("Director - Delta", Lang::En, None)),
            Vec::<(&str, f32)>::new()
        );
        s.add("Manager - Delta", Lang::En, None, vec!["10019".into()]);
        assert_eq!(
            s.copy_votes(&s.of("Director - Delta", Lang::En, None)),
            vec![("10019", 0.4)]
        );
        // No pair of these heads has been seen: no vote.
        assert_eq!(
            s.copy_votes(&s.of("Supervisor - Delta", Lang::En, None)),
            vec![("10019", 0.0)]
        );
    }

    #[test]
    fn transition_votes_map_a_siblings_unit_group_to_the_heads() {
        let mut s = Siblings::default();
        // Where the director is at 10011 the director general is at 00011
        // (twice), where at 70010 at 00015.
        for (q, d, g) in [
            ("Alpha", "10011", "00011"),
            ("Beta", "10011", "00011"),
            ("Gamma", "70010", "00015"),
        ] {
            s.add(&format!("Director - {q}"), Lang::En, None, vec![d.into()]);
            s.add(
                &format!("Director General - {q}"),
                Lang::En,
                None,
                vec![g.into()],
            );
        }
        s.add("Director - Delta", Lang::En, None, vec!["10011".into()]);
        s.add("Director - Epsilon", Lang::En, None, vec!["20012".into()]);
        s.add("Director - Zeta", Lang::En, None, vec!["10019".into()]);
        s.count_pairs();
        // 2 of 2 domains: 2 / (2 + 2).
        assert_eq!(
            s.transition_votes(&s.of("Director General - Delta", Lang::En, None)),
            vec![("00011", 0.5)]
        );
        // The other way round, and a unit group no pair has shown.
        assert_eq!(
            s.transition_votes(&s.of("Director - Gamma", Lang::En, None)),
            vec![("70010", 1.0 / 3.0)]
        );
        assert!(s
            .transition_votes(&s.of("Director General - Epsilon", Lang::En, None))
            .is_empty());
        assert_eq!(minor_key("10019").as_deref(), Some("1001*"));
        assert_eq!(minor_key("1001x"), None);
        // 10019 was never a director's unit group in a pair, but its minor
        // group 1001 was (as 10011).
        assert_eq!(
            s.transition_votes(&s.of("Director General - Zeta", Lang::En, None)),
            vec![("00011", 0.5)]
        );
        assert!(s
            .transition_votes(&s.of("Director General", Lang::En, None))
            .is_empty());
    }

    #[test]
    fn a_head_leans_to_the_levels_its_titles_file_under() {
        assert_eq!(noc_level("10019"), Some(0));
        assert_eq!(noc_level("41200"), Some(1));
        assert_eq!(noc_level("75110"), Some(5));
        assert_eq!(noc_level("00012"), Some(6));
        assert_eq!(noc_level("1001"), None);
        let mut s = Siblings::default();
        for (q, code) in [("Alpha", "10019"), ("Beta", "20011"), ("Gamma", "41200")] {
            s.add(
                &format!("Director - {q}"),
                Lang::En,
                None,
                vec![code.into()],
            );
        }
        let prior = s
            .level_prior("Director - Delta", Lang::En)
            .expect("seen head");
        // Two titles at TEER 0, one at TEER 1, none elsewhere.
        assert_eq!(prior.at(0), 0.0);
        assert!((prior.at(1) - (2.0f32 / 3.0).ln()).abs() < 1e-6);
        assert!((prior.at(3) - (1.0f32 / 3.0).ln()).abs() < 1e-6);
        assert!(!prior.mostly_senior_management());
        assert!(s.level_prior("Supervisor - Delta", Lang::En).is_none());
        assert!(s.level_prior("Director", Lang::En).is_none());
        assert!(s.level_prior("Director - Delta", Lang::Fr).is_none());
    }

    #[test]
    fn a_reworded_qualifier_finds_the_nearest_ones_titles() {
        // Keys are stemmed content words: `pech gestion ocean` is `Pêches
        // et gestion des océans`.
        assert_eq!(
            near_qualifier("gestion pech ocean", "pech gestion ocean"),
            Some(1.0)
        );
        assert_eq!(
            near_qualifier("interfac commercial gi", "interfac affair gi"),
            Some(0.5)
        );
        // One shared word is not enough, nor is a third of them.
        assert_eq!(near_qualifier("verification intern", "verification"), None);
        assert_eq!(
            near_qualifier("gestion logement", "gestion hebergement"),
            None
        );

        let mut s = Siblings::default();
        s.add(
            "Gestionnaire - Pêche et gestion des océans",
            Lang::Fr,
            Some("ja:1"),
            vec!["80022".into()],
        );
        s.add(
            "Gestionnaire - Services de courrier",
            Lang::Fr,
            Some("ja:2"),
            vec!["13201".into()],
        );
        s.count_pairs();
        let mut want = Vec::new();
        sibling_features("directeur", "gestionnair", "80022", &mut want);
        assert_eq!(
            s.of(
                "Directeur - Gestion des pêches et des océans",
                Lang::Fr,
                None
            )
            .features(),
            want
        );
        // An exact qualifier still wins over a near one, and a far one
        // finds nothing.
        s.add(
            "Superviseur - Gestion des pêches et des océans",
            Lang::Fr,
            Some("ja:3"),
            vec!["82010".into()],
        );
        let mut exact = Vec::new();
        sibling_features("directeur", "superviseur", "82010", &mut exact);
        assert_eq!(
            s.of(
                "Directeur - Gestion des pêches et des océans",
                Lang::Fr,
                None
            )
            .features(),
            exact
        );
        assert!(s
            .of("Directeur - Gestion des logements", Lang::Fr, None)
            .features()
            .is_empty());
    }
}
