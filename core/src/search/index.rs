//! The search index: stored titles, the trained model and lexicon, and the
//! query path (rank unit groups, find the matched title, decide review).

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::explain;
use super::features::{hash, sum_by_hash, Feature, FeatureConfig};
use super::lexicon::{Cognates, Lexicon};
use super::model::{softmax, Labels, Model, Sample, TrainConfig};
use super::siblings::{noc_broad_category, noc_level, Siblings};
use super::text::{content_tokens, exact_key, fold, slash_forms, split_qualifier, strip_feminine};
use super::{Lang, SearchError, Source, TitleEntry, UnitGroup};

/// Everything that shapes an index. The defaults are what the 5-fold
/// evaluation over the visible job architecture settled on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchConfig {
    pub features: FeatureConfig,
    pub train: TrainConfig,
    /// Training weight of each source's titles.
    pub source_weights: Vec<(Source, f32)>,
    /// Training weight of NOC titles above the unit group (levels 1–4).
    pub group_title_weight: f32,
    /// Weight of a French title's English rendering in its features.
    pub translation_weight: f32,
    /// Logit added to the unit groups of an indexed title equal to the query.
    pub exact_boost: f32,
    /// Logit added to a sibling's unit group (same qualifier, another head),
    /// times how often those two heads agree in the job architecture.
    pub sibling_copy_boost: f32,
    /// Logit added to the unit groups the organisation files this head
    /// under where a sibling's head files under the sibling's unit group,
    /// times that share (see [`Siblings::transition_votes`]).
    pub sibling_transition_boost: f32,
    /// Weight of a `head - qualifier` query's level prior: how the job
    /// architecture files that head's titles by NOC level (see
    /// [`Siblings::level_prior`]).
    pub head_level_weight: f32,
    /// Weight of the broad category a `head - qualifier` query's domain
    /// reads as on its own, for heads filed mostly below the senior
    /// managers (see [`SearchIndex::broad_categories`]).
    pub domain_category_weight: f32,
    /// The share of that broad-category belief taken from the broad
    /// categories of the query's siblings' unit groups, when it has any
    /// (the rest is the domain read on its own).
    pub sibling_category_share: f32,
    /// Softmax temperature that turns logits into calibrated confidences.
    pub temperature: f32,
    /// Below this top confidence (`review_confidence` for English queries,
    /// `review_confidence_fr` for French ones: confidences are calibrated
    /// differently in each language), or this gap to the second, the
    /// answer needs review.
    pub review_confidence: f32,
    pub review_confidence_fr: f32,
    pub review_margin: f32,
    /// Below this share of the query's features known to the model (and no
    /// exact match), the search abstains.
    pub abstain_known: f32,
    /// Whether the serialised index carries O*NET titles (they are always
    /// used for training; storing them only serves `matched_title`).
    pub store_onet_titles: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            features: FeatureConfig::default(),
            train: TrainConfig::default(),
            source_weights: vec![
                (Source::OasisLabel, 2.0),
                (Source::OasisExample, 1.0),
                (Source::OasisIndex, 1.0),
                (Source::OasisInclusion, 0.5),
                (Source::NocTitle, 2.0),
                (Source::CopsTitle, 1.0),
                (Source::OnetAlternate, 0.0),
                (Source::JobArchitecture, 3.0),
                (Source::NocExample, 1.0),
            ],
            group_title_weight: 0.3,
            translation_weight: 0.8,
            exact_boost: 2.0,
            sibling_copy_boost: 3.0,
            sibling_transition_boost: 3.0,
            head_level_weight: 1.0,
            domain_category_weight: 0.5,
            sibling_category_share: 0.5,
            temperature: 1.0,
            // The most each language can flag is a third of its titles: on
            // the 5-fold evaluation (README) 0.60 with a 0.20 margin flags
            // 32.0% of English titles (92.3% right among the rest), and 0.76
            // flags 32.9% of French ones (90.8%).
            review_confidence: 0.60,
            review_confidence_fr: 0.76,
            review_margin: 0.20,
            abstain_known: 0.25,
            store_onet_titles: false,
        }
    }
}

impl SearchConfig {
    /// The least top confidence an answer in `lang` needs to stand without
    /// review.
    pub fn review_confidence(&self, lang: Lang) -> f32 {
        match lang {
            Lang::En => self.review_confidence,
            Lang::Fr => self.review_confidence_fr,
        }
    }

    pub fn weight(&self, s: Source) -> f32 {
        self.source_weights
            .iter()
            .find(|(x, _)| *x == s)
            .map(|(_, w)| *w)
            .unwrap_or(1.0)
    }
}

/// A title as the index stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Stored {
    text: String,
    lang: Lang,
    source: Source,
    /// Indices into the unit groups (a broad NOC title lists none: it is
    /// training data only).
    units: Vec<u16>,
    /// Index into its unit group's profiles, if known.
    profile: Option<u8>,
}

