//! `jobforge eval --input FILE.csv --title-column Job_Title --gold-column
//! 2021_NOC_UID`: top-1 / top-5 accuracy at every NOC level, per language,
//! with the abstain and needs-review rates and the precision of the answers
//! not flagged for review.
//!
//! When an evaluated row is also in the index (the visible job architecture
//! evaluated against itself), the row is left out of the index that answers
//! it: such rows are split into k folds and each fold is answered by an index
//! built without that fold's rows (their English and French titles both).
//! No title is ever scored against itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use jobforge_core::search::text::exact_key;
use jobforge_core::search::{Lang, SearchConfig, SearchIndex, Status};

use super::code::{pad_code, CodeError, Input};
use crate::search_data::SearchData;

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error(transparent)]
    Input(#[from] CodeError),
    #[error(transparent)]
    Search(#[from] jobforge_core::search::SearchError),
    #[error("{0}: {1}")]
    Write(String, #[source] std::io::Error),
}

pub struct EvalArgs<'a> {
    pub input: &'a Path,
    pub title_columns: &'a [String],
    pub gold_column: &'a str,
    /// Column with the row id (`JT_ID`): rows whose `ja:<id>` key is in the
    /// index are left out of it. Titles equal to an indexed job-architecture
    /// title are left out too, id or not.
    pub id_column: Option<&'a str>,
    pub folds: usize,
    /// Force the language of every title column (default: detected per column).
    pub lang: Option<Lang>,
    /// Also write the full index (trained on every row) here, to measure
    /// its size with the settings being evaluated.
    pub save_index: Option<&'a Path>,
}

/// Counts for one language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LangReport {
    pub rows: usize,
    /// `[level 5, 4, 3, 2, 1]`: correct at rank 1 and within the top 5.
    pub top1: [usize; 5],
    pub top5: [usize; 5],
    pub abstained: usize,
    pub needs_review: usize,
    /// Rows answered with no review flag, and how many of them were right.
    pub confident: usize,
    pub confident_correct: usize,
    /// Per row: top confidence, gap to the second, top-1 correct. For
    /// choosing review thresholds.
    pub scored: Vec<(f32, f32, bool)>,
}

