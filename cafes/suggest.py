"""Suggested themes: group similar café notes, on this machine, with no network and no model to
download (TF-IDF over words and word pairs, then agglomerative clustering by cosine distance).

Pure Python and scikit-learn, no Django, so ``bench/themes.py`` can time it on its own. The
suggestions are only suggestions: a coordinator accepts, renames, merges or discards each one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

# Common Welsh function words (articles, pronouns, prepositions, forms of "bod"), including
# mutated forms, so a Welsh tablecloth is grouped by what it is about.
WELSH_STOP_WORDS = frozenset(
    # fmt: off
    [
        "a",
        "ac",
        "ach",
        "achos",
        "acw",
        "ag",
        "agos",
        "ai",
        "am",
        "amdano",
        "amdani",
        "ar",
        "arall",
        "arno",
        "arni",
        "at",
        "atat",
        "atoch",
        "atom",
        "ato",
        "ati",
        "bod",
        "bydd",
        "byddai",
        "byddwn",
        "byth",
        "bu",
        "buodd",
        "cael",
        "canys",
        "chi",
        "chwi",
        "cyn",
        "cyntaf",
        "dan",
        "dau",
        "de",
        "dim",
        "dros",
        "drwy",
        "du",
        "dy",
        "dyma",
        "dyna",
        "e",
        "ef",
        "efallai",
        "ei",
        "eich",
        "eithaf",
        "ein",
        "eisiau",
        "ela",
        "eraill",
        "erioed",
        "ers",
        "eto",
        "fe",
        "fel",
        "fi",
        "fod",
        "fy",
        "fyddai",
        "gan",
        "ganddo",
        "ganddi",
        "ganddyn",
        "gyda",
        "gydag",
        "hefyd",
        "hi",
        "hon",
        "hwn",
        "hwy",
        "hwythau",
        "hyd",
        "hyn",
        "hynny",
        "i",
        "iawn",
        "iddo",
        "iddi",
        "ie",
        "ill",
        "mae",
        "maen",
        "mai",
        "mewn",
        "mo",
        "mor",
        "na",
        "nac",
        "nad",
        "naill",
        "neu",
        "ni",
        "nid",
        "nhw",
        "nôl",
        "o",
        "oedd",
        "oes",
        "oherwydd",
        "ond",
        "os",
        "pa",
        "pam",
        "pan",
        "pe",
        "pob",
        "pwy",
        "rhag",
        "rhai",
        "rhaid",
        "rhwng",
        "rydw",
        "rydym",
        "rydych",
        "roedd",
        "sef",
        "sut",
        "ti",
        "tra",
        "trwy",
        "tu",
        "uwch",
        "un",
        "unrhyw",
        "wedi",
        "wedyn",
        "wrth",
        "y",
        "yn",
        "yr",
        "ych",
        "ydw",
        "ydy",
        "ydi",
        "ydyn",
        "ydych",
        "yma",
        "yno",
        "yw",
        "ŵy",
    ]
    # fmt: on
)
STOP_WORDS = sorted(ENGLISH_STOP_WORDS | WELSH_STOP_WORDS)

#: How far apart (cosine distance, 0 to 1) two groups may be and still be joined. Chosen on the
#: labelled notes in ``bench/data`` (``bench/themes.py`` prints the agreement).
DISTANCE_THRESHOLD = 0.975
#: Fewer notes than this are too few to group.
MIN_NOTES = 3


@dataclass(frozen=True)
class Suggestion:
    name: str
    members: list[int]  # positions in the list of texts given


def cluster_labels(texts: list[str], *, threshold: float = DISTANCE_THRESHOLD) -> list[int]:
    """A group number for each text (texts with no words worth counting get -1)."""
    if len(texts) < MIN_NOTES:
        return [-1] * len(texts)
    vectoriser = TfidfVectorizer(
        stop_words=STOP_WORDS, ngram_range=(1, 2), sublinear_tf=True, min_df=1
    )
    try:
        matrix = vectoriser.fit_transform(texts)
    except ValueError:  # nothing but stop words
        return [-1] * len(texts)
    has_words = np.asarray(matrix.getnnz(axis=1) > 0)
    labels = np.full(len(texts), -1)
    rows = np.flatnonzero(has_words)
    if len(rows) < MIN_NOTES:
        return labels.tolist()
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
    )
    labels[rows] = model.fit_predict(matrix[rows].toarray())
    return labels.tolist()


def suggest_themes(
    texts: list[str], *, threshold: float = DISTANCE_THRESHOLD, min_size: int = 2
) -> list[Suggestion]:
    """Groups of at least ``min_size`` similar texts, biggest first, each named by the words
    that most set it apart."""
    labels = cluster_labels(texts, threshold=threshold)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        if label >= 0:
            groups.setdefault(label, []).append(index)
    chosen = [m for m in groups.values() if len(m) >= min_size]
    if not chosen:
        return []
    vectoriser = TfidfVectorizer(stop_words=STOP_WORDS, ngram_range=(1, 2), sublinear_tf=True)
    matrix = vectoriser.fit_transform(texts)
    terms = vectoriser.get_feature_names_out()
    suggestions = []
    for members in sorted(chosen, key=len, reverse=True):
        weights = np.asarray(matrix[members].mean(axis=0)).ravel()
        suggestions.append(Suggestion(name=_name(terms, weights), members=members))
    return suggestions


def _name(terms, weights) -> str:
    picked: list[str] = []
    for index in np.argsort(weights)[::-1]:
        term = str(terms[index])
        if any(term in p or p in term for p in picked):
            continue
        picked.append(term)
        if len(picked) == 2:
            break
    return ", ".join(picked)[:80] or "?"