/// The stored titles as columns (one text with a title per line, a kind
/// byte each, unit counts, unit gaps, profiles): titles grouped by unit
/// group compress to about half what one struct per title does, and the
/// index must fit the app's 1 MB brotli budget.
mod titles_wire {
    use serde::{de::Error, Deserialize, Deserializer, Serialize, Serializer};

    use super::{Lang, Source, Stored};

    #[derive(Serialize, Deserialize)]
    struct Wire {
        text: String,
        /// Bit 0: French; bits 1–7: the source's position in `Source::ALL`.
        kinds: Vec<u8>,
        unit_counts: Vec<u8>,
        /// Each title's units, the first as a gap from the previous
        /// title's first (titles are sorted by unit group).
        units: Vec<u16>,
        /// 0: no profile; `i + 1`: the unit group's profile `i`.
        profiles: Vec<u8>,
    }

    pub fn serialize<S: Serializer>(titles: &[Stored], s: S) -> Result<S::Ok, S::Error> {
        let mut w = Wire {
            text: String::new(),
            kinds: Vec::with_capacity(titles.len()),
            unit_counts: Vec::with_capacity(titles.len()),
            units: Vec::new(),
            profiles: Vec::with_capacity(titles.len()),
        };
        let mut prev = 0u16;
        for (i, t) in titles.iter().enumerate() {
            if i > 0 {
                w.text.push('\n');
            }
            w.text.push_str(&t.text);
            let source = Source::ALL.iter().position(|x| *x == t.source).unwrap_or(0) as u8;
            w.kinds.push(source << 1 | u8::from(t.lang == Lang::Fr));
            w.unit_counts
                .push(u8::try_from(t.units.len()).map_err(serde::ser::Error::custom)?);
            for (j, &u) in t.units.iter().enumerate() {
                if j == 0 {
                    w.units.push(u.wrapping_sub(prev));
                    prev = u;
                } else {
                    w.units.push(u);
                }
            }
            w.profiles
                .push(t.profile.map_or(0, |p| p.saturating_add(1)));
        }
        w.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Stored>, D::Error> {
        let w = Wire::deserialize(d)?;
        let n = w.kinds.len();
        if w.unit_counts.len() != n || w.profiles.len() != n {
            return Err(D::Error::custom(
                "stored titles: columns of different lengths",
            ));
        }
        let texts: Vec<&str> = if n == 0 {
            Vec::new()
        } else {
            w.text.split('\n').collect()
        };
        if texts.len() != n {
            return Err(D::Error::custom("stored titles: text and columns disagree"));
        }
        let mut units = w.units.into_iter();
        let mut prev = 0u16;
        let mut out = Vec::with_capacity(n);
        for (i, text) in texts.into_iter().enumerate() {
            let mut us = Vec::with_capacity(w.unit_counts[i] as usize);
            for j in 0..w.unit_counts[i] {
                let v = units
                    .next()
                    .ok_or_else(|| D::Error::custom("stored titles: too few units"))?;
                if j == 0 {
                    prev = prev.wrapping_add(v);
                    us.push(prev);
                } else {
                    us.push(v);
                }
            }
            let kind = w.kinds[i];
            let source = Source::ALL
                .get(usize::from(kind >> 1))
                .copied()
                .ok_or_else(|| D::Error::custom("stored titles: unknown source"))?;
            out.push(Stored {
                text: text.to_string(),
                lang: if kind & 1 == 1 { Lang::Fr } else { Lang::En },
                source,
                units: us,
                profile: w.profiles[i].checked_sub(1),
            });
        }
        Ok(out)
    }
}

/// A query's logits and what produced them (see [`SearchIndex::scores`]).
struct Scores {
    z: Vec<f32>,
    /// The share of the query's features the model knows.
    known: f32,
    /// Indexed titles equal to the query, and their unit groups.
    exact_titles: Vec<u32>,
    exact_units: Vec<u16>,
    /// The query with misspelt words read as the nearest indexed ones.
    corrected: Option<String>,
}

/// How confident the answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// The top unit group is clear.
    Confident,
    /// The top two are too close, or the top one too weak: a person should
    /// check.
    NeedsReview,
    /// Nothing in the query is known to the index (empty, gibberish).
    Abstain,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confident => "confident",
            Status::NeedsReview => "needs_review",
            Status::Abstain => "abstain",
        }
    }
}

/// One ranked unit group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub unit_group: String,
    pub title_en: String,
    pub title_fr: Option<String>,
    pub profile_code: Option<String>,
    pub profile_label: Option<String>,
    /// The indexed title closest to the query within this unit group.
    pub matched_title: Option<String>,
    pub matched_source: Option<Source>,
    pub matched_lang: Option<Lang>,
    /// Whether the matched title equals the query (after normalisation).
    pub exact: bool,
    /// Calibrated probability that this unit group is the right one.
    pub confidence: f32,
    pub explanation_en: String,
    pub explanation_fr: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResult {
    pub query: String,
    pub lang: Lang,
    /// The English rendering a French query was also scored with.
    pub translation: Option<String>,
    pub status: Status,
    pub hits: Vec<Hit>,
}

