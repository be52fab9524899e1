"""Writes ``digest.json``: the site's data export (articles, stories, timeline, topics)."""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable, Iterator
from typing import Any

from site_builder.model import DatedValue, SiteConfig, SiteModel
from site_builder.render.urls import Urls


def _date(value: DatedValue | None) -> str | None:
    return value.date.iso() if value else None


def digest_data(site: SiteModel, urls: Urls, config: SiteConfig | None = None) -> dict[str, Any]:
    """The export as a dict whose record lists are lazy iterators, made one record at a time
    as :func:`records_json_parts` writes them: on 20,000 articles the whole export held at
    once (records, then their JSON, then the joined text and its bytes) was the build's
    peak memory, about 250 MB above the analysed site."""
    by_id = {s.id: s for s in site.stories}
    return {
        "site": {
            "title": config.title if config else "",
            "description": config.description if config else "",
            "base_url": urls.base_url,
            "language": config.language if config else "",
        },
        "articles": (
            {
                "source": a.source,
                "slug": a.slug,
                "title": a.title,
                "dek": a.dek,
                "author": a.author,
                "outlet": a.outlet,
                "published": _date(a.published),
                "event_date": _date(a.event_date),
                "event_date_source": a.event_date.source if a.event_date else None,
                "tags": a.tags,
                "url": urls.absolute(urls.article(a.slug)),
                "story": a.story_id,
                "topics": a.topics,
                "warnings": a.warnings,
                "is_preview": a.is_preview,
            }
            for a in site.articles
        ),
        "stories": (
            {
                "id": s.id,
                "title": s.title,
                "event_date": _date(s.event_date),
                "summary": s.summary,
                "articles": [a.source for a in s.articles],
                "canonical": s.canonical,
                "url": urls.absolute(urls.story(s.slug)),
                "topics": s.topics,
                "warnings": s.warnings,
                "slug": s.slug,
                "event_date_source": s.event_date.source if s.event_date else None,
                "developing": s.developing,
                "outlets": sorted({a.outlet for a in s.articles if a.outlet}),
                "people": s.people,
                "places": s.places,
                "comparison": {
                    "agreed": [{"text": f.text, "sources": f.sources} for f in s.comparison.agreed],
                    "only_in": s.comparison.only_in,
                    "conflicts": [
                        {"kind": c.kind, "subject": c.subject, "variants": c.variants, "note": c.note}
                        for c in s.comparison.conflicts
                    ],
                },
            }
            for s in site.stories
        ),
        "timeline": (
            {
                "id": e.id,
                "date": e.date.iso(),
                "title": e.title,
                "summary": e.summary,
                "kind": e.kind,
                "stories": e.story_ids,
                "story_urls": [urls.absolute(urls.story(by_id[i].slug)) for i in e.story_ids if i in by_id],
                "articles": e.articles,
                "evidence": [{"quote": ev.quote, "article": ev.article} for ev in e.evidence],
            }
            for e in site.timeline
        ),
        "topics": (
            {"slug": t.slug, "name": t.name, "stories": t.story_ids, "automatic": t.automatic,
             "url": urls.absolute(urls.topic(t.slug))}
            for t in site.topics
        ),
        "people": (
            {"slug": p.slug, "name": p.name, "aliases": p.aliases, "roles": p.roles, "stories": p.story_ids,
             "url": urls.absolute(urls.person(p.slug))}
            for p in site.people
        ),
    }


def records_json(data: dict[str, Any]) -> str:
    """JSON with one record per line: diffable and readable, yet written by the C encoder
    (``indent=`` falls back to the pure-Python one, several times slower on large sites)."""
    return "".join(records_json_parts(data))


def records_json_parts(data: dict[str, Any]) -> Iterator[str]:
    """:func:`records_json` in pieces, a record at a time; a list or an iterator of records
    (as :func:`digest_data` gives) is written one record per line, consumed as it goes."""
    dump = _dumper()
    yield "{\n"
    for n, (key, value) in enumerate(data.items()):
        if n:
            yield ",\n"
        records = _records(value)
        first = next(records, _NONE) if records is not None else _NONE
        if first is _NONE:
            yield f"{dump(key)}: {dump([] if records is not None else value)}"
            continue
        yield f"{dump(key)}: [\n  {dump(first)}"
        for record in records:  # type: ignore[union-attr]
            yield f",\n  {dump(record)}"
        yield "\n]"
    yield "\n}\n"


_NONE = object()


def _dumper() -> Callable[[Any], str]:
    """``json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode``, the same text,
    with the C encoder made once: ``encode`` makes a new one for every value, which was a
    third of writing the export (one value per record: 40,000 on 20,000 articles)."""
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator: the pure-Python encoder, as encode() would use
        return encoder.encode
    # As JSONEncoder.iterencode(_one_shot=True) makes it. The markers (for circular checks) are
    # empty again after each value, as each container's entry is removed when it is done.
    encode = make({}, encoder.default, json.encoder.encode_basestring, encoder.indent, encoder.key_separator,
                  encoder.item_separator, encoder.sort_keys, encoder.skipkeys, encoder.allow_nan)
    join = "".join

    def dump(value: Any) -> str:
        return join(encode(value, 0))

    return dump


def _records(value: Any) -> Iterator[Any] | None:
    """An iterator over ``value``'s records if it is a list or an iterator, else None."""
    if isinstance(value, list):
        return iter(value)
    if isinstance(value, Iterator):
        return value
    return None


def digest_json(site: SiteModel, urls: Urls, config: SiteConfig | None = None) -> str:
    return records_json(digest_data(site, urls, config))


def digest_json_parts(site: SiteModel, urls: Urls, config: SiteConfig | None = None) -> Iterator[str]:
    """:func:`digest_json` in pieces, for writing as they come (see :func:`digest_data`)."""
    return records_json_parts(digest_data(site, urls, config))
