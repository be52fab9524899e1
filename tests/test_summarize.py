"""Summariser: its own TF-IDF against the formula (and scikit-learn's, when installed), centroids
bit for bit as scipy computed them, and titles and summaries of hand-made stories."""

from __future__ import annotations

import math
from functools import reduce
from operator import add
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from site_builder.analyze import summarize
from site_builder.analyze.features import article_text, content_stems
from site_builder.analyze.summarize import (
    IDF_STEP,
    Candidate,
    Summarizer,
    candidates,
    digest,
    idf_table,
    sequential_row_sums,
)
from site_builder.build import build
from site_builder.config import load_config
from site_builder.ingest import load_articles
from site_builder.model import Article

EVENTS = Path(__file__).resolve().parent / "fixtures" / "events"


def art(source: str, title: str, body: list[str], preview: bool = False, warnings: tuple[str, ...] = ()) -> Article:
    return Article(source=source, slug=source, title=title, body=body, body_html="", content_hash=source,
                   is_preview=preview, warnings=list(warnings))


@pytest.fixture(scope="module")
def events() -> list[Article]:
    articles, _ = load_articles(EVENTS, load_config(None))
    return sorted(articles, key=lambda a: a.source)


def _dense(rows, i: int, width: int) -> np.ndarray:
    cols, vals = rows.row(i)
    out = np.zeros(width)
    out[cols] = vals
    return out


@pytest.mark.parametrize("step", [0, IDF_STEP])
def test_tfidf_follows_smooth_idf_sublinear_tf_and_unit_rows(step: float) -> None:
    corpus = [art("a", "", ["wolf wolf bear"]), art("b", "", ["bear lynx"]), art("c", "", ["lynx lynx lynx fox"])]
    s = Summarizer(corpus, idf_step=step)
    assert s.column == {"bear": 0, "fox": 1, "lynx": 2, "wolf": 3}  # sorted, as the vectorizer numbers them
    n = 3
    df = {"bear": 2, "fox": 1, "lynx": 2, "wolf": 1}
    idf = {t: math.log((1 + n) / (1 + d)) + 1 for t, d in df.items()}
    if step:  # the nearest multiple of the step: ln(4/3) + 1 ≈ 1.2877 → 41/32, ln(2) + 1 ≈ 1.6931 → 54/32
        idf = {t: round(v / step) * step for t, v in idf.items()}
        assert idf == {"bear": 41 / 32, "fox": 54 / 32, "lynx": 41 / 32, "wolf": 54 / 32}
    assert s.idf.tolist() == [idf[t] for t in s.column]
    counts = [{"wolf": 2, "bear": 1}, {"bear": 1, "lynx": 1}, {"lynx": 3, "fox": 1}]
    for i, row in enumerate(counts):
        raw = {t: (1 + math.log(c)) * idf[t] for t, c in row.items()}
        norm = math.sqrt(sum(v * v for v in raw.values()))
        got = _dense(s.texts, i, 4)
        for term, col in s.column.items():
            assert got[col] == pytest.approx(raw.get(term, 0.0) / norm, rel=1e-12), (i, term)
    # Terms the corpus never saw are ignored; a row of one known term is that term at 1.
    fresh = s.vectors([["wolf", "moose"], [], ["moose"]])
    assert fresh.indptr.tolist() == [0, 1, 1, 1]
    assert fresh.cols.tolist() == [3] and fresh.vals.tolist() == [1.0]


def test_tfidf_is_bit_for_bit_scikit_learns(events: list[Article]) -> None:
    text = pytest.importorskip("sklearn.feature_extraction.text")
    vectorizer = text.TfidfVectorizer(analyzer=lambda tokens: tokens, sublinear_tf=True)
    expected = vectorizer.fit_transform([content_stems(article_text(a)) for a in events]).tocsr()
    s = Summarizer(events, idf_step=0)  # the vectorizer's IDF, unrounded
    assert sorted(vectorizer.vocabulary_.items()) == sorted(s.column.items())
    assert np.array_equal(vectorizer.idf_, s.idf)
    # Rounded (as builds weigh), it is the vectorizer's rounded to the nearest multiple of the step.
    assert np.array_equal(np.rint(vectorizer.idf_ / IDF_STEP) * IDF_STEP, Summarizer(events).idf)
    # Same values and the same order inside each row, which fixes how row norms are added up.
    assert np.array_equal(expected.indptr, s.texts.indptr)
    assert np.array_equal(expected.indices, s.texts.cols)
    assert np.array_equal(expected.data, s.texts.vals)
    sentences = [c.stems() for a in events for c in candidates(a)]
    expected = vectorizer.transform(sentences)
    got = s.vectors(sentences)
    assert np.array_equal(expected.indptr, got.indptr)
    assert np.array_equal(expected.indices, got.cols)
    assert np.array_equal(expected.data, got.vals)


