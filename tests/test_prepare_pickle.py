"""The compact pickled forms of Features and name Mentions load back exactly."""

from __future__ import annotations

import pickle
from collections import Counter

import numpy as np

from site_builder.analyze.features import Features, extract, shingles, term_ids
from site_builder.analyze.names import Known, Mention
from site_builder.model import Article


def _same(a: Features, b: Features) -> bool:
    return (a.stem_ids.dtype == b.stem_ids.dtype == np.int64 and a.shingle_ids.dtype == b.shingle_ids.dtype
            and np.array_equal(a.stem_ids, b.stem_ids) and np.array_equal(a.shingle_ids, b.shingle_ids)
            and (a.entities, a.places, a.figures, a.quotes, a.words)
            == (b.entities, b.places, b.figures, b.quotes, b.words))


def test_features_round_trip() -> None:
    article = Article(source="a.txt", slug="a", title="Ministers meet in Tokyo", body_html="", content_hash="",
                      body=["Defense Secretary Lloyd Austin met Fumio Kishida in Tokyo on Sunday.",
                            "“We stand together against every threat,” Austin said of the $1.7 billion deal."])
    found = extract(article)
    assert len(pickle.dumps(found)) < len(pickle.dumps(found.__dict__))
    assert _same(pickle.loads(pickle.dumps(found)), found)
    assert _same(pickle.loads(pickle.dumps(Features())), Features())
    # Ids that are not CRC-32s (no caller makes them) are kept as they are.
    odd = Features(stem_ids=np.array([-1, 1 << 40], dtype=np.int64), entities=Counter({"x": 2}))
    assert _same(pickle.loads(pickle.dumps(odd)), odd)


def test_shingles_and_term_ids() -> None:
    stems = ["a", "b", "c", "d"]
    for k in range(-1, 6):
        assert shingles(stems, k) == [" ".join(stems[i : i + k]) for i in range(len(stems) - k + 1)]
    assert term_ids(iter(["a b c", "x"])).tolist() == term_ids(["a b c", "x"]).tolist()
    assert term_ids([]).dtype == np.int64


def test_mentions_round_trip_keeps_sharing() -> None:
    shared = Mention(surface="Austin", parts=("Austin",), kind="name", roles=["defense secretary"], evidence=True)
    known = Mention(surface="Tokyo", parts=("Tokyo",), kind="place", known=Known("Tokyo", "place"),
                    sentence_start=True, plural_role=True, honorific="Mr")
    loaded = pickle.loads(pickle.dumps([shared, known, shared]))
    assert loaded == [shared, known, shared]
    assert loaded[0] is loaded[2]
