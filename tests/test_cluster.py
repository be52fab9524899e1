"""Story clustering: the fixture corpus scores, hard negatives stay apart, dates gate merges."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze.cluster import cluster_articles, evaluate_folder, pairwise_scores
from site_builder.analyze.features import content_stems, extract, split_sentences
from site_builder.config import load_config
from site_builder.ingest import load_articles
from site_builder.model import Article, DatedValue, PartialDate

EVENTS = Path(__file__).resolve().parent / "fixtures" / "events"


def make(source: str, title: str, body: list[str], event: str | None = None, how: str = "explicit",
         preview: bool = False) -> Article:
    return Article(source=source, slug=source.split(".")[0], title=title, body=body, body_html="",
                   content_hash=source, is_preview=preview,
                   event_date=DatedValue(PartialDate.parse_iso(event), how) if event else None)


@pytest.fixture(scope="module")
def fixture_groups() -> dict[str, int]:
    articles, _ = load_articles(EVENTS, load_config(None))
    articles.sort(key=lambda a: a.source)
    groups = cluster_articles(articles)
    return {articles[i].source: k for k, g in enumerate(groups) for i in g}


def test_fixture_corpus_pairwise_f1() -> None:
    scores = evaluate_folder(EVENTS, EVENTS / "truth.yaml")
    print(f"\nfixture clustering: precision {scores['precision']:.3f} recall {scores['recall']:.3f} "
          f"F1 {scores['f1']:.3f} over {int(scores['pairs'])} true pairs")
    assert scores["f1"] >= 0.95


@pytest.mark.parametrize("a, b", [
    ("a1_wire.txt", "a2_report.txt"),  # same ministers, same city, three years apart
    ("a1_rewrite.md", "a2_feature.txt"),
    ("b0_archive.md", "b1_wire.txt"),  # same people in Nairobi, 2019 and 2023
    ("b1_wire.txt", "b2_wire.txt"),  # same official, two capitals, two days apart
    ("b1_rewrite.md", "b2_rewrite.md"),
    ("c1_wire.txt", "c2_wire.txt"),  # same day, same national issue, different cities
])
def test_hard_negatives_stay_apart(fixture_groups: dict[str, int], a: str, b: str) -> None:
    assert fixture_groups[a] != fixture_groups[b]


@pytest.mark.parametrize("a, b", [
    ("a1_wire.txt", "a1_translation.md"),  # translation-like rewrite
    ("a2_preview.md", "a2_report.txt"),  # preview and report
    ("a1_brief.txt", "a1_wire.txt"),  # short brief and wire copy
    ("a2_feature.txt", "a2_paraphrase.md"),  # long feature and paraphrase
    ("e_translation.md", "e_brief.txt"),
    ("f_preview.md", "f_analysis.md"),
])
def test_hard_positives_join(fixture_groups: dict[str, int], a: str, b: str) -> None:
    assert fixture_groups[a] == fixture_groups[b]


TEXT = [
    "Harbour authorities in Valparaíso closed the port on Tuesday after a crane collapsed onto a container ship, "
    "injuring three dock workers, the port operator Terminal Pacifico said.",
    "The 62-metre crane toppled during high winds, port director Elena Vargas said, adding that 14 ships were "
    "waiting offshore.",
    "\"We will not reopen until every crane has been inspected,\" Vargas told reporters.",
]


def test_incompatible_dates_never_merge_even_for_identical_text() -> None:
    a = make("a.txt", "Crane collapse shuts Valparaíso port", TEXT, "2023-06-06")
    b = make("b.txt", "Crane collapse shuts Valparaíso port", TEXT, "2023-06-20")
    c = make("c.txt", "Crane collapse shuts Valparaíso port", TEXT, "2023-06-07")
    groups = cluster_articles([a, b, c])
    assert sorted(groups) == [[0, 2], [1]]


def test_compatible_partial_date_does_not_block() -> None:
    a = make("a.txt", "Crane collapse shuts Valparaíso port", TEXT, "2023-06-06")
    b = make("b.txt", "Crane collapse shuts port", TEXT, "2023-06")
    assert cluster_articles([a, b]) == [[0, 1]]


def test_weekday_guess_gets_a_wider_tolerance() -> None:
    # "on Thursday" resolved backwards from a preview's publication date lands a week early.
    a = make("a.txt", "Crane collapse shuts Valparaíso port", TEXT, "2023-06-06")
    b = make("b.txt", "Crane collapse shuts Valparaíso port", TEXT, "2023-06-01", how="relative to published")
    assert cluster_articles([a, b]) == [[0, 1]]


def test_undated_article_cannot_chain_two_dated_events() -> None:
    a = make("a.txt", "Crane collapse shuts Valparaíso port", TEXT, "2021-06-06")
    b = make("b.txt", "Crane collapse shuts Valparaíso port", TEXT, "2023-06-06")
    x = make("x.txt", "Crane collapse shuts Valparaíso port", TEXT)
    groups = cluster_articles([a, b, x])
    assert [0, 1] not in groups and len(groups) == 2
    assert not any(0 in g and 1 in g for g in groups)


def test_unrelated_articles_stay_apart() -> None:
    a = make("a.txt", "Crane collapse shuts Valparaíso port", TEXT)
    b = make("b.txt", "Orchestra opens season", [
        "The Helsinki Philharmonic opened its season on Friday with a new symphony by composer Aino Laakso, "
        "performed to a sold-out hall of 1,700 listeners.",
    ])
    assert cluster_articles([a, b]) == [[0], [1]]


def test_clustering_ignores_input_order() -> None:
    articles, _ = load_articles(EVENTS, load_config(None))
    ordered = sorted(articles, key=lambda a: a.source)
    shuffled = ordered[:]
    random.Random(7).shuffle(shuffled)

    def named(items: list[Article]) -> list[list[str]]:
        return sorted(sorted(items[i].source for i in g) for g in cluster_articles(items))

    assert named(ordered) == named(shuffled)


def test_pairwise_scores_counts_pairs() -> None:
    truth = {"a": "x", "b": "x", "c": "x", "d": "y"}
    perfect = pairwise_scores([["a", "b", "c"], ["d"]], truth)
    assert perfect["f1"] == 1.0 and perfect["pairs"] == 3
    split = pairwise_scores([["a", "b"], ["c"], ["d"]], truth)
    assert split["precision"] == 1.0 and split["recall"] == pytest.approx(1 / 3)
    merged = pairwise_scores([["a", "b", "c", "d"]], truth)
    assert merged["recall"] == 1.0 and merged["precision"] == pytest.approx(3 / 6)


def test_features_find_names_figures_and_quotes() -> None:
    f = extract(make("a.txt", "Crane collapse", TEXT))
    assert {"valparaiso", "elena vargas", "vargas", "terminal pacifico"} <= set(f.entities)
    assert "62" in f.figures and "14" in f.figures
    assert "every crane has been" in " | ".join(f.quotes)
    assert "harbour" not in f.entities  # a sentence start that is an ordinary word
    assert "valparaiso" in f.places


def test_sentences_keep_abbreviations_and_closing_quotes() -> None:
    text = 'Mr. Austin met U.S. officials. He said: "It went well." Then he left!'
    assert split_sentences(text) == ["Mr. Austin met U.S. officials.", 'He said: "It went well."', "Then he left!"]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_feature_extraction_never_fails(text: str) -> None:
    f = extract(make("h.txt", text[:40] or "t", [text]))
    assert f.words >= 0
    sentences = split_sentences(text)
    # Splitting only cuts at spaces: no word is lost or changed.
    assert "".join("".join(s.split()) for s in sentences) == "".join(text.split())
    assert all(stem for stem in content_stems(text))


def test_benchmark_smoke_run() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from bench_cluster import run

    result = run(200)
    assert result["n"] == 200
    assert result["stories"] >= 0.8 * result["events"]  # not collapsed into a few blobs
    assert result["f1"] >= 0.9


@pytest.mark.parametrize("folder", [EVENTS, Path(__file__).resolve().parents[1] / "content"])
def test_pruned_blocking_finds_the_same_stories(folder: Path) -> None:
    # Big corpora find neighbours on each article's heaviest terms only; on these small
    # ones that shortcut must give the same stories as the exact product.
    from site_builder.analyze.cluster import DEFAULT, Params

    articles, _ = load_articles(folder, load_config(None))
    articles.sort(key=lambda a: a.source)
    pruned = Params(**{**DEFAULT.__dict__, "prune_from": 0})
    assert cluster_articles(articles, pruned) == cluster_articles(articles)


def test_cached_evidence_gives_the_same_vectors_and_place_checks() -> None:
    """Evidence a build made earlier (entity, figure and quote ids; main places) stands in for
    reading the features again, and the place check is the old set intersection."""
    from site_builder.analyze.cluster import Corpus, _main_places, evidence

    articles, _ = load_articles(EVENTS, load_config(None))
    articles.sort(key=lambda a: a.source)
    features = [extract(a) for a in articles]
    dates = [None] * len(features)
    fresh = Corpus(features, dates)
    cached = Corpus(features, dates, known=[evidence(f) for f in features])
    assert cached.matrix.shape == fresh.matrix.shape
    for a, b in ((cached.matrix.data, fresh.matrix.data), (cached.matrix.indices, fresh.matrix.indices),
                 (cached.matrix.indptr, fresh.matrix.indptr)):
        assert a.tobytes() == b.tobytes()
    mentions = [set(f.entities) for f in features]
    for i in range(len(features)):
        for j in range(len(features)):
            pi, pj = _main_places(features[i]), _main_places(features[j])
            if pi and pj:
                assert fresh._elsewhere(i, j) == (not (pi & mentions[j]) and not (pj & mentions[i]))
    known = dict(zip((a.source for a in articles), features, strict=True))
    assert cluster_articles(articles, known=known,
                            known_evidence={s: evidence(f) for s, f in known.items()}) \
        == cluster_articles(articles)


# The fast paths of feature extraction against the plain definitions they replace.
def _pieces(*pieces: str) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=30).map("".join)


_TRICKY = _pieces(*"aZé ß'’\"“”‘().:;!?…—–-\t\n\u00a0\u2003xY19,%$", "Mr.", "U.S.", "in ", "O'neil", "l’été")


@settings(max_examples=300, deadline=None)
@given(_TRICKY)
def test_sentence_opener_test_matches_the_regex(text: str) -> None:
    from site_builder.analyze.features import _ABBREV, _OPENS_SENTENCE, _opens_sentence

    for start in range(len(text) + 1):
        head = text[max(0, start - 8) : start]
        expected = bool(_OPENS_SENTENCE.search(head if start <= 8 else "x" + head)) \
            and not _ABBREV.search(head.rstrip())
        assert _opens_sentence(head, start <= 8) == expected


def test_opener_spaces_are_what_the_regex_calls_spaces() -> None:
    import re
    import sys

    from site_builder.analyze.features import _SPACES

    assert set(_SPACES) == {chr(c) for c in range(sys.maxunicode + 1) if re.match(r"\s", chr(c))}


@settings(max_examples=300, deadline=None)
@given(_TRICKY)
def test_lower_words_from_tokens_match_the_regex(text: str) -> None:
    from site_builder.analyze.features import _WORD, _lowercase_words_of, lowercase_words

    assert _lowercase_words_of(_WORD.findall(text)) == lowercase_words(text)


_DIGIT = re.compile(r"\d")  # where a number can start


@settings(max_examples=300, deadline=None)
@given(_pieces(*"0123456789 ,.$€%km\u00a0٣", "million", " per cent", "bn"))
def test_figures_match_a_plain_regex_scan(text: str) -> None:
    from site_builder.analyze import features

    scanned = [m.start() for m in features._NUMBER.finditer(text)]
    found: list[int] = []
    pos = 0
    while (digit := _DIGIT.search(text, pos)) is not None:
        m = features._NUMBER.match(text, digit.start())
        assert m is not None
        found.append(m.start())
        pos = m.end()
    assert found == scanned


@pytest.mark.parametrize("sort", [False, True])
def test_pair_dots_match_scipy_bit_for_bit(sort: bool) -> None:
    import numpy as np
    import scipy.sparse as sp

    from site_builder.analyze.cluster import pair_dots

    rng = np.random.default_rng(7)
    m = sp.random(60, 400, density=0.08, format="csr", dtype=np.float32, random_state=rng)
    m = sp.csr_matrix(sp.diags(rng.random(60).astype(np.float32)) @ m, dtype=np.float32)  # unsorted rows
    if sort:
        m.sort_indices()
    left = rng.integers(0, 60, 500)
    right = rng.integers(0, 60, 500)
    expected = np.asarray(m[left].multiply(m[right]).sum(axis=1)).ravel()
    assert m.has_sorted_indices == sort
    assert pair_dots(m, left, right).tobytes() == expected.tobytes()
    assert len(pair_dots(m, [], [])) == 0


@settings(max_examples=200, deadline=None)
@given(_TRICKY)
def test_ascii_twins_find_the_same_on_ascii_text(text: str) -> None:
    from site_builder.analyze import features as f

    text = text.encode("ascii", "ignore").decode() + "\x1c\x1f Abc De_f g1h JKLMNO don't"
    for plain, twin in ((f._WORD, f._WORD_ASCII), (f._LOWER_WORD, f._LOWER_WORD_ASCII),
                        (f._TITLE_WORD, f._TITLE_WORD_ASCII), (f._RUN, f._RUN_ASCII)):
        assert twin.findall(text) == plain.findall(text)