impl SearchResult {
    pub fn needs_review(&self) -> bool {
        self.status != Status::Confident
    }
}

/// Sizes of a built index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexStats {
    pub titles_by_source: BTreeMap<String, usize>,
    pub stored_titles: usize,
    pub training_samples: usize,
    pub model_weights: usize,
    pub lexicon_words: usize,
    /// Titles dropped because none of their codes is a known NOC code.
    pub skipped_titles: usize,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SearchIndex {
    config: SearchConfig,
    units: Vec<UnitGroup>,
    labels: Labels,
    #[serde(with = "titles_wire")]
    titles: Vec<Stored>,
    model: Model,
    lexicon: Lexicon,
    stats: IndexStats,
    /// Built on first use: exact keys and per-unit title lists.
    #[serde(skip)]
    derived: OnceLock<Derived>,
    #[serde(skip)]
    cognates: OnceLock<Cognates>,
}

#[derive(Debug)]
struct Derived {
    exact: HashMap<String, Vec<u32>>,
    by_unit: Vec<Vec<u32>>,
    siblings: Siblings,
    /// Each unit group's NOC level and broad category, parsed once rather
    /// than for every query that leans on them.
    unit_levels: Vec<Option<usize>>,
    unit_categories: Vec<Option<usize>>,
    /// Folded words of the stored titles → which languages use them
    /// ([`EN_WORD`] | [`FR_WORD`]): a word only French titles use
    /// (`camionneur`) marks a query as French without any accent.
    words: HashMap<String, u8>,
    /// The same words by first letter, sorted, as characters: where a
    /// misspelt query word finds its correction ([`SearchIndex::spelling`]).
    by_initial: HashMap<char, Vec<Vec<char>>>,
    /// Each stored title's content-word hashes, computed on first use:
    /// choosing a hit's matched title and profile compares them with every
    /// query, and folding and stemming the same titles again for each query
    /// took most of batch coding's time (10,000 titles: 23 s → see README).
    /// Lazily, so that loading the index in the browser does not pay for
    /// every title.
    tokens: Vec<OnceLock<Box<[u32]>>>,
}

const EN_WORD: u8 = 1;
const FR_WORD: u8 = 2;

/// Whether the index stores a title (every title trains the model; a broad
/// NOC title or, unless configured, an O*NET title is not kept).
fn stores(e: &TitleEntry, config: &SearchConfig) -> bool {
    e.codes.iter().all(|c| c.len() >= 5)
        && (e.source != Source::OnetAlternate || config.store_onet_titles)
}

/// Each broad category's share of `codes` (`None` without codes).
fn broad_category_shares<'a>(codes: impl Iterator<Item = &'a str>) -> Option<[f32; 10]> {
    let mut shares = [0f32; 10];
    let mut n = 0usize;
    for code in codes {
        n += 1;
        if let Some(c) = noc_broad_category(code) {
            shares[c] += 1.0;
        }
    }
    (n > 0).then(|| shares.map(|s| s / n as f32))
}

/// The content-word hashes of a stored title, as queries' are hashed.
fn title_tokens(t: &Stored) -> Box<[u32]> {
    content_tokens(&t.text, t.lang)
        .iter()
        .map(|x| hash(0, &[x]))
        .collect()
}

/// How many of a stored title's content words (`toks`) the query has
/// (`qtok`: the query's word hashes), and their Dice coefficient.
fn word_overlap(toks: &[u32], qtok: &[u32]) -> (usize, f32) {
    let shared = toks.iter().filter(|x| qtok.contains(x)).count();
    let dice = 2.0 * shared as f32 / (toks.len() + qtok.len()).max(1) as f32;
    (shared, dice)
}

/// The mean of sparse feature vectors, sorted by hash.
fn mean_features(mut vs: Vec<Vec<Feature>>) -> Vec<Feature> {
    if vs.len() == 1 {
        return vs.pop().unwrap_or_default();
    }
    let n = vs.len().max(1) as f32;
    sum_by_hash(vs.into_iter().flatten().map(|(h, v)| (h, v / n)).collect())
}

/// Expands a NOC code to the unit groups under it.
fn expand(labels: &Labels, code: &str) -> Vec<u16> {
    if code.len() == 5 {
        return labels
            .index(code)
            .map(|i| vec![i as u16])
            .unwrap_or_default();
    }
    labels
        .codes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.starts_with(code))
        .map(|(i, _)| i as u16)
        .collect()
}

