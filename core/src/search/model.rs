//! The ranking model: a linear softmax over unit groups whose class weights
//! are shared along the NOC hierarchy.
//!
//! A unit group's score is the sum of the scores of its components: the unit
//! group itself, its minor, sub-major and major groups, its broad category
//! and its TEER (the second digit). So `Director - Carpentry` can take
//! "management, TEER 0" from `Director` and "trades, category 7" from
//! `Carpentry` and land on 70010 without any title pairing the two. The
//! shared components learn at a quarter of the unit groups' rate
//! ([`TrainConfig::shared_rate`] says what that was measured to gain).
//!
//! Training is Adagrad on the softmax loss, with each feature's weights kept
//! only for the components it co-occurs with in training (a sparse model:
//! memory grows with the data, not with features × classes).
//!
//! Two runs, each shuffling the samples in its own order, train side by
//! side (one per core): on the same folds one run's top-1 moves by a point
//! or more with its shuffle, and averaging runs beats the mean single run.
//! (It was three runs until the official NOC example titles tripled the
//! training set: a third run on two cores took training past its 90 s
//! budget.) After the main epochs the
//! weights of the runs' average worth most, up to a budget, are kept (the
//! largest, counted up for features many titles share) and the
//! others dropped in every run; each run then trains a few epochs more with
//! the kept weights only, so they take up what the dropped ones carried (on
//! the 5-fold evaluation a 300,000-weight model retrained this way beat a
//! 500,000-weight one cut without it), and the exported model is the
//! average of that. Its weights are quantised to `i8`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::features::Feature;

/// Components per unit group: itself, 4-, 3-, 2-, 1-digit groups, TEER.
pub const COMPONENTS: usize = 6;

/// The label space: unit groups and their shared components.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Labels {
    pub codes: Vec<String>,
    comps: Vec<[u16; COMPONENTS]>,
    n_comps: u16,
}

impl Labels {
    /// `codes` are 5-digit unit groups; they are kept sorted.
    pub fn new(mut codes: Vec<String>) -> Labels {
        codes.sort();
        codes.dedup();
        let mut ids: HashMap<String, u16> = HashMap::new();
        let mut comps = Vec::with_capacity(codes.len());
        let mut id = |k: String| -> u16 {
            let n = ids.len() as u16;
            *ids.entry(k).or_insert(n)
        };
        for c in &codes {
            let teer = c.get(1..2).unwrap_or("");
            comps.push([
                id(format!("u{c}")),
                id(format!("4{}", c.get(..4).unwrap_or(c))),
                id(format!("3{}", c.get(..3).unwrap_or(c))),
                id(format!("2{}", c.get(..2).unwrap_or(c))),
                id(format!("1{}", c.get(..1).unwrap_or(c))),
                id(format!("t{teer}")),
            ]);
        }
        let n_comps = ids.len() as u16;
        Labels {
            codes,
            comps,
            n_comps,
        }
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Whether every unit group has its components and every component id
    /// is in range (a decoded file is checked before queries index by them).
    pub fn is_consistent(&self) -> bool {
        self.comps.len() == self.codes.len()
            && self.comps.iter().flatten().all(|&k| k < self.n_comps)
    }

    pub fn index(&self, code: &str) -> Option<usize> {
        self.codes.binary_search_by(|c| c.as_str().cmp(code)).ok()
    }
}

/// One training title.
pub struct Sample {
    pub features: Vec<Feature>,
    /// Unit-group indices and their share of the target (sums to 1).
    pub targets: Vec<(u16, f32)>,
    pub weight: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainConfig {
    pub epochs: u32,
    pub learning_rate: f32,
    pub seed: u64,
    /// How many weights the exported model keeps (the largest ones).
    pub max_weights: usize,
    /// Learning-rate multiplier for the shared (non-unit-group) components.
    /// On the 5-fold evaluation 0.25 gained 2 points of English top-5 and 3
    /// of French over 1.0 (top-1 the same within noise), 2.0 lost 4, and
    /// 0.1 was no better than 0.25.
    pub shared_rate: f32,
    /// L1 penalty (applied FOBOS-style after each Adagrad step): drives
    /// useless weights to exactly zero, so the model fits the size budget
    /// with little loss.
    pub l1: f32,
    /// Epochs run after the weights outside `max_weights` are dropped.
    pub retrain_epochs: u32,
    /// Training runs, each shuffled with its own seed (derived from `seed`),
    /// averaged; they share one budget cut (see the module doc).
    pub runs: u32,
    /// Features found in more than this share of the training titles are
    /// known but not trained (0 trains every feature): see [`Model::train`].
    pub max_feature_share: f32,
    /// Bits feature hashes are folded to before training ([`fold_hash`]).
    pub hash_bits: u8,
    /// The budget cut keeps the weights with the largest magnitude times
    /// (training titles with the feature)^this. On the 5-fold evaluation
    /// (README, 2026-12-07) 0.25 gained, at the same 230,000 weights, EN
    /// +0.8 / +1.3 and FR +1.9 / +1.0 points of top-1 / top-5 over 0
    /// (magnitude alone), and made the index 120 KB smaller (fewer rare
    /// features keep a key), which buys the budget's extra 50,000 weights.
    /// `ln(1 + n)`, 0.15 and 0.35 scored within half a point of it, 0.5
    /// lower.
    pub prune_frequency_power: f32,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 8,
            learning_rate: 0.4,
            seed: 17,
            // With the 57,708 official NOC example titles stored too, the
            // index is then ≈ 966 KB brotli (budget 1 MB); 320,000 took
            // 1.04 MB. (Magnitude alone, before `prune_frequency_power`,
            // fitted 230,000.)
            max_weights: 280_000,
            shared_rate: 0.25,
            l1: 0.001,
            retrain_epochs: 3,
            runs: 2,
            max_feature_share: 0.01,
            hash_bits: 24,
            prune_frequency_power: 0.25,
        }
    }
}

