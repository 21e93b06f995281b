#!/usr/bin/env python3
"""The matching issue's anchor, run on `jobforge eval`'s own folds.

A linear SVM over TF-IDF features (character 2-5-grams within word
boundaries + word 1-2-grams, LinearSVC C=0.5), one model per language,
trained on:

- OaSIS profile labels and example titles (English, for both languages),
- COPS unit-group titles in the language,
- the official NOC 2021 example titles in the language
  (statcan-noc-2021/noc_2021_example_titles_en_fr.csv; --without-noc-examples
  leaves them out),
- the organisation's visible job-architecture titles in the language,
  weight 3, leaving out the rows of the fold being answered.

Usage:

    jobforge eval --input JA.csv --title-column Job_Title \\
        --title-column Titre_de_poste --gold-column 2021_NOC_UID \\
        --sources SRC --rows rows.csv
    python3 tools/anchor_svm.py --sources SRC --job-architecture JA.csv \\
        --rows rows.csv

`--rows` is eval's answer file: each row's language, title, gold unit group
and `fold` (the fold whose index answered it). Each fold's SVM is trained
without the job-architecture rows whose English or French title is one of
that fold's titles (eval leaves those out the same way), and answers that
fold's rows. Prints top-1 / top-5 per language for the anchor and for
jobforge (from the same file), on the same rows.

Needs scikit-learn (pip install scikit-learn).
"""

import argparse
import csv
import os
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def open_titles(src, lang, noc_examples):
    """(title, unit group) pairs of the open sources for one language."""
    out = []
    oasis = os.path.join(src, "esdc-oasis-2023-v1.0")
    for r in read_csv(os.path.join(oasis, "labels_oasis_2023_v1.0.csv")):
        k = list(r)
        out.append((r[k[1]], r[k[0]][:5].zfill(5)))
    for r in read_csv(os.path.join(oasis, "example-titles_oasis_2023_v1.0.csv")):
        k = list(r)
        out.append((r[k[-1]], r[k[0]][:5].zfill(5)))
    cops = os.path.join(src, "esdc-cops-2024-2033", "employment_emploi_2024_2033_noc2021.csv")
    for r in read_csv(cops):
        code = r.get("Code", "")
        title = r.get("Occupation Name" if lang == "en" else "Nom de la profession", "")
        # 00000 is the all-occupations total, not a unit group.
        if code.isdigit() and len(code) == 5 and code != "00000" and title:
            out.append((title, code))
    if noc_examples:
        path = os.path.join(src, "statcan-noc-2021", "noc_2021_example_titles_en_fr.csv")
        for r in read_csv(path):
            if r["Language"] == lang:
                out.append((r["Example title"], r["Code - NOC 2021 V1.0"]))
    return out


def ja_titles(path):
    """Job-architecture rows: (english, french, unit group)."""
    rows = []
    for r in read_csv(path):
        code = (r.get("2021_NOC_UID") or "").strip()
        if code.isdigit():
            rows.append((r["Job_Title"].strip(), r["Titre_de_poste"].strip(), code.zfill(5)))
    return rows


def fit_predict(train, queries):
    """Top-5 unit groups of each query."""
    texts = [t for t, _, _ in train]
    labels = [u for _, u, _ in train]
    weights = np.array([w for _, _, w in train], dtype=float)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=1)
    word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)
    x = hstack([char.fit_transform(texts), word.fit_transform(texts)]).tocsr()
    svm = LinearSVC(C=0.5)
    svm.fit(x, labels, sample_weight=weights)
    q = hstack([char.transform(queries), word.transform(queries)]).tocsr()
    scores = svm.decision_function(q)
    top = np.argsort(-scores, axis=1)[:, :5]
    return [[svm.classes_[j] for j in row] for row in top]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", required=True)
    ap.add_argument("--job-architecture", required=True)
    ap.add_argument("--rows", required=True, help="jobforge eval --rows output")
    ap.add_argument("--without-noc-examples", action="store_true")
    ap.add_argument(
        "--jobs", type=int, default=1,
        help="fits run side by side (each is one core's work for minutes)",
    )
    args = ap.parse_args()

    rows = read_csv(args.rows)
    ja = ja_titles(args.job_architecture)
    by = defaultdict(list)  # (lang, fold) -> row indices
    for i, r in enumerate(rows):
        by[(r["lang"], r["fold"])].append(i)
    folds = sorted({r["fold"] for r in rows})
    titles_of_fold = {f: {rows[i]["title"] for (l, ff), ix in by.items() if ff == f for i in ix} for f in folds}

    # One fit per language and fold; they are independent, so `--jobs`
    # spreads them over processes (liblinear's one-vs-rest is one thread).
    fits = []
    for lang in ("en", "fr"):
        base = [(t, u, 1.0) for t, u in open_titles(args.sources, lang, not args.without_noc_examples)]
        for f in folds:
            ix = by.get((lang, f), [])
            if not ix:
                continue
            held = titles_of_fold[f] if f != "" else set()
            train = list(base)
            for en, fr, u in ja:
                if en in held or fr in held:
                    continue
                train.append((en if lang == "en" else fr, u, 3.0))
            fits.append((lang, f, ix, train, [rows[i]["title"] for i in ix]))

    anchor = [None] * len(rows)
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(fit_predict, train, queries) for _, _, _, train, queries in fits]
        for (lang, f, ix, _, _), future in zip(fits, futures):
            for i, p in zip(ix, future.result()):
                anchor[i] = p
            print(f"{lang} fold {f or '-'}: {len(ix)} rows", file=sys.stderr)

    for lang in ("en", "fr"):
        ix = [i for i, r in enumerate(rows) if r["lang"] == lang]
        if not ix:
            continue
        n = len(ix)
        a1 = sum(anchor[i][0] == rows[i]["gold"] for i in ix)
        a5 = sum(rows[i]["gold"] in anchor[i] for i in ix)
        j1 = sum(rows[i]["gold_rank"] == "1" for i in ix)
        j5 = sum(rows[i]["gold_rank"] != "" for i in ix)
        print(
            f"{lang.upper()} {n} rows: anchor {100 * a1 / n:.1f}% / {100 * a5 / n:.1f}%, "
            f"jobforge {100 * j1 / n:.1f}% / {100 * j5 / n:.1f}% (top-1 / top-5)"
        )


if __name__ == "__main__":
    main()
