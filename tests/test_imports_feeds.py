"""The feed module's XML escaping matches xml.sax.saxutils, which it no longer imports."""

from __future__ import annotations

import subprocess
import sys
from xml.sax import saxutils

import pytest

from site_builder.render.feeds import escape, quoteattr

SAMPLES = ["", "plain", "a & b < c > d", "&amp; already", 'say "hi"', "it's", "both \" and '",
           "line\nbreak\rreturn\ttab", "\"'\n&<>", "ünïcödé — “quotes”"]


@pytest.mark.parametrize("text", SAMPLES)
def test_escape_matches_saxutils(text: str) -> None:
    assert escape(text) == saxutils.escape(text)


@pytest.mark.parametrize("text", SAMPLES)
def test_quoteattr_matches_saxutils(text: str) -> None:
    assert quoteattr(text) == saxutils.quoteattr(text)


def test_feeds_and_sitemap_import_no_http_client() -> None:
    code = ("import sys, site_builder.render.feeds, site_builder.render.sitemap; "
            "print('http.client' in sys.modules, 'xml.sax' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.split() == ["False", "False"]
