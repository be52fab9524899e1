"""Chunks of story and article pages keyed by their inputs' digests, a column at a time
(build._ObjectDigests.inputs_refs, render.pages.Renderer.pages_chunked)."""

from __future__ import annotations

from site_builder.build import _InputsRefs, _Keyer
from tests.test_keys2_refs import _digested
from tests.test_render import rich_site


def test_inputs_refs_tell_every_chunk_of_inputs_apart() -> None:
    site = rich_site()
    keyer = _digested(site)
    story, other, article, entry = site.stories[0], site.stories[1], site.articles[0], site.timeline[0]
    chunks = [((story, None, [entry]),), ((story, None, []),), ((story, article, [entry]),),
              ((story, None, [entry]), (other, None, [])), ((story, None, []), (other, None, [entry])),
              ((story, None, [entry, entry]),), ((article, story),), ((story, article),)]
    refs = [keyer.inputs_refs(chunk) for chunk in chunks]
    assert all(type(r) is _InputsRefs for r in refs)
    assert len(set(refs)) == len(refs)
    assert keyer.inputs_refs(((story, None, [entry]),)) == refs[0]  # the same inputs, the same bytes


def test_inputs_refs_leave_what_they_cannot_stand_for_to_the_pickle() -> None:
    site = rich_site()
    keyer = _digested(site)
    story, article = site.stories[0], site.articles[0]
    for whole in [((story,), (story, article)),  # tuples of two lengths
                  ((story, "text"),), ((story, [1]),), [(story,)], ()]:
        assert keyer.inputs_refs(whole) is whole
    fresh = _Keyer()  # nothing digested: an object is never taken for None
    assert fresh.inputs_refs(((story, None),)) == ((story, None),)
    assert type(fresh.inputs_refs(((None, None),))) is _InputsRefs