/// The exported model: for each feature hash (sorted), its weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "ModelWire", into = "ModelWire")]
pub struct Model {
    /// Feature hashes folded to `hash_bits` bits (see [`fold_hash`]).
    keys: Vec<u32>,
    hash_bits: u8,
    /// `starts[i]..starts[i+1]` are feature `keys[i]`'s weights.
    starts: Vec<u32>,
    comp: Vec<u16>,
    weight: Vec<i8>,
    scale: f32,
    bias: Vec<f32>,
}

/// The model as stored: sorted keys as gaps and weight counts instead of
/// offsets, so postcard's varints take 2–3 bytes per key instead of 5 + 3,
/// and each key's (sorted) components as gaps, mostly one byte instead of
/// two (the index must fit the app's size budget).
#[derive(Serialize, Deserialize)]
struct ModelWire {
    hash_bits: u8,
    key_gaps: Vec<u32>,
    counts: Vec<u32>,
    comp_gaps: Vec<u16>,
    weight: Vec<i8>,
    scale: f32,
    bias: Vec<f32>,
}

impl From<Model> for ModelWire {
    fn from(m: Model) -> ModelWire {
        let mut prev = 0u32;
        let key_gaps = m
            .keys
            .iter()
            .map(|&k| {
                let g = k - prev;
                prev = k;
                g
            })
            .collect();
        let counts = m.starts.windows(2).map(|w| w[1] - w[0]).collect();
        let mut comp_gaps = Vec::with_capacity(m.comp.len());
        for w in m.starts.windows(2) {
            let mut prev = 0u16;
            for &c in &m.comp[w[0] as usize..w[1] as usize] {
                comp_gaps.push(c.wrapping_sub(prev));
                prev = c;
            }
        }
        ModelWire {
            hash_bits: m.hash_bits,
            key_gaps,
            counts,
            comp_gaps,
            weight: m.weight,
            scale: m.scale,
            bias: m.bias,
        }
    }
}