impl LangReport {
    /// Share flagged and precision of the rest if rows with confidence below
    /// `min_conf` or gap below `min_gap` were flagged.
    pub fn review_at(&self, min_conf: f32, min_gap: f32) -> (f64, f64) {
        let kept: Vec<bool> = self
            .scored
            .iter()
            .filter(|(p, g, _)| *p >= min_conf && *g >= min_gap)
            .map(|x| x.2)
            .collect();
        let n = self.scored.len().max(1) as f64;
        let flagged = 1.0 - kept.len() as f64 / n;
        let precision = kept.iter().filter(|&&c| c).count() as f64 / kept.len().max(1) as f64;
        (flagged, precision)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvalReport {
    pub by_lang: BTreeMap<Lang, LangReport>,
    pub skipped_no_gold: usize,
    pub left_out_rows: usize,
    pub folds: usize,
    /// Sizes of the full index.
    pub index: Option<jobforge_core::search::index::IndexStats>,
    /// Every evaluated row's answer, in input order (for `--rows FILE`).
    pub rows: Vec<RowAnswer>,
}

/// One evaluated title and what the search answered.
#[derive(Debug, Clone, PartialEq)]
pub struct RowAnswer {
    pub lang: Lang,
    pub title: String,
    pub gold: String,
    /// The top five unit groups, best first.
    pub ranked: Vec<String>,
    pub status: Status,
    pub confidence: f32,
    /// The English rendering a French title was also scored with.
    pub translation: Option<String>,
    /// The fold whose index answered the row (it was left out of that
    /// index), or `None` for a row the full index answered: another model
    /// (the anchor, `tools/anchor_svm.py`) can be run on the same folds.
    pub fold: Option<usize>,
}

pub const LEVELS: [usize; 5] = [5, 4, 3, 2, 1];

struct Query {
    text: String,
    lang: Lang,
    gold: String,
    /// The job-architecture key to leave out, if the row is indexed.
    leave_out: Option<String>,
}

pub fn run(
    data: &SearchData,
    config: &SearchConfig,
    args: &EvalArgs,
) -> Result<EvalReport, EvalError> {
    let input = Input::read(args.input)?;
    let gcol = input.column(args.input, args.gold_column)?;
    // The id column is optional: a file without it is matched by title only.
    let icol = args
        .id_column
        .and_then(|c| input.column(args.input, c).ok());
    let tcols = args
        .title_columns
        .iter()
        .map(|c| input.column(args.input, c))
        .collect::<Result<Vec<_>, _>>()?;

    // Which job-architecture rows the index holds, by key and by title.
    let mut ja_keys: BTreeSet<&str> = BTreeSet::new();
    let mut ja_titles: BTreeMap<(Lang, String), &str> = BTreeMap::new();
    for e in &data.entries {
        if let (jobforge_core::search::Source::JobArchitecture, Some(k)) = (e.source, &e.key) {
            ja_keys.insert(k);
            ja_titles.insert((e.lang, exact_key(&e.text, e.lang)), k);
        }
    }

    // A full index answers rows that are not in it, and detects languages.
    let full = SearchIndex::build(&data.entries, data.unit_groups.clone(), config)?;
    let mut queries = Vec::new();
    let mut report = EvalReport {
        folds: args.folds.max(2),
        ..EvalReport::default()
    };
    report.index = Some(full.stats().clone());
    if let Some(p) = args.save_index {
        std::fs::write(p, full.to_bytes()?)
            .map_err(|e| EvalError::Write(p.display().to_string(), e))?;
    }
    for &tc in &tcols {
        let lang = args.lang.unwrap_or_else(|| column_lang(&full, &input, tc));
        for i in 0..input.rows.len() {
            let Some(gold) = input.text(i, gcol).map(pad_code) else {
                report.skipped_no_gold += 1;
                continue;
            };
            let text = input.text(i, tc).unwrap_or("").to_string();
            let by_id = icol
                .and_then(|c| input.text(i, c))
                .map(|id| format!("ja:{id}"))
                .filter(|k| ja_keys.contains(k.as_str()));
            let by_title = ja_titles
                .get(&(lang, exact_key(&text, lang)))
                .map(|k| k.to_string());
            queries.push(Query {
                text,
                lang,
                gold,
                leave_out: by_id.or(by_title),
            });
        }
    }

    // Fold of each left-out key: a deterministic spread (keys sorted, dealt
    // round-robin after a fixed shuffle).
    let mut keys: Vec<&str> = queries
        .iter()
        .filter_map(|q| q.leave_out.as_deref())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let mut shuffled = keys.clone();
    let mut s: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in (1..shuffled.len()).rev() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        shuffled.swap(i, (s % (i as u64 + 1)) as usize);
    }
    let k = report.folds;
    let fold_of: BTreeMap<&str, usize> = shuffled
        .iter()
        .enumerate()
        .map(|(i, key)| (*key, i % k))
        .collect();
    report.left_out_rows = queries.iter().filter(|q| q.leave_out.is_some()).count();

    let mut answered: Vec<Option<Answer>> = vec![None; queries.len()];
    // Folds are independent: two at a time. A fold's training spreads its
    // three runs over the cores, and the third run leaves one idle; a second
    // fold fills it.
    let fold_answers: Vec<Result<Vec<(usize, Answer)>, EvalError>> = std::thread::scope(|s| {
        let run_fold = |f: usize| -> Result<Vec<(usize, Answer)>, EvalError> {
            let out: BTreeSet<&str> = fold_of
                .iter()
                .filter(|(_, &v)| v == f)
                .map(|(k, _)| *k)
                .collect();
            if out.is_empty() {
                return Ok(Vec::new());
            }
            let entries: Vec<_> = data
                .entries
                .iter()
                .filter(|e| e.key.as_deref().is_none_or(|key| !out.contains(key)))
                .cloned()
                .collect();
            let idx = SearchIndex::build(&entries, data.unit_groups.clone(), config)?;
            Ok(queries
                .iter()
                .enumerate()
                .filter(|(_, q)| q.leave_out.as_deref().is_some_and(|key| out.contains(key)))
                .map(|(qi, q)| (qi, answer(&idx, q)))
                .collect())
        };
        let mut results = Vec::new();
        for pair in (0..k).collect::<Vec<_>>().chunks(2) {
            let hs: Vec<_> = pair.iter().map(|&f| s.spawn(move || run_fold(f))).collect();
            for h in hs {
                results.push(h.join().expect("evaluation worker panicked"));
            }
        }
        results
    });
    for r in fold_answers {
        for (qi, a) in r? {
            answered[qi] = Some(a);
        }
    }
    for (qi, q) in queries.iter().enumerate() {
        if answered[qi].is_none() {
            answered[qi] = Some(answer(&full, q));
        }
    }

    for (q, a) in queries.iter().zip(answered) {
        let fold = q.leave_out.as_deref().and_then(|k| fold_of.get(k).copied());
        let Some(Answer {
            ranked: codes,
            status,
            p1,
            gap,
            translation,
        }) = a
        else {
            continue;
        };
        report.rows.push(RowAnswer {
            lang: q.lang,
            title: q.text.clone(),
            gold: q.gold.clone(),
            ranked: codes.clone(),
            status,
            confidence: p1,
            translation,
            fold,
        });
        let r = report.by_lang.entry(q.lang).or_default();
        r.scored.push((p1, gap, codes.first() == Some(&q.gold)));
        r.rows += 1;
        for (li, &lv) in LEVELS.iter().enumerate() {
            let key = |c: &str| c.get(..lv).map(str::to_string);
            let g = key(&q.gold);
            if codes.first().and_then(|c| key(c)) == g {
                r.top1[li] += 1;
            }
            if codes.iter().take(5).any(|c| key(c) == g) {
                r.top5[li] += 1;
            }
        }
        match status {
            Status::Abstain => r.abstained += 1,
            Status::NeedsReview => r.needs_review += 1,
            Status::Confident => {
                r.confident += 1;
                r.confident_correct += usize::from(codes.first() == Some(&q.gold));
            }
        }
    }
    Ok(report)
}

/// What the search answered for one query.
#[derive(Clone)]
struct Answer {
    ranked: Vec<String>,
    status: Status,
    /// Confidence of the top hit, and its gap to the second.
    p1: f32,
    gap: f32,
    translation: Option<String>,
}

fn answer(idx: &SearchIndex, q: &Query) -> Answer {
    let r = idx.search_lang(&q.text, Some(q.lang), 5);
    let p1 = r.hits.first().map_or(0.0, |h| h.confidence);
    let p2 = r.hits.get(1).map_or(0.0, |h| h.confidence);
    Answer {
        ranked: r.hits.into_iter().map(|h| h.unit_group).collect(),
        status: r.status,
        p1,
        gap: p1 - p2,
        translation: r.translation,
    }
}

/// The language most of a column's titles are in.
fn column_lang(idx: &SearchIndex, input: &Input, col: usize) -> Lang {
    let (mut en, mut fr) = (0, 0);
    for i in 0..input.rows.len() {
        if let Some(t) = input.text(i, col) {
            match idx.detect_lang(t) {
                Lang::En => en += 1,
                Lang::Fr => fr += 1,
            }
        }
    }
    if fr > en {
        Lang::Fr
    } else {
        Lang::En
    }
}

fn pct(n: usize, d: usize) -> String {
    if d == 0 {
        "–".into()
    } else {
        format!("{:.1}%", 100.0 * n as f64 / d as f64)
    }
}

/// Every evaluated row as CSV: language, title, gold code, rank of the gold
/// code in the top five (empty when absent), status, confidence, top five,
/// the English rendering of a French title (what the lexicon made of it: an
/// untranslated word shows why a French title went astray), and the fold
/// that answered it.
pub fn rows_csv(r: &EvalReport) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "lang",
        "title",
        "gold",
        "gold_rank",
        "status",
        "confidence",
        "ranked",
        "translation",
        "fold",
    ])?;
    for a in &r.rows {
        let rank = a
            .ranked
            .iter()
            .position(|c| *c == a.gold)
            .map(|i| (i + 1).to_string())
            .unwrap_or_default();
        w.write_record([
            a.lang.as_str(),
            &a.title,
            &a.gold,
            &rank,
            a.status.as_str(),
            &format!("{:.3}", a.confidence),
            &a.ranked.join("|"),
            a.translation.as_deref().unwrap_or(""),
            &a.fold.map(|f| f.to_string()).unwrap_or_default(),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The report as a markdown table (one row per language).
pub fn markdown(r: &EvalReport) -> String {
    let mut s = String::from(
        "| language | rows | unit group (5) top-1 / top-5 | minor (4) | sub-major (3) | major (2) | broad category (1) | abstain | needs review | precision when not flagged |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for (lang, x) in &r.by_lang {
        s += &format!("| {} | {} |", lang.as_str().to_uppercase(), x.rows);
        for li in 0..5 {
            s += &format!(
                " {} / {} |",
                pct(x.top1[li], x.rows),
                pct(x.top5[li], x.rows)
            );
        }
        s += &format!(
            " {} | {} | {} ({} rows) |\n",
            pct(x.abstained, x.rows),
            pct(x.needs_review, x.rows),
            pct(x.confident_correct, x.confident),
            x.confident
        );
    }
    if r.left_out_rows > 0 {
        s += &format!(
            "\n{} evaluated rows are in the index: each was answered by an index built without it ({}-fold).\n",
            r.left_out_rows, r.folds
        );
    }
    s += "\nReview thresholds (flagged share / precision of the rest), confidence × gap:\n\n| language | conf ≥ | gap ≥ 0 | gap ≥ 0.1 | gap ≥ 0.2 | gap ≥ 0.3 |\n|---|---|---|---|---|---|\n";
    for (lang, x) in &r.by_lang {
        for c in [0.0f32, 0.3, 0.4, 0.5, 0.6, 0.7] {
            s += &format!("| {} | {c:.1} |", lang.as_str().to_uppercase());
            for g in [0.0f32, 0.1, 0.2, 0.3] {
                let (f, p) = x.review_at(c, g);
                s += &format!(" {:.0}% / {:.1}% |", f * 100.0, p * 100.0);
            }
            s += "\n";
        }
    }
    s += "\n";
    if let Some(i) = &r.index {
        s += &format!(
            "Index: {} stored titles, {} training samples, {} model weights, {} lexicon words.\n",
            i.stored_titles, i.training_samples, i.model_weights, i.lexicon_words
        );
    }
    if r.skipped_no_gold > 0 {
        s += &format!(
            "{} rows without a gold code were skipped.\n",
            r.skipped_no_gold
        );
    }
    s
}
