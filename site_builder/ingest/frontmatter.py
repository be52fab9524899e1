"""Splits YAML front matter from a body and checks it, reporting every problem with its line.

python-frontmatter finds the ``---`` block; PyYAML parses it with a safe loader that
keeps dates as the strings the editor wrote (so an impossible date such as 2024-02-30
is one clear problem about one key, not a crash of the whole block). Values that would
be unsafe or wrong downstream are dropped here, with a ``path:line`` problem:

- dates (``published``, ``date``, ``event_date``, ``updated``) that are not real dates;
- a ``slug`` that is not a plain file name (``../../etc`` would leave the output folder).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from site_builder.ingest.patterns import lazy_compile
from site_builder.model import PartialDate, Problem

DATE_KEYS = ("published", "date", "event_date", "updated")
SLUG_OK = lazy_compile(r"^[a-z0-9][a-z0-9._-]{0,119}$")
MAX_NODES = 10_000  # far more than any real front matter holds
_ISO_LIKE = lazy_compile(r"^\d{4}(-\d{1,2}){0,2}([T ].*)?$")
_HANDLER = YAMLHandler()
_LOADER_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # type: ignore[assignment]


class _Loader(_LOADER_BASE):  # type: ignore[misc, valid-type]
    """Safe loading with timestamps left as strings: dates are checked by us, with a line."""


class _SlowLoader(yaml.SafeLoader):
    """The pure-Python loader: used only to locate an error, since its marks are more precise."""


for _cls, _base in ((_Loader, _LOADER_BASE), (_SlowLoader, yaml.SafeLoader)):
    _cls.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _base.yaml_implicit_resolvers.items()
    }


def split_front_matter(text: str, rel: str) -> tuple[dict[str, Any], str, list[Problem]]:
    """Return (metadata, body, problems). Invalid YAML keeps the body and ignores the metadata."""
    text = text.lstrip("\ufeff")
    if not text.startswith("---") or not _HANDLER.detect(text):
        return {}, text, []
    try:
        fm, body = _HANDLER.split(text)
    except ValueError:
        return {}, text, [Problem(rel, "front matter is not closed; treated as text",
                                  "end the front matter with a line of '---'", line=1)]
    body = body.lstrip("\n")
    try:
        loader = _Loader(fm)
        try:
            node = loader.get_single_node()
            # Without an alias ("*") the block is a tree of at most about two nodes per
            # character, so a short one cannot exceed MAX_NODES and need not be counted.
            if node is not None and ("*" in fm or len(fm) > _SHORT_BLOCK) \
                    and _expanded_size(node, {}, set()) > MAX_NODES:
                return {}, body, [Problem(rel, "front matter is too large once its aliases are expanded; "
                                          "metadata ignored", "write plain values without '&' anchors and '*' aliases",
                                          line=1, severity="error")]
            # An alias makes the constructor share one object between keys: left to it.
            meta = _plain_mapping(node) if "*" not in fm else None
            if meta is None and node is not None:
                meta = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as fast_exc:
        exc = _precise_error(fm) or fast_exc
        # The context mark is where the broken construct began ("[" never closed), which
        # is the line the editor has to fix; the problem mark is where the parser gave up.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark else None  # fm starts with the rest of the opening "---" line
        reason = exc.problem or "invalid YAML"
        return {}, body, [
            Problem(rel, f"invalid YAML front matter ({reason}); metadata ignored",
                    "fix the YAML between the '---' lines (quote values that contain ':' or start with '[')",
                    line=line, severity="error")
        ]
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        return {}, body, [Problem(rel, f"invalid front matter ({type(exc).__name__}); metadata ignored",
                                  "fix the YAML between the '---' lines", line=1, severity="error")]
    if meta is None:
        return {}, body, []
    if not isinstance(meta, dict):
        return {}, body, [
            Problem(rel, "front matter is not a mapping of keys; metadata ignored",
                    "write 'key: value' lines between the '---' lines", line=2, severity="error")
        ]
    lines = _key_lines(node)
    clean = {str(k): _plain(v) for k, v in meta.items()}
    problems = _check(clean, lines, rel)
    return clean, body, problems


_SHORT_BLOCK = MAX_NODES // 4
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


def _plain_mapping(node: Any) -> dict[str, Any] | None:
    """What the safe constructor makes of the usual front matter, without its generic machinery.

    Handles a mapping whose keys are strings and whose values are strings or lists of
    strings (titles, dates kept as strings, tag lists): for those the constructor returns
    each scalar's text, and a later key wins over an earlier one, as here. Anything else
    (numbers, booleans, nulls, nested mappings, merge keys, other tags) returns None and
    goes through ``construct_document``.
    """
    if not isinstance(node, yaml.MappingNode) or node.tag != _MAP_TAG:
        return None
    out: dict[str, Any] = {}
    for key, value in node.value:
        if type(key) is not yaml.ScalarNode or key.tag != _STR_TAG:
            return None
        kind = type(value)
        if kind is yaml.ScalarNode and value.tag == _STR_TAG:
            out[key.value] = value.value
        elif kind is yaml.SequenceNode and value.tag == _SEQ_TAG:
            items = []
            for item in value.value:
                if type(item) is not yaml.ScalarNode or item.tag != _STR_TAG:
                    return None
                items.append(item.value)
            out[key.value] = items
        else:
            return None
    return out


def _precise_error(fm: str) -> yaml.MarkedYAMLError | None:
    try:
        yaml.load(fm, Loader=_SlowLoader)  # a safe loader subclass
    except yaml.MarkedYAMLError as exc:
        return exc
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return None
    return None


def _expanded_size(node: Any, memo: dict[int, int], active: set[int]) -> int:
    """How many values the block holds with aliases expanded ("billion laughs" guard)."""
    key = id(node)
    if key in memo:
        return memo[key]
    if key in active:  # an alias that contains itself
        return MAX_NODES + 1
    active.add(key)
    size = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            size += _expanded_size(child, memo, active)
            if size > MAX_NODES:
                break
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            size += _expanded_size(k, memo, active) + _expanded_size(v, memo, active)
            if size > MAX_NODES:
                break
    active.discard(key)
    memo[key] = size
    return size


def _key_lines(node: Any) -> dict[str, int]:
    """The file line of each top-level key (the block holds the end of the opening line first)."""
    out: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                out.setdefault(str(key.value), key.start_mark.line + 1)
    return out


def _check(meta: dict[str, Any], lines: dict[str, int], rel: str) -> list[Problem]:
    problems: list[Problem] = []
    for key in DATE_KEYS:
        value = meta.get(key)
        if value in (None, ""):
            continue
        reason = date_problem(value)
        if reason:
            problems.append(Problem(rel, f"front matter '{key}' is not a valid date ({reason}); ignored",
                                    "write a real date as YYYY-MM-DD, YYYY-MM or YYYY", line=lines.get(key),
                                    severity="error"))
            del meta[key]
    slug = meta.get("slug")
    if slug not in (None, ""):
        text = str(slug).strip()
        if not SLUG_OK.match(text) or ".." in text:
            problems.append(Problem(rel, f"slug {text!r} is not allowed (only a-z, 0-9, '.', '_', '-'); ignored",
                                    "use a plain slug such as 'my-story'", line=lines.get("slug"),
                                    severity="error"))
            del meta["slug"]
    return problems


def date_problem(value: Any) -> str | None:
    """Why ``value`` is not a usable front-matter date, or None when it is one."""
    if isinstance(value, (bool, list, dict)):
        return f"{value!r} is not a date"
    if isinstance(value, (dt.date, dt.datetime)):
        return None
    text = str(value).strip()
    if _ISO_LIKE.match(text):
        try:
            PartialDate.parse_iso(text[:10] if len(text) > 10 and text[10] in "T " else text)
        except ValueError as exc:
            return str(exc)
        return None
    from site_builder.ingest.dates import parse_date_value  # news-style dates ("March 5, 2024")

    try:
        parse_date_value(text)
    except ValueError as exc:
        return str(exc)
    return None


def _plain(value: Any) -> Any:
    """Dates as ISO strings (a loader elsewhere may still produce date objects)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