impl From<ModelWire> for Model {
    fn from(w: ModelWire) -> Model {
        let mut acc = 0u32;
        let keys = w
            .key_gaps
            .iter()
            .map(|&g| {
                acc = acc.wrapping_add(g);
                acc
            })
            .collect();
        let mut starts = Vec::with_capacity(w.counts.len() + 1);
        let mut at = 0u32;
        starts.push(0);
        for c in &w.counts {
            at = at.saturating_add(*c);
            starts.push(at);
        }
        // A corrupt file must not index out of bounds at query time.
        let n = w.comp_gaps.len().min(w.weight.len()) as u32;
        for s in starts.iter_mut() {
            *s = (*s).min(n);
        }
        let mut comp = w.comp_gaps;
        for s in starts.windows(2) {
            let mut acc = 0u16;
            for c in &mut comp[s[0] as usize..s[1] as usize] {
                acc = acc.wrapping_add(*c);
                *c = acc;
            }
        }
        Model {
            keys,
            hash_bits: w.hash_bits,
            starts,
            comp,
            weight: w.weight,
            scale: w.scale,
            bias: w.bias,
        }
    }
}

/// A feature hash folded to `bits` bits (32: unchanged). The model keys
/// its weights by folded hashes: with 24 bits the sorted keys are about a
/// hundred apart, mostly one byte each on the wire instead of three, and a
/// query feature lands on another feature's slot rarely enough that
/// gibberish still finds nothing (22 bits made it find something).
pub fn fold_hash(h: u32, bits: u8) -> u32 {
    if bits >= 32 {
        h
    } else {
        (h ^ (h >> bits)) & ((1u32 << bits) - 1)
    }
}

/// xorshift64*: a deterministic shuffle on every platform.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// The `budget` largest nonzero weights (all of them when the budget is 0),
/// exactly: equal magnitudes are kept in index order, so ties cannot push
/// the model over its budget.
fn budget_mask(w: &[f32], budget: usize) -> Vec<bool> {
    let mut idx: Vec<u32> = (0..w.len() as u32)
        .filter(|&j| w[j as usize] != 0.0)
        .collect();
    if budget > 0 && idx.len() > budget {
        idx.select_nth_unstable_by(budget, |&a, &b| {
            let (x, y) = (w[a as usize].abs(), w[b as usize].abs());
            y.total_cmp(&x).then(a.cmp(&b))
        });
        idx.truncate(budget);
    }
    let mut kept = vec![false; w.len()];
    for j in idx {
        kept[j as usize] = true;
    }
    kept
}

/// Softmax in place; returns nothing, `z` becomes probabilities.
pub fn softmax(z: &mut [f32]) {
    let m = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut s = 0.0;
    for v in z.iter_mut() {
        *v = (*v - m).exp();
        s += *v;
    }
    if s > 0.0 {
        for v in z.iter_mut() {
            *v /= s;
        }
    }
}

/// The training set over the sparse weight layout: feature `f`'s weights are
/// `starts[f]..starts[f + 1]`, for the components `comp[..]`.
struct Sparse<'a> {
    labels: &'a Labels,
    samples: &'a [Sample],
    dense: &'a [Vec<(u32, f32)>],
    starts: &'a [u32],
    comp: &'a [u16],
}

/// One training run's state: its weights, biases, Adagrad sums and shuffle.
struct Run {
    w: Vec<f32>,
    g2: Vec<f32>,
    bias: Vec<f32>,
    bias_g2: Vec<f32>,
    rng: Rng,
}

