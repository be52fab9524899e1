"""Regular expressions compiled on first use rather than at import.

Python's ``re`` takes 0.05–5 ms to compile a pattern (large word alternations and wide
character classes the most), and the ingest and analyze modules hold a couple of hundred
module-level patterns. Compiled at import they cost every run that imports the pipeline,
a one-file-edit rebuild included, though many serve only some inputs (raw-text bylines,
web-page furniture, date stamps, phrasings of past events) and a rebuild that parses one
Markdown file never touches them. :func:`lazy_compile` returns a stand-in that compiles
the pattern the first time any of its methods or attributes is read. After that its
methods are the compiled pattern's own bound methods, stored in its ``__dict__``, so a
call costs no more than on the pattern itself (the lookup skips creating a bound method).

The stand-in is not a :class:`re.Pattern`: pass it to no ``re`` module function
(``re.sub(p, …)``), call its methods (``p.sub(…)``). ``pattern`` is readable without
compiling, so patterns can be built from others.
"""

from __future__ import annotations

import re
from typing import Any, cast

# Read from the compiled pattern into the stand-in's __dict__ on first use.
_COPIED = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "scanner",
           "flags", "groups", "groupindex")


class _LazyPattern:
    """``re.compile(pattern, flags)``, run when the first attribute other than ``pattern`` is read."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        # Reached only for names not in __dict__: the first use, or a name no pattern has.
        if name.startswith("__") or name == "_flags":
            raise AttributeError(name)  # copy and pickle probe dunders on a bare instance
        compiled = re.compile(self.pattern, self._flags)
        for attr in _COPIED:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self._flags!r})"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern that compiles itself on first use; use it as the result of ``re.compile``."""
    return cast(re.Pattern[str], _LazyPattern(pattern, flags))


def lowered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A case-insensitive pattern made case-sensitive, to run on lower-cased ASCII text.

    There it finds the same spans (with lower-case groups) at a fraction of the cost:
    the regex engine folds case character by character, and skips a plain literal's
    branch of an alternation at once. Non-ASCII text keeps the original, as lower-casing
    it may change its length.
    """
    # Nothing in it may stand for a capital letter (named groups aside). Its flags are not
    # read, which would compile it at import: these patterns have re.IGNORECASE alone.
    assert "(?-i" not in pattern.pattern and re.sub(r"\(\?P[<=]", "", pattern.pattern).islower()
    return lazy_compile(pattern.pattern)
