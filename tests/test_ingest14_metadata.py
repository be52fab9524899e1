"""metadata._best_title stops at the first candidate's overlap with the lede (session 14):
it must choose as the full scoring does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.ingest import metadata, outlets
from site_builder.ingest.dates import parse_date_line
from site_builder.ingest.furniture import NAV_CATEGORIES
from site_builder.ingest.sentences import words


def _scored_title(texts: list[str]) -> int | None:
    """The choice with every candidate scored against the whole lede (the rule as written)."""
    candidates = []
    start = len(texts)
    for k, text in enumerate(texts):
        if len(words(text)) > 20 and metadata.is_prose(text):
            start = k
            break
        if len(candidates) < 6 and metadata._title_candidate(text, texts[k + 1] if k + 1 < len(texts) else None) \
                and not (parse_date_line(text) or metadata.parse_byline(text) or outlets.is_motto(text)
                         or outlets.from_brand_line(text, NAV_CATEGORIES) or outlets.from_tagline(text)):
            candidates.append(k)
    if len(candidates) < 2:
        return None
    lede_lines = [t for t in texts[start:start + 6] if len(words(t)) > 20][:3]
    if not lede_lines:
        return None
    lede = {w for line in lede_lines for w in metadata._content_words(line) if len(w) > 2}
    scores = [len({w for w in metadata._content_words(texts[k]) if len(w) > 2} & lede) for k in candidates]
    if scores[0] > 0:
        return None
    for k, score in zip(candidates[1:], scores[1:], strict=True):
        nxt = texts[k + 1] if k + 1 < len(texts) else ""
        if score >= 2 and (metadata.parse_byline(nxt) or parse_date_line(nxt)):
            return k
    return None


_HEADS = ["Exclusive news and analysis for professionals", "Harbour bridge reopens after repairs",
          "Council approves new harbour budget", "Storm Closes Schools Across the Region", "Bridge repairs finished",
          "By Jane Doe", "Nov. 26, 2024", "Your trusted source since 1990", "The Daily Planet"]
_LEDES = ["The harbour bridge reopened on Monday after six months of repairs, the council said, and traffic "
          "returned to normal across the region by the evening rush as officials had promised.",
          "Schools across the region were closed on Tuesday as a storm brought heavy rain and strong winds, and "
          "officials said they expected the closures to last until the end of the week at least.",
          "The council approved the budget after a long debate in which members argued about the cost of the "
          "new harbour works and the timetable that the engineers had set out for them last year."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_HEADS), max_size=6), st.lists(st.sampled_from(_LEDES), min_size=1, max_size=4))
def test_best_title_chooses_as_full_scoring_does(heads: list[str], ledes: list[str]) -> None:
    texts = heads + ledes
    assert metadata._best_title(texts, None) == _scored_title(texts)


def test_a_tagline_above_the_headline_is_passed_over() -> None:
    texts = ["Exclusive news and analysis for professionals", "Harbour bridge reopens after repairs",
             "By Jane Doe", _LEDES[0]]
    assert metadata._best_title(texts, None) == 1


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"aZ09 _-.,'’\t\n", "é", "İ", "ß", "\u00a0", "—", "Ⅻ"]), max_size=40))
def test_fold_words_are_folds_words(line: str) -> None:
    from site_builder.ingest.sentences import fold, fold_words

    assert fold_words(line) == fold(line).split()