impl Sparse<'_> {
    /// Runs of `cfg.epochs` from each seed (with L1), then one budget cut
    /// shared by all, taken from their average, then `cfg.retrain_epochs`
    /// for each run with only the kept weights (they make up for the dropped
    /// ones) and the average of that. The result is within the budget, so no
    /// cut is made after the last training step. Runs are independent and
    /// summed in seed order: the result does not depend on scheduling.
    fn train_runs(&self, seeds: &[u64], cfg: &TrainConfig) -> (Vec<f32>, Vec<f32>) {
        let nc = self.labels.n_comps as usize;
        let mut runs: Vec<Run> = seeds
            .iter()
            .map(|&seed| Run {
                w: vec![0f32; self.comp.len()],
                g2: vec![1e-6f32; self.comp.len()],
                bias: vec![0f32; nc],
                bias_g2: vec![1e-6f32; nc],
                // Mixed so that nearby seeds (and 0 and 1) shuffle unalike.
                rng: Rng(splitmix64(seed) | 1),
            })
            .collect();
        each_run(&mut runs, |r| self.epochs(r, cfg.epochs, cfg.l1, None, cfg));
        let (w, _) = average(&runs);
        let kept = budget_mask(
            &self.importance(&w, cfg.prune_frequency_power),
            cfg.max_weights,
        );
        for r in runs.iter_mut() {
            r.w.iter_mut()
                .zip(&kept)
                .filter(|(_, k)| !**k)
                .for_each(|(x, _)| *x = 0.0);
        }
        each_run(&mut runs, |r| {
            self.epochs(r, cfg.retrain_epochs, 0.0, Some(&kept), cfg)
        });
        average(&runs)
    }

    /// What each weight is worth keeping: its magnitude times the number of
    /// training titles its feature is in, raised to `power` (0: magnitude
    /// alone: `n^0` is 1). A feature in one title can earn a large weight by
    /// memorising it; a feature in hundreds earns smaller ones that every
    /// query with it uses. See [`TrainConfig::prune_frequency_power`] for
    /// what it gained.
    fn importance(&self, w: &[f32], power: f32) -> Vec<f32> {
        let mut titles = vec![0u32; self.starts.len().saturating_sub(1)];
        for fs in self.dense {
            for &(f, _) in fs {
                titles[f as usize] += 1;
            }
        }
        let mut imp = vec![0f32; w.len()];
        for (f, &n) in titles.iter().enumerate() {
            let factor = (n as f32).powf(power);
            let (a, b) = (self.starts[f] as usize, self.starts[f + 1] as usize);
            for j in a..b {
                imp[j] = w[j].abs() * factor;
            }
        }
        imp
    }

    /// `n` Adagrad epochs of `run` in the order its generator shuffles, with
    /// an L1 penalty, updating only the `kept` weights when given.
    fn epochs(&self, run: &mut Run, n: u32, l1: f32, kept: Option<&[bool]>, cfg: &TrainConfig) {
        let (labels, samples, dense, starts, comp) = (
            self.labels,
            self.samples,
            self.dense,
            self.starts,
            self.comp,
        );
        let nc = labels.n_comps as usize;
        let Run {
            w,
            g2,
            bias,
            bias_g2,
            rng,
        } = run;
        let shared: Vec<f32> = {
            let mut s = vec![cfg.shared_rate; nc];
            for c in &labels.comps {
                s[c[0] as usize] = 1.0;
            }
            s
        };
        let mut order: Vec<usize> = (0..samples.len()).collect();
        let mut cs = vec![0f32; nc];
        let mut z = vec![0f32; labels.len()];
        let mut gc = vec![0f32; nc];
        let mut active: Vec<u16> = Vec::with_capacity(nc);
        for _ in 0..n {
            rng.shuffle(&mut order);
            for &i in &order {
                let s = &samples[i];
                let fs = &dense[i];
                cs.copy_from_slice(bias);
                for &(f, v) in fs {
                    let (a, b) = (starts[f as usize] as usize, starts[f as usize + 1] as usize);
                    for j in a..b {
                        cs[comp[j] as usize] += v * w[j];
                    }
                }
                for (u, c) in labels.comps.iter().enumerate() {
                    z[u] = c.iter().map(|&k| cs[k as usize]).sum();
                }
                softmax(&mut z);
                for &(u, share) in &s.targets {
                    z[u as usize] -= share;
                }
                gc.iter_mut().for_each(|g| *g = 0.0);
                for (u, c) in labels.comps.iter().enumerate() {
                    let g = z[u] * s.weight;
                    for &k in c {
                        gc[k as usize] += g;
                    }
                }
                // Most components get a negligible gradient (their unit groups
                // have near-zero probability): skipping them is most of the
                // training time and changes nothing measurable.
                active.clear();
                for (k, g) in gc.iter_mut().enumerate() {
                    if g.abs() < 1e-4 * s.weight {
                        *g = 0.0;
                    } else {
                        active.push(k as u16);
                    }
                }
                let mut update = |j: usize, k: usize, grad: f32| {
                    if grad != 0.0 && kept.is_none_or(|m| m[j]) {
                        g2[j] += grad * grad;
                        let step = cfg.learning_rate * shared[k] / g2[j].sqrt();
                        let x = w[j] - step * grad;
                        let shrink = l1 * step;
                        w[j] = if x > shrink {
                            x - shrink
                        } else if x < -shrink {
                            x + shrink
                        } else {
                            0.0
                        };
                    }
                };
                for &(f, v) in fs {
                    let (a, b) = (starts[f as usize] as usize, starts[f as usize + 1] as usize);
                    let row = &comp[a..b];
                    // A common feature meets most components, of which only
                    // a few have a gradient: look those up (the row is
                    // sorted) instead of walking the row. Same updates,
                    // fewer steps.
                    if row.len() > 8 * active.len() {
                        for &k in &active {
                            if let Ok(off) = row.binary_search(&k) {
                                update(a + off, k as usize, v * gc[k as usize]);
                            }
                        }
                    } else {
                        for (j, &k) in (a..b).zip(row) {
                            update(j, k as usize, v * gc[k as usize]);
                        }
                    }
                }
                for k in 0..nc {
                    let grad = gc[k];
                    bias_g2[k] += grad * grad;
                    bias[k] -= cfg.learning_rate * 0.1 * grad / bias_g2[k].sqrt();
                }
            }
        }
    }
}

