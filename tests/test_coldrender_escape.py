"""Template output escaping: the shortcuts of ``pages._escape_output`` give Jinja's own text."""

from __future__ import annotations

import enum
from pathlib import Path

import pytest
from markupsafe import Markup, escape

from site_builder.render.pages import _escape_output, make_environment


class Level(enum.IntEnum):
    TWO = 2


@pytest.mark.parametrize("value", [0, 7, -12, 10**30, True, False, Level.TWO, 2.5, None, "<b>&", Markup("<i>")])
def test_escape_output_gives_jinjas_text(value: object) -> None:
    assert str(_escape_output(value)) == str(escape(value))


def test_int_output_is_plain_text() -> None:
    out = _escape_output(42)
    assert type(out) is str and out == "42"


def test_template_counts_render_as_before(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text("{{ n }} <{{ s }}> {{ flag }} {{ m }}")
    env = make_environment([tmp_path])
    text = env.get_template("t.html").render(n=-3, s="a&b", flag=True, m=Markup("<br>"))
    assert text == "-3 <a&amp;b> True <br>"