impl SearchIndex {
    /// Builds the index: stores the titles, learns the lexicon from the EN/FR
    /// pairs (entries sharing a `key`) and trains the model.
    pub fn build(
        entries: &[TitleEntry],
        mut units: Vec<UnitGroup>,
        config: &SearchConfig,
    ) -> Result<SearchIndex, SearchError> {
        if units.is_empty() {
            return Err(SearchError::NoUnitGroups);
        }
        units.sort_by(|a, b| a.code.cmp(&b.code));
        units.dedup_by(|a, b| a.code == b.code);
        let labels = Labels::new(units.iter().map(|u| u.code.clone()).collect());

        // Translation pairs: entries sharing a key, one per language.
        let mut by_key: BTreeMap<&str, (Vec<&str>, Vec<&str>)> = BTreeMap::new();
        for e in entries {
            if let Some(k) = &e.key {
                let slot = by_key.entry(k).or_default();
                match e.lang {
                    Lang::En => slot.0.push(&e.text),
                    Lang::Fr => slot.1.push(&e.text),
                }
            }
        }
        let mut pairs: Vec<(String, &str)> = Vec::new();
        for (en, fr) in by_key.values() {
            if let (Some(e), Some(f)) = (en.first(), fr.first()) {
                // A slash form pairs its first (masculine) form.
                let f0 = slash_forms(f).into_iter().next().unwrap_or_default();
                pairs.push((f0, e));
            }
        }
        let lexicon = Lexicon::learn(pairs.iter().map(|(f, e)| (f.as_str(), *e)));

        // Each entry's unit groups (a broader NOC code stands for all those
        // under it).
        let unit_targets: Vec<Vec<u16>> = entries
            .iter()
            .map(|e| {
                let mut t: Vec<u16> = e.codes.iter().flat_map(|c| expand(&labels, c)).collect();
                t.sort_unstable();
                t.dedup();
                t
            })
            .collect();
        let mut siblings = Siblings::default();
        for (e, targets) in entries.iter().zip(&unit_targets) {
            if e.source == Source::JobArchitecture {
                let codes = targets.iter().map(|&u| labels.codes[u as usize].clone());
                siblings.add(&e.text, e.lang, e.key.as_deref(), codes.collect());
            }
        }
        // The English words French training titles may be cognates of: the
        // ones a query will find, i.e. those of the titles the index stores.
        let cognates = Cognates::new(
            entries
                .iter()
                .zip(&unit_targets)
                .filter(|(e, t)| e.lang == Lang::En && stores(e, config) && !t.is_empty())
                .map(|(e, _)| e.text.as_str()),
        );

        let mut titles = Vec::with_capacity(entries.len());
        let mut samples = Vec::with_capacity(entries.len());
        let mut by_source: BTreeMap<String, usize> = BTreeMap::new();
        let mut skipped = 0usize;
        for (e, targets) in entries.iter().zip(unit_targets) {
            let group = e.codes.iter().any(|c| c.len() < 5);
            if targets.is_empty() || e.text.trim().is_empty() {
                skipped += 1;
                continue;
            }
            *by_source.entry(e.source.as_str().to_string()).or_default() += 1;
            let weight = if group {
                config.group_title_weight
            } else {
                config.weight(e.source)
            };
            if weight > 0.0 {
                let share = 1.0 / targets.len() as f32;
                // A slash title (`Serrurier/serrurière`) is one sample whose
                // features are the mean of its forms': both forms are
                // learnt, at the cost of one title.
                let forms: Vec<Vec<Feature>> = slash_forms(&e.text)
                    .iter()
                    .map(|f| {
                        let extra = match e.lang {
                            Lang::Fr if config.translation_weight > 0.0 => vec![(
                                lexicon.translate_with(f, &cognates).0,
                                config.translation_weight,
                            )],
                            _ => Vec::new(),
                        };
                        let sib = siblings.of(f, e.lang, e.key.as_deref()).features();
                        config.features.features_with(f, e.lang, &extra, &sib)
                    })
                    .collect();
                samples.push(Sample {
                    features: mean_features(forms),
                    targets: targets.iter().map(|&t| (t, share)).collect(),
                    weight,
                });
            }
            if !stores(e, config) {
                continue;
            }
            let unit0 = targets[0] as usize;
            let profile = e.profile.as_ref().and_then(|p| {
                units[unit0]
                    .profiles
                    .iter()
                    .position(|(c, _)| c == p)
                    .and_then(|i| u8::try_from(i).ok())
            });
            titles.push(Stored {
                // One line per title on the wire (see `titles_wire`).
                text: e.text.trim().replace(['\n', '\r'], " "),
                lang: e.lang,
                source: e.source,
                units: targets,
                profile,
            });
        }
        // Grouped by unit group, so the stored titles compress well.
        titles.sort_by_key(|t| (t.units.first().copied(), t.lang, t.source));
        let model = Model::train(&labels, &samples, &config.train);
        let stats = IndexStats {
            titles_by_source: by_source,
            stored_titles: titles.len(),
            training_samples: samples.len(),
            model_weights: model.weights(),
            lexicon_words: lexicon.len(),
            skipped_titles: skipped,
        };
        Ok(SearchIndex {
            config: config.clone(),
            units,
            labels,
            titles,
            model,
            lexicon,
            stats,
            derived: OnceLock::new(),
            cognates: OnceLock::new(),
        })
    }

    pub fn stats(&self) -> &IndexStats {
        &self.stats
    }

    pub fn config(&self) -> &SearchConfig {
        &self.config
    }

    pub fn unit_groups(&self) -> &[UnitGroup] {
        &self.units
    }