/// Applies `step` to every run, natively on up to one thread per core (a
/// run only reads the shared training set and writes its own state).
fn each_run(runs: &mut [Run], step: impl Fn(&mut Run) + Sync) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        for chunk in runs.chunks_mut(threads.max(1)) {
            std::thread::scope(|s| {
                let step = &step;
                for r in chunk.iter_mut() {
                    s.spawn(move || step(r));
                }
            });
        }
    }
    #[cfg(target_arch = "wasm32")]
    runs.iter_mut().for_each(step);
}

/// The mean of the runs' weights and biases, summed in run order.
fn average(runs: &[Run]) -> (Vec<f32>, Vec<f32>) {
    let n = runs.len().max(1) as f32;
    let (mut w, mut bias) = match runs.first() {
        Some(r) => (vec![0f32; r.w.len()], vec![0f32; r.bias.len()]),
        None => (Vec::new(), Vec::new()),
    };
    for r in runs {
        w.iter_mut().zip(&r.w).for_each(|(s, x)| *s += x / n);
        bias.iter_mut().zip(&r.bias).for_each(|(s, x)| *s += x / n);
    }
    (w, bias)
}

/// splitmix64's finaliser: spreads a small seed over all 64 bits.
fn splitmix64(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Model {
    pub fn train(labels: &Labels, samples: &[Sample], cfg: &TrainConfig) -> Model {
        // Feature vocabulary and, per feature, the components it meets.
        let mut vocab: HashMap<u32, u32> = HashMap::new();
        let mut rows: Vec<Vec<u16>> = Vec::new();
        let mut dense: Vec<Vec<(u32, f32)>> = Vec::with_capacity(samples.len());
        // Features in more than `max_feature_share` of the samples (common
        // character n-grams: `eur `, ` ch`) meet nearly every component:
        // they are most of the training time and tell unit groups apart
        // least. They are not trained, but stay known to the model (a key
        // without weights), so a query made of them is not taken for
        // gibberish.
        let bits = cfg.hash_bits;
        let mut df: HashMap<u32, u32> = HashMap::new();
        for s in samples {
            for &(h, _) in &s.features {
                *df.entry(fold_hash(h, bits)).or_default() += 1;
            }
        }
        // Small training sets (tests, a handful of titles) prune nothing:
        // a feature must also be in more than `MIN_COMMON` titles.
        const MIN_COMMON: u32 = 100;
        let limit = if cfg.max_feature_share > 0.0 {
            ((cfg.max_feature_share as f64 * samples.len() as f64).ceil() as u32).max(MIN_COMMON)
        } else {
            u32::MAX
        };
        let mut common: Vec<u32> = df
            .iter()
            .filter(|(_, &n)| n > limit)
            .map(|(&h, _)| h)
            .collect();
        common.sort_unstable();
        for s in samples {
            let mut fs = Vec::with_capacity(s.features.len());
            for &(h, v) in &s.features {
                let h = fold_hash(h, bits);
                if common.binary_search(&h).is_ok() {
                    continue;
                }
                let n = vocab.len() as u32;
                let id = *vocab.entry(h).or_insert_with(|| {
                    rows.push(Vec::new());
                    n
                });
                let row = &mut rows[id as usize];
                for &(u, _) in &s.targets {
                    row.extend_from_slice(&labels.comps[u as usize]);
                }
                if row.len() > 256 {
                    row.sort_unstable();
                    row.dedup();
                }
                fs.push((id, v));
            }
            dense.push(fs);
        }
        let mut starts = Vec::with_capacity(rows.len() + 1);
        let mut comp: Vec<u16> = Vec::new();
        starts.push(0u32);
        for mut r in rows {
            r.sort_unstable();
            r.dedup();
            comp.extend_from_slice(&r);
            starts.push(comp.len() as u32);
        }
        let sparse = Sparse {
            labels,
            samples,
            dense: &dense,
            starts: &starts,
            comp: &comp,
        };
        let seeds: Vec<u64> = (0..cfg.runs.max(1) as u64)
            .map(|r| cfg.seed.wrapping_add(r))
            .collect();
        let (w, bias) = sparse.train_runs(&seeds, cfg);

        // Keep the largest weights within the budget, quantised.
        let kept = budget_mask(&w, cfg.max_weights);
        let max = w.iter().fold(0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        let mut by_hash: Vec<(u32, u32)> = vocab.into_iter().collect();
        // Common features: known, without weights (`u32::MAX`: no row).
        by_hash.extend(common.iter().map(|&h| (h, u32::MAX)));
        by_hash.sort_unstable();
        let mut m = Model {
            keys: Vec::new(),
            hash_bits: bits,
            starts: vec![0],
            comp: Vec::new(),
            weight: Vec::new(),
            scale,
            bias,
        };
        for (h, id) in by_hash {
            if id == u32::MAX {
                m.keys.push(h);
                m.starts.push(m.comp.len() as u32);
                continue;
            }
            let (a, b) = (
                starts[id as usize] as usize,
                starts[id as usize + 1] as usize,
            );
            let before = m.comp.len();
            for j in a..b {
                if !kept[j] {
                    continue;
                }
                let q = (w[j] / scale).round().clamp(-127.0, 127.0) as i8;
                if q != 0 {
                    m.comp.push(comp[j]);
                    m.weight.push(q);
                }
            }
            if m.comp.len() > before {
                m.keys.push(h);
                m.starts.push(m.comp.len() as u32);
            }
        }
        m
    }

    pub fn weights(&self) -> usize {
        self.weight.len()
    }

    /// Whether every key has its weight range and every range is inside
    /// the weights (a decoded file is checked before queries index by it).
    pub fn is_consistent(&self) -> bool {
        self.starts.len() == self.keys.len() + 1
            && self.starts.windows(2).all(|w| w[0] <= w[1])
            && self
                .starts
                .last()
                .is_some_and(|&n| n as usize <= self.weight.len())
            && self.comp.len() == self.weight.len()
    }

    /// Unit-group scores (logits) of one feature vector; `known` is how
    /// much of the query's feature mass the model has weights for.
    pub fn logits(&self, labels: &Labels, features: &[Feature], out: &mut Vec<f32>) -> f32 {
        let mut cs = self.bias.clone();
        let (mut known, mut total) = (0f32, 0f32);
        for &(h, v) in features {
            total += v * v;
            if let Ok(i) = self.keys.binary_search(&fold_hash(h, self.hash_bits)) {
                known += v * v;
                let (a, b) = (self.starts[i] as usize, self.starts[i + 1] as usize);
                for j in a..b {
                    if let Some(c) = cs.get_mut(self.comp[j] as usize) {
                        *c += v * self.weight[j] as f32 * self.scale;
                    }
                }
            }
        }
        out.clear();
        out.extend(labels.comps.iter().map(|c| {
            c.iter()
                .map(|&k| cs.get(k as usize).copied().unwrap_or(0.0))
                .sum::<f32>()
        }));
        if total > 0.0 {
            (known / total).sqrt()
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::features::FeatureConfig;
    use crate::search::Lang;

    #[test]
    fn learns_and_shares_along_the_hierarchy() {
        let labels = Labels::new(vec![
            "21231".into(),
            "21232".into(),
            "72310".into(),
            "70010".into(),
        ]);
        let f = FeatureConfig::default();
        let mk = |t: &str, u: &str| Sample {
            features: f.features(t, Lang::En, &[]),
            targets: vec![(labels.index(u).unwrap() as u16, 1.0)],
            weight: 1.0,
        };
        let samples = vec![
            mk("software engineer", "21231"),
            mk("software developer", "21232"),
            mk("programmer", "21232"),
            mk("carpenter", "72310"),
            mk("construction manager", "70010"),
        ];
        let m = Model::train(
            &labels,
            &samples,
            &TrainConfig {
                epochs: 30,
                ..TrainConfig::default()
            },
        );
        let mut z = Vec::new();
        let known = m.logits(
            &labels,
            &f.features("sofware developer", Lang::En, &[]),
            &mut z,
        );
        assert!(known > 0.5);
        let best = (0..z.len()).max_by(|&a, &b| z[a].total_cmp(&z[b])).unwrap();
        assert_eq!(labels.codes[best], "21232");
    }

    /// The runs train on threads: training twice gives the same model, and
    /// the average differs from a single run.
    #[test]
    fn averaged_runs_are_deterministic() {
        let labels = Labels::new(vec!["21231".into(), "21232".into(), "72310".into()]);
        let f = FeatureConfig::default();
        let samples: Vec<Sample> = [
            ("software engineer", "21231"),
            ("software developer", "21232"),
            ("web developer", "21232"),
            ("carpenter", "72310"),
            ("finish carpenter", "72310"),
        ]
        .iter()
        .map(|(t, u)| Sample {
            features: f.features(t, Lang::En, &[]),
            targets: vec![(labels.index(u).unwrap() as u16, 1.0)],
            weight: 1.0,
        })
        .collect();
        // A budget small enough that the shared cut drops weights.
        let cfg = TrainConfig {
            runs: 3,
            max_weights: 20,
            ..TrainConfig::default()
        };
        let a = Model::train(&labels, &samples, &cfg);
        // The runs retrain within one shared cut: their average fits the
        // budget without another cut.
        assert!(a.weights() <= 20 && a.weights() > 10, "{}", a.weights());
        for _ in 0..3 {
            assert_eq!(Model::train(&labels, &samples, &cfg), a);
        }
        let one = Model::train(&labels, &samples, &TrainConfig { runs: 1, ..cfg });
        assert_ne!(one, a);
    }

    /// The budget cut counts how many titles a feature is in: a weight a
    /// feature of sixteen titles carries outranks a larger one that a feature
    /// of one title carries, unless the power is 0 (magnitude alone).
    #[test]
    fn the_cut_prefers_weights_that_many_titles_use() {
        let labels = Labels::new(vec!["21231".into()]);
        // Feature 0 is in the first title only, feature 1 in all sixteen.
        let dense: Vec<Vec<(u32, f32)>> = (0..16)
            .map(|i| {
                if i == 0 {
                    vec![(0, 1.0), (1, 1.0)]
                } else {
                    vec![(1, 1.0)]
                }
            })
            .collect();
        let sparse = Sparse {
            labels: &labels,
            samples: &[],
            dense: &dense,
            starts: &[0, 1, 2],
            comp: &[0, 0],
        };
        let w = [1.0, -0.6];
        let kept = |power| budget_mask(&sparse.importance(&w, power), 1);
        assert_eq!(kept(0.25), vec![false, true]);
        assert_eq!(kept(0.0), vec![true, false]);
        // 0.6 × 16^0.25 = 1.2: the rare feature's weight would have to pass
        // that to be kept.
        assert_eq!(
            budget_mask(&sparse.importance(&[1.3, -0.6], 0.25), 1),
            vec![true, false]
        );
    }
}