def test_idf_table_rounds_to_the_step_and_marks_stems_without_a_column() -> None:
    exact, rounded = idf_table(2000, 0), idf_table(2000)
    assert exact[0] == rounded[0] == 0.0  # a stem no text has
    assert exact[2000] == rounded[2000] == 1.0  # in every article: ln(2001 / 2001) + 1
    assert exact[1:].tolist() == [math.log(2001 / (1 + df)) + 1 for df in range(1, 2001)]
    assert np.array_equal(rounded / IDF_STEP, np.round(rounded / IDF_STEP))  # whole multiples
    assert np.abs(rounded - exact)[1:].max() <= IDF_STEP / 2
    # Common stems' IDF moves by about 1 / df a document: rounded, rarely at all. Of the
    # steps df → df + 1 between 500 and 2,000, about (ln(2001/501) - ln(2001/2001)) / step
    # ≈ 44 cross to another multiple; unrounded, every one moves.
    moves = np.count_nonzero(rounded[501:2001] != rounded[500:2000])
    assert 40 <= moves <= 48 and np.count_nonzero(exact[501:2001] != exact[500:2000]) == 1500


def test_row_sums_add_left_to_right() -> None:
    rng = np.random.default_rng(7)
    lengths = [0, 1, 3, 9, 40, 200, 17, 0, 64]
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    values = rng.normal(size=indptr[-1]) * 10.0 ** rng.uniform(-8, 8, size=indptr[-1])
    rows = [values[indptr[i]:indptr[i + 1]] for i in range(len(lengths))]
    expected = [reduce(add, r.tolist(), 0.0) for r in rows]
    assert sequential_row_sums(values, indptr).tolist() == expected
    # The data tell the orders apart: numpy's pairwise sum gives other bits on some row.
    assert any(float(np.sum(r)) != e for r, e in zip(rows, expected, strict=True))


def test_centroid_is_bit_for_bit_the_scipy_mean(events: list[Article]) -> None:
    s = Summarizer(events)
    width = len(s.column)
    for members in (events[:1], events[:4], events[3:9], [events[10], events[2], events[7]]):
        members = [art(a.source, a.title, a.body, preview=(k == 1)) for k, a in enumerate(members)]
        rows = sparse.csr_matrix(np.array([_dense(s.texts, s.row[a.source], width) for a in members]))
        weights = sparse.csr_matrix(np.array([[0.5 if a.is_preview else 1.0 for a in members]]))
        centre = (weights @ rows).tocsr()
        centre = centre / float(np.sqrt(centre.multiply(centre).sum()))
        centre.sort_indices()
        got = s.centroid(members)
        assert np.array_equal(got.cols, centre.indices)
        assert np.array_equal(got.vals, centre.data)


# Both members say "wolf bear lynx" twice in all, so the centroid weighs the three alike: a
# headline with all three has cosine 1, one with two has 2/sqrt(6) ≈ 0.816.
@pytest.fixture
def animals() -> tuple[Article, Article, Article]:
    full = art("a.txt", "Wolf bear lynx", ["wolf bear lynx"])
    part = art("b.txt", "Wolf bear", ["wolf bear lynx lynx"])
    other = art("c.txt", "Crane", ["crane fox"])
    return full, part, other


def test_title_is_the_headline_nearest_the_centroid(animals: tuple[Article, Article, Article]) -> None:
    full, part, other = animals
    s = Summarizer([full, part, other])
    assert s.title([part, full]) == "Wolf bear lynx"
    assert s.title([other]) == "Crane"  # a lone member's headline, whatever it scores


