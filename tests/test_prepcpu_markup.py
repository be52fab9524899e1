"""Posts made only of fast-path blocks skip nh3 over the whole HTML: the result must be nh3's."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import site_builder.ingest.markup as markup
from site_builder.ingest.markup import _clean, markdown_paragraphs_html

# Plain words with now and then any other character but a surrogate (decoding never
# yields one): most examples stay on the fast path, which itself decides what it takes.
_ANY = st.characters(blacklist_categories=("Cs",), blacklist_characters="*[]()!#>-+")
_TEXT = st.builds(lambda a, c, b: a + c + b, st.text("abc XYZ.,;:'\"é€“”…", min_size=1, max_size=12),
                  st.one_of(st.just(""), _ANY), st.text("abc XYZ.,;'", max_size=12))
_URL = st.text(alphabet="abcxyz0123456789/:.%?=#+_~-", min_size=1, max_size=24)
_SCHEMES = st.sampled_from(["", "http://", "https://", "mailto:", "javascript:", "ftp://", "//", "http:"])


@st.composite
def _paragraph(draw: st.DrawFn) -> str:
    parts = [draw(_TEXT)]
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["link", "em", "strong", "text"]))
        inner = draw(_TEXT).strip() or "x"
        if kind == "link":
            parts.append(f" [{inner}]({draw(_SCHEMES)}{draw(_URL)}) ")
        elif kind == "em":
            parts.append(f" *{inner}* ")
        elif kind == "strong":
            parts.append(f" **{inner}** ")
        parts.append(draw(_TEXT))
    paragraph = "".join(parts).strip()
    return draw(st.sampled_from(["", "- ", "> ", "## "])) + paragraph if paragraph else "x"


@settings(max_examples=1500, deadline=None)
@given(st.lists(_paragraph(), min_size=1, max_size=6))
def test_fast_posts_are_sanitised_as_nh3_would(paragraphs: list[str]) -> None:
    assert markdown_paragraphs_html(paragraphs) == _clean(markdown_paragraphs_html(paragraphs, trust_html=True))


def test_only_links_go_through_nh3(monkeypatch) -> None:
    cleaned: list[str] = []

    def clean(html: str) -> str:
        cleaned.append(html)
        return _clean(html)

    monkeypatch.setattr(markup, "_clean", clean)
    markup._clean_link.cache_clear()
    html = markdown_paragraphs_html(["Plain *text* here.", "See the [statement](https://example.org/s).",
                                     "And [a script](javascript:alert) too."])
    assert html == ('<p>Plain <em>text</em> here.</p>\n'
                    '<p>See the <a href="https://example.org/s" rel="noopener noreferrer nofollow">statement</a>.</p>\n'
                    '<p>And <a rel="noopener noreferrer nofollow">a script</a> too.</p>')
    assert cleaned == ['<a href="https://example.org/s">statement</a>', '<a href="javascript:alert">a script</a>']