    pub fn unit_group(&self, code: &str) -> Option<&UnitGroup> {
        self.labels.index(code).map(|i| &self.units[i])
    }

    /// The index as bytes (postcard), for the app.
    pub fn to_bytes(&self) -> Result<Vec<u8>, SearchError> {
        postcard::to_allocvec(self).map_err(|e| SearchError::Encoding(e.to_string()))
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<SearchIndex, SearchError> {
        let index: SearchIndex =
            postcard::from_bytes(bytes).map_err(|e| SearchError::Encoding(e.to_string()))?;
        // Queries index by these: a file that decodes but points outside
        // its own tables is as corrupt as one that does not decode.
        if index.labels.len() != index.units.len()
            || !index.labels.is_consistent()
            || !index.model.is_consistent()
            || index
                .titles
                .iter()
                .any(|t| t.units.iter().any(|&u| usize::from(u) >= index.units.len()))
        {
            return Err(SearchError::Encoding(
                "a stored title names a unit group the index does not have".into(),
            ));
        }
        Ok(index)
    }

    fn derived(&self) -> &Derived {
        self.derived.get_or_init(|| {
            let mut exact: HashMap<String, Vec<u32>> = HashMap::new();
            let mut by_unit = vec![Vec::new(); self.units.len()];
            let mut siblings = Siblings::default();
            let mut words: HashMap<String, u8> = HashMap::new();
            for (i, t) in self.titles.iter().enumerate() {
                let bit = match t.lang {
                    Lang::En => EN_WORD,
                    Lang::Fr => FR_WORD,
                };
                for w in fold(&strip_feminine(&t.text)).split_whitespace() {
                    *words.entry(w.to_string()).or_default() |= bit;
                }
                if t.source == Source::JobArchitecture {
                    let codes = t
                        .units
                        .iter()
                        .map(|&u| self.labels.codes[u as usize].clone());
                    siblings.add(&t.text, t.lang, None, codes.collect());
                }
                for f in slash_forms(&t.text) {
                    let k = exact_key(&f, t.lang);
                    if !k.is_empty() {
                        let v = exact.entry(k).or_default();
                        if v.last() != Some(&(i as u32)) {
                            v.push(i as u32);
                        }
                    }
                }
                for &u in &t.units {
                    by_unit[u as usize].push(i as u32);
                }
            }
            siblings.count_pairs();
            let mut by_initial: HashMap<char, Vec<Vec<char>>> = HashMap::new();
            for w in words.keys() {
                if let Some(c) = w.chars().next() {
                    by_initial.entry(c).or_default().push(w.chars().collect());
                }
            }
            by_initial.values_mut().for_each(|v| v.sort_unstable());
            Derived {
                exact,
                by_unit,
                siblings,
                unit_levels: self.units.iter().map(|u| noc_level(&u.code)).collect(),
                unit_categories: self
                    .units
                    .iter()
                    .map(|u| noc_broad_category(&u.code))
                    .collect(),
                words,
                by_initial,
                tokens: self.titles.iter().map(|_| OnceLock::new()).collect(),
            }
        })
    }

    /// Stored title `i`'s content-word hashes (see [`Derived::tokens`]).
    fn tokens_of(&self, i: u32) -> &[u32] {
        self.derived().tokens[i as usize].get_or_init(|| title_tokens(&self.titles[i as usize]))
    }

    /// The English words French queries may be cognates of, built on the
    /// first French query (a third of the warm-up time, which English-only
    /// use never needs).
    fn cognates(&self) -> &Cognates {
        self.cognates.get_or_init(|| {
            let english = self.titles.iter().filter(|t| t.lang == Lang::En);
            Cognates::new(english.map(|t| t.text.as_str()))
        })
    }

    /// Guesses the language of a query: French accents, articles and
    /// feminine brackets, or words the lexicon translates to something else.
    pub fn detect_lang(&self, q: &str) -> Lang {
        if q.chars().any(|c| "éèêëàâçôîïûùüœÉÈÊÀÂÇÔÎ".contains(c)) {
            return Lang::Fr;
        }
        if strip_feminine(q) != q {
            return Lang::Fr;
        }
        let toks: Vec<String> = fold(q).split_whitespace().map(str::to_string).collect();
        let fr_words = [
            "de", "du", "des", "la", "le", "les", "aux", "au", "et", "en", "d", "l", "pour",
        ];
        let en_words = ["of", "and", "the", "for", "in"];
        let fr = toks
            .iter()
            .filter(|t| fr_words.contains(&t.as_str()))
            .count();
        let en = toks
            .iter()
            .filter(|t| en_words.contains(&t.as_str()))
            .count();
        if fr != en {
            return if fr > en { Lang::Fr } else { Lang::En };
        }
        // Words only one language's titles use.
        let words = &self.derived().words;
        let only = |bit: u8| {
            toks.iter()
                .filter(|t| words.get(t.as_str()) == Some(&bit))
                .count()
        };
        let (fr, en) = (only(FR_WORD), only(EN_WORD));
        if fr != en {
            return if fr > en { Lang::Fr } else { Lang::En };
        }
        let stems = content_tokens(q, Lang::Fr);
        let foreign = stems
            .iter()
            .filter(|s| {
                self.lexicon
                    .get(s)
                    .is_some_and(|tr| tr[0].0 != **s && tr[0].1 > 128)
            })
            .count();
        if !stems.is_empty() && foreign * 2 > stems.len() {
            Lang::Fr
        } else {
            Lang::En
        }
    }

    /// The query with each unknown word of four letters or more replaced
    /// by the indexed word closest to it (same first letter, length within
    /// two, RapidFuzz ratio ≥ 85; the first in alphabetical order on a
    /// tie), or `None` when no word changes. Unknown words with no close
    /// indexed word (names, gibberish) stay as they are.
    fn spelling(&self, query: &str) -> Option<String> {
        let d = self.derived();
        let folded = fold(&strip_feminine(query));
        let mut changed = false;
        let mut out: Vec<String> = Vec::new();
        for t in folded.split_whitespace() {
            let chars: Vec<char> = t.chars().collect();
            let candidates = chars.first().and_then(|c| d.by_initial.get(c));
            let best = match candidates {
                Some(words) if chars.len() >= 4 && !d.words.contains_key(t) => {
                    let mut best: Option<(f64, &Vec<char>)> = None;
                    for w in words {
                        if w.len().abs_diff(chars.len()) > 2 {
                            continue;
                        }
                        let r = crate::fuzz::Scorer::Ratio.score_chars_with_cutoff(&chars, w, 85.0);
                        if r >= 85.0 && best.is_none_or(|(b, _)| r > b) {
                            best = Some((r, w));
                        }
                    }
                    best.map(|(_, w)| w.iter().collect::<String>())
                }
                _ => None,
            };
            changed |= best.is_some();
            out.push(best.unwrap_or_else(|| t.to_string()));
        }
        changed.then(|| out.join(" "))
    }

    /// Ranks unit groups for a free-text title; `top` hits at most.
    pub fn search(&self, query: &str, top: usize) -> SearchResult {
        self.search_lang(query, None, top)
    }

    /// As [`search`](Self::search), with the query language given (or
    /// detected when `None`).
    pub fn search_lang(&self, query: &str, lang: Option<Lang>, top: usize) -> SearchResult {
        self.search_with(query, lang, None, top)
    }

    /// As [`search`](Self::search), for a reader of `reader`: where the
    /// evidence allows, each hit's matched title is in the reader's language
    /// (an English page shows `Chefs`, not the French `Chefs` its detected-
    /// French query also matches; `machinist` shows an English title of
    /// 53111 rather than `Machiniste de plateau`). The ranking is the same
    /// as [`search`](Self::search)'s: only the evidence shown changes.
    pub fn search_for(
        &self,
        query: &str,
        lang: Option<Lang>,
        reader: Lang,
        top: usize,
    ) -> SearchResult {
        self.search_with(query, lang, Some(reader), top)
    }

    fn search_with(
        &self,
        query: &str,
        lang: Option<Lang>,
        reader: Option<Lang>,
        top: usize,
    ) -> SearchResult {
        let lang = lang.unwrap_or_else(|| self.detect_lang(query));
        let reader = reader.unwrap_or(lang);
        let translation = match lang {
            Lang::Fr => Some(self.lexicon.translate_with(query, self.cognates()).0),
            Lang::En => None,
        };
        let Scores {
            mut z,
            known,
            exact_titles,
            exact_units,
            corrected,
        } = self.scores(query, lang, translation.as_deref());
        let empty = query.trim().is_empty()
            || (known < self.config.abstain_known && exact_units.is_empty());
        let t = self.config.temperature.max(1e-3);
        z.iter_mut().for_each(|v| *v /= t);
        softmax(&mut z);
        let mut order: Vec<usize> = (0..z.len()).collect();
        order.sort_by(|&a, &b| z[b].total_cmp(&z[a]).then(a.cmp(&b)));
        let (p1, p2) = (z[order[0]], order.get(1).map(|&i| z[i]).unwrap_or(0.0));
        let status = if empty {
            Status::Abstain
        } else if p1 < self.config.review_confidence(lang) || p1 - p2 < self.config.review_margin {
            Status::NeedsReview
        } else {
            Status::Confident
        };
        let hits = if empty {
            Vec::new()
        } else {
            let read = match &corrected {
                Some(c) => format!("{query} {c}"),
                None => query.to_string(),
            };
            let qtok = self.query_tokens(&read, lang, translation.as_deref());
            order
                .iter()
                .take(top)
                .enumerate()
                .map(|(rank, &u)| {
                    let m = self.best_title(u, &qtok, &exact_titles, lang, reader);
                    let next = order
                        .get(rank + 1)
                        .map(|&n| (self.units[n].code.as_str(), z[n]));
                    self.hit(u, z[u], m, &qtok, rank, next)
                })
                .collect()
        };
        SearchResult {
            query: query.to_string(),
            lang,
            translation,
            status,
            hits,
        }
    }

    /// A query's logit per unit group, before the temperature: the model's,
    /// then the exact matches and the sibling votes and priors.
    fn scores(&self, query: &str, lang: Lang, translation: Option<&str>) -> Scores {
        let d = self.derived();
        let extra: Vec<(String, f32)> = translation
            .iter()
            .map(|t| (t.to_string(), self.config.translation_weight))
            .collect();
        let siblings = d.siblings.of(query, lang, None);
        let sib = siblings.features();
        let fc = &self.config.features;
        let feats = fc.features_with(query, lang, &extra, &sib);
        // A misspelt word (`sofware`) is also read as the indexed word it is
        // closest to (`software`): half the features from each reading.
        let corrected = self.spelling(query);
        let feats = match &corrected {
            Some(c) => mean_features(vec![feats, fc.features_with(c, lang, &extra, &sib)]),
            None => feats,
        };
        let mut z = Vec::new();
        let known = self.model.logits(&self.labels, &feats, &mut z);

        // Exact matches: an indexed title equal to the query.
        let mut exact_titles: Vec<u32> = Vec::new();
        for f in slash_forms(query) {
            if let Some(v) = d.exact.get(&exact_key(&f, lang)) {
                exact_titles.extend(v);
            }
        }
        let mut exact_units: Vec<u16> = exact_titles
            .iter()
            .flat_map(|&i| self.titles[i as usize].units.iter().copied())
            .collect();
        exact_units.sort_unstable();
        exact_units.dedup();
        for &u in &exact_units {
            z[u as usize] += self.config.exact_boost;
        }
        // A sibling's unit group, as often as the two heads agree, and where
        // the organisation files this head when a sibling's head is at the
        // sibling's unit group.
        let copies = d.siblings.copy_votes(&siblings);
        let transitions = d.siblings.transition_votes(&siblings);
        let sibling_categories = broad_category_shares(copies.iter().map(|(code, _)| *code));
        self.add_votes(&mut z, copies, self.config.sibling_copy_boost);
        self.add_votes(&mut z, transitions, self.config.sibling_transition_boost);
        if let Some(prior) = d.siblings.level_prior(query, lang) {
            for (zu, level) in z.iter_mut().zip(&d.unit_levels) {
                if let Some(l) = *level {
                    *zu += self.config.head_level_weight * prior.at(l);
                }
            }
            // Only a head filed mostly below the senior managers: a `Director
            // General - X` is in `00` whatever broad category X reads as.
            let w = self.config.domain_category_weight;
            if w != 0.0 && !prior.mostly_senior_management() {
                if let (_, Some(domain)) = split_qualifier(query) {
                    // The organisation's own filing of the domain (its
                    // siblings' unit groups), where it has one, is half the
                    // belief: on the 5-fold evaluation that put `Director -
                    // Investigation` (10010) and `Superviseur(e) - Affaires
                    // indigènes` (41403) first.
                    let mut categories = self.broad_categories(domain, lang);
                    if let Some(siblings) = sibling_categories {
                        let share = self.config.sibling_category_share;
                        for (c, s) in categories.iter_mut().zip(siblings) {
                            *c = (1.0 - share) * *c + share * s;
                        }
                    }
                    for (zu, category) in z.iter_mut().zip(&d.unit_categories) {
                        if let Some(c) = *category {
                            *zu += w * categories[c].ln();
                        }
                    }
                }
            }
        }
        Scores {
            z,
            known,
            exact_titles,
            exact_units,
            corrected,
        }
    }

    /// Adds `boost` times each unit group's vote to its logit; of several
    /// votes for one unit group (one per sibling), the strongest counts.
    fn add_votes(&self, z: &mut [f32], votes: Vec<(&str, f32)>, boost: f32) {
        let mut strongest: BTreeMap<usize, f32> = BTreeMap::new();
        for (code, vote) in votes {
            if let Some(u) = self.labels.index(code) {
                let v = strongest.entry(u).or_default();
                *v = v.max(vote);
            }
        }
        for (u, vote) in strongest {
            z[u] += boost * vote;
        }
    }

    fn query_tokens(&self, query: &str, lang: Lang, translation: Option<&str>) -> Vec<u32> {
        let mut v: Vec<u32> = content_tokens(query, lang)
            .iter()
            .map(|t| hash(0, &[t]))
            .collect();
        if let Some(tr) = translation {
            v.extend(content_tokens(tr, Lang::En).iter().map(|t| hash(0, &[t])));
        }
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The unit group's indexed title closest to the query: an exact match
    /// (in the reader's language, then the query's, first), then a title in
    /// the reader's language sharing words with the query (or its English
    /// rendering), then one in the query's language, then any title; among
    /// those the most shared words (Dice), then the shorter title. A reader
    /// is never shown a title in the other language when one in theirs
    /// shares a word with the query. Without a reader, the reader is the
    /// query's language.
    fn best_title(
        &self,
        u: usize,
        qtok: &[u32],
        exact: &[u32],
        lang: Lang,
        reader: Lang,
    ) -> Option<(u32, bool)> {
        let d = self.derived();
        let in_unit = |i: &&u32| self.titles[**i as usize].units.contains(&(u as u16));
        let in_lang = |l: Lang| move |i: &&u32| self.titles[**i as usize].lang == l;
        // The published title is the evidence before the organisation's own
        // copy of it (`Serrurier/serrurière` before `Serrurier(ière)`).
        let own = |i: &&u32| self.titles[**i as usize].source == Source::JobArchitecture;
        if let Some(&i) = exact
            .iter()
            .filter(in_unit)
            .filter(in_lang(reader))
            .min_by_key(own)
            .or_else(|| {
                exact
                    .iter()
                    .filter(in_unit)
                    .filter(in_lang(lang))
                    .min_by_key(own)
            })
            .or_else(|| exact.iter().find(in_unit))
        {
            return Some((i, true));
        }
        // (shares a word, in the reader's language, in the query's
        // language, Dice less a shade per character): best wins. A title sharing a word is the
        // evidence even in the other language (`Machiniste de plateau` for
        // `machinist`, the same word once folded); the page marks its
        // language.
        type Key = (bool, bool, bool, f32);
        let mut best: Option<(Key, u32)> = None;
        for &i in &d.by_unit[u] {
            let t = &self.titles[i as usize];
            let (shared, dice) = word_overlap(self.tokens_of(i), qtok);
            let key: Key = (
                shared > 0,
                t.lang == reader,
                t.lang == lang,
                dice - t.text.len() as f32 * 1e-4,
            );
            if best
                .as_ref()
                .is_none_or(|(k, _)| key.partial_cmp(k).is_some_and(|o| o.is_gt()))
            {
                best = Some((key, i));
            }
        }
        best.map(|(_, i)| (i, false))
    }

    /// The profile of the unit group's profiled title sharing the most
    /// words with the query (and its English rendering): how a title no
    /// profile lists (a NOC example, a French title) still gets the right
    /// one of several (`serrurier` → Locksmiths, not Gunsmiths).
    fn profile_by_words(&self, u: usize, qtok: &[u32]) -> Option<u8> {
        let mut best: Option<(f32, u8)> = None;
        for &i in &self.derived().by_unit[u] {
            let t = &self.titles[i as usize];
            let Some(p) = t.profile else { continue };
            let (shared, dice) = word_overlap(self.tokens_of(i), qtok);
            if shared == 0 {
                continue;
            }
            if best.is_none_or(|(d, _)| dice > d) {
                best = Some((dice, p));
            }
        }
        best.map(|(_, p)| p)
    }

    /// The share of the model's belief in each NOC broad category (the
    /// code's first digit) when `domain` is read on its own. `Director -
    /// Carpentry` is a manager (TEER 0) by its head, and its domain reads as
    /// the trades (`7`): leaning to that category ranks 70010 Construction
    /// managers above the managers of other domains; on the 5-fold
    /// evaluation this gained English `Director` titles 4 points of top-5.
    /// A floor keeps a category the domain never names possible.
    fn broad_categories(&self, domain: &str, lang: Lang) -> [f32; 10] {
        let features = self.config.features.features_with(domain, lang, &[], &[]);
        let mut z = Vec::new();
        self.model.logits(&self.labels, &features, &mut z);
        softmax(&mut z);
        let mut categories = [1e-3; 10];
        for (p, category) in z.iter().zip(&self.derived().unit_categories) {
            if let Some(c) = *category {
                categories[c] += p;
            }
        }
        categories
    }

    fn hit(
        &self,
        u: usize,
        p: f32,
        m: Option<(u32, bool)>,
        qtok: &[u32],
        rank: usize,
        next: Option<(&str, f32)>,
    ) -> Hit {
        let unit = &self.units[u];
        let title = m.map(|(i, _)| &self.titles[i as usize]);
        let profile = title
            .and_then(|t| t.profile)
            .or_else(|| {
                (unit.profiles.len() > 1)
                    .then(|| self.profile_by_words(u, qtok))
                    .flatten()
            })
            .and_then(|i| unit.profiles.get(i as usize))
            .or_else(|| unit.profiles.first());
        let (en, fr) = explain::explain(&explain::Why {
            unit_group: &unit.code,
            title_en: &unit.title_en,
            title_fr: unit.title_fr.as_deref(),
            matched: title.map(|t| (t.text.as_str(), t.source)),
            exact: m.is_some_and(|(_, e)| e),
            confidence: p,
            rank,
            next,
        });
        Hit {
            unit_group: unit.code.clone(),
            title_en: unit.title_en.clone(),
            title_fr: unit.title_fr.clone(),
            profile_code: profile.map(|p| p.0.clone()),
            profile_label: profile.map(|p| p.1.clone()),
            matched_title: title.map(|t| t.text.clone()),
            matched_source: title.map(|t| t.source),
            matched_lang: title.map(|t| t.lang),
            exact: m.is_some_and(|(_, e)| e),
            confidence: p,
            explanation_en: en,
            explanation_fr: fr,
        }
    }
}