@pytest.mark.parametrize(("full_flags", "expected"), [
    ({"preview": True}, "Wolf bear"),  # 1 × 0.8 < 0.816
    ({"warnings": ("no headline: named after the file",)}, "Wolf bear"),  # 1 × 0.5 < 0.816
    ({}, "Wolf bear lynx"),
])
def test_title_discounts_previews_and_invented_headlines(full_flags: dict, expected: str) -> None:
    full = art("a.txt", "Wolf bear lynx", ["wolf bear lynx"], **full_flags)
    part = art("b.txt", "Wolf bear", ["wolf bear lynx lynx"])
    s = Summarizer([full, part, art("c.txt", "Crane", ["crane fox"])])
    assert s.title([full, part]) == expected
    if not full.is_preview:
        assert s.centroid([full, part]).vals == pytest.approx([3 ** -0.5] * 3)


LEDE = "MILLBROOK, Ohio (Wire) — A wolf pack crossed the frozen river into the valley at dawn on Tuesday."


@pytest.fixture
def wolves() -> list[Article]:
    a = art("a.txt", "Wolf pack crosses frozen river", [
        LEDE,
        "Did anyone see the wolf pack cross the frozen river near the old ford?",
        "Wolves sighted.",
        "Rangers counted six wolves and two pups moving along the river bank toward the ford.",
    ])
    b = art("b.txt", "Wolves reach the valley", [
        LEDE,
        "At dawn a wolf pack crossed the frozen river and entered the valley on Tuesday.",
        "Farmers in the valley said they would keep sheep and calves indoors until spring.",
    ])
    c = art("c.txt", "Crane season opens",
            ["Birdwatchers gathered at the marsh to count the cranes arriving from the north this week."])
    return [a, b, c]


def test_summary_skips_repeats_questions_and_fragments(wolves: list[Article]) -> None:
    a, b, _ = wolves
    s = Summarizer(wolves)
    # The shared lede once, without its dateline; b's paraphrase of it is a near repeat.
    assert s.summary([a, b]) == [
        "A wolf pack crossed the frozen river into the valley at dawn on Tuesday.",
        "Rangers counted six wolves and two pups moving along the river bank toward the ford.",
        "Farmers in the valley said they would keep sheep and calves indoors until spring.",
    ]
    assert s.summary([a]) == [
        "A wolf pack crossed the frozen river into the valley at dawn on Tuesday.",
        "Rangers counted six wolves and two pups moving along the river bank toward the ford.",
    ]


def test_members_new_to_the_corpus_are_vectorised_on_the_fly(wolves: list[Article]) -> None:
    a, b, c = wolves
    corpus = Summarizer(wolves)
    partial = Summarizer([c, b])  # never saw a: its words the corpus lacks count for nothing
    assert partial.summary([a])[0] == corpus.summary([a])[0]
    assert partial.title([a, b]) in {a.title, b.title}


def test_candidates_drop_questions_fragments_and_the_headline() -> None:
    a = art("a.txt", "The wolf pack crossed the frozen river into the valley at dawn", [
        "The wolf pack crossed the frozen river into the valley at dawn",
        LEDE,
        "Did anyone see the wolf pack cross the frozen river near the old ford?",
        "Wolves sighted.",
    ])
    (only,) = candidates(a)
    assert only.text == "A wolf pack crossed the frozen river into the valley at dawn on Tuesday."
    assert only.dateline and only.stems() == content_stems(only.text)
    assert only.key == " ".join(content_stems(LEDE))  # repeats are told apart with the dateline kept


def test_batches_change_nothing(events: list[Article], monkeypatch: pytest.MonkeyPatch) -> None:
    stories = [events[:3], events[3:4], events[4:9], [events[9]], events[10:]]
    whole = Summarizer(events)
    expected = [(whole.title(m), whole.summary(m)) for m in stories]
    assert whole.summarise(stories) == expected
    monkeypatch.setattr(summarize, "BATCH", 2)
    small = Summarizer(events)
    for name in ("texts", "titles"):
        for a, b in zip(getattr(whole, name), getattr(small, name), strict=True):
            assert np.array_equal(a, b), name
    assert small.summarise(stories) == expected


def test_a_corpus_of_stop_words_only_still_summarises() -> None:
    # The vectorizer had no vocabulary here: one such article got a stand-in term, two crashed.
    one = art("a.txt", "The", ["It is what it is and that is all there is to it here."])
    two = art("b.txt", "And", ["Is it? It is. It was what it was and is all it ever was."])
    s = Summarizer([one, two])
    assert s.summarise([[one], [two], [one, two]]) == [
        ("The", ["It is what it is and that is all there is to it here."]),
        ("And", ["It was what it was and is all it ever was."]),
        ("The", ["It is what it is and that is all there is to it here."]),  # both have the empty key
    ]


def test_digests_read_the_sentences_candidates_finds(events: list[Article]) -> None:
    """Sentences read from digests: the same texts and rows as from :func:`candidates`, and
    keys that are equal exactly when the candidates' keys are."""
    s = Summarizer(events, {a.source: digest(a) for a in events[::2]})  # the others are read here
    found = s._read(events)
    cands = [c for a in events for c in candidates(a)]
    expected = s.vectors(c.stems() for c in cands)
    for got, want in zip(found.rows, expected, strict=True):
        assert np.array_equal(got, want)
    keys = [k for a in events for k in found.of[a.source][0]]
    assert [t for a in events for t in found.of[a.source][1]] == [c.text for c in cands]
    assert len(set(keys)) == len({c.key for c in cands})
    assert len(set(zip(keys, (c.key for c in cands), strict=True))) == len(set(keys))
    assert sum(k == b"" for k in keys) == sum(c.key == "" for c in cands)


def test_sentence_stems_no_text_has_still_tell_sentences_apart(wolves: list[Article],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A key may hold stems outside every article's text: they are numbered apart from the columns."""
    real = summarize.candidates

    def with_zebras(article: Article) -> list[Candidate]:
        extra = [Candidate("zebra okapi gnu", "Zebras and okapis met gnus.", True),
                 Candidate("zebra okapi", "Zebras and okapis met gnus.", True)]
        return extra + real(article)

    monkeypatch.setattr(summarize, "candidates", with_zebras)
    s = Summarizer(wolves)
    assert "zebra" not in s.column
    keys = [s._read(wolves).of[a.source][0] for a in wolves]
    assert keys[0][:2] == keys[1][:2] and keys[0][0] != keys[0][1]
    assert b"" not in keys[0][:2]


def test_an_edit_rebuild_digests_only_the_edited_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content, cache, out = tmp_path / "content", tmp_path / "cache", tmp_path / "out"
    content.mkdir()
    for i in range(4):
        (content / f"post-{i}.md").write_text(
            f"---\ntitle: Harbour vote number {i}\n---\n\nThe harbour board met on Tuesday to vote on plan "
            f"number {i}, with {10 + i} members in favour of the new dock.\n", encoding="utf-8")
    config = load_config(None)
    build(content, out, config, cache_dir=cache, search=False)
    read: list[str] = []
    real = summarize.candidates
    monkeypatch.setattr(summarize, "candidates", lambda a: read.append(a.source) or real(a))
    edited = content / "post-2.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA late vote was added by the clerk of the board.\n",
                      encoding="utf-8")
    build(content, out, config, cache_dir=cache, search=False)
    assert read == ["post-2.md"]


def test_sentence_texts_are_cut_from_the_body_or_kept_when_not_found_there() -> None:
    filler = "The harbour board met again to talk about the dock and the ferry timetable. " * 500
    glued = art("a.txt", "Harbour", ["Dr.  Smith said the board would vote on the new dock plan on Tuesday."])
    long = art("b.txt", "Dock", [filler + "Late in the night the board voted for the new dock plan at last."])
    for a, wide, kept in ((glued, False, True), (long, True, False)):
        found = digest(a)
        assert found.wide == wide and bool(found.texts) == kept
        s = Summarizer([a])
        assert s._read([a]).of[a.source][1] == [c.text for c in candidates(a)]
