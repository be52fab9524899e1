"""Atom and JSON Feed 1.1 of the site's stories, and an Atom feed per topic.

Every date comes from the stories themselves (event and publication dates), never
from the clock, so an unchanged corpus gives byte-identical feeds; ids are URNs
derived from story ids, so they survive a move to another host. Undated stories
have no honest place in a feed and are left out.
"""

from __future__ import annotations

import html
import uuid
from typing import TYPE_CHECKING, Any

from site_builder.model import PartialDate, Story
from site_builder.render.dates import human, rfc3339
from site_builder.render.digest import records_json

if TYPE_CHECKING:
    from site_builder.render.pages import Renderer

FEED_LIMIT = 50
# Fixed so that a feed with no dated story still validates and never shows the build time.
EPOCH = "1970-01-01T00:00:00Z"
_UNSEEN = object()


# Not xml.sax.saxutils: importing it loads urllib.request and http.client (~15 ms of a rebuild).
_ATTR_WHITESPACE = str.maketrans({"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` escaped for XML character data (as ``xml.sax.saxutils.escape``)."""
    return html.escape(text, quote=False)


def quoteattr(text: str) -> str:
    """``text`` escaped and quoted as an XML attribute value (as ``xml.sax.saxutils.quoteattr``).

    Line breaks and tabs become character references so that parsers do not normalise
    them to spaces; double quotes are kept and single quotes used around the value when
    it has double quotes but no single ones.
    """
    text = escape(text).translate(_ATTR_WHITESPACE)
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))


def entry_id(kind: str, key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'site-builder:{kind}:{key}')}"


def story_dates(story: Story) -> tuple[PartialDate, PartialDate] | None:
    """(published, updated) of a story: its event date, and its newest member's date if later."""
    from site_builder.render.pages import story_date

    first = story_date(story)
    if first is None:
        return None
    published = [a.published.date for a in story.articles if a.published]
    last = max([first, *published], key=lambda d: d.to_date())  # the latest day, whatever the precision
    return first, last


def _content_html(r: Renderer, story: Story) -> str:
    """The feed body of a story (the same in the Atom and JSON feeds)."""
    key = ("html", id(story))
    html = r.feed_parts.get(key)
    if html is None:
        parts = [f"<p>{escape(s)}</p>" for s in story.summary]
        items = []
        for a in story.articles:
            who = f"{escape(a.outlet)}: " if a.outlet else ""
            items.append(f'<li>{who}<a href="{escape(r.urls.absolute(r.urls.article(a.slug)))}">'
                         f"{escape(a.title)}</a></li>")
        if items:
            parts.append(f"<p>{len(items)} source{'s' if len(items) != 1 else ''}:</p><ul>{''.join(items)}</ul>")
        html = r.feed_parts[key] = "".join(parts)
    return html


def _dated(r: Renderer, stories: list[Story]) -> list[tuple[Story, PartialDate, PartialDate]]:
    """The stories of :func:`feed_stories`, with their dates."""
    out = []
    for s in feed_stories(r, stories):
        key = ("dates", id(s))
        d = r.feed_parts.get(key, _UNSEEN)
        if d is _UNSEEN:
            d = r.feed_parts[key] = story_dates(s)
        assert d is not None  # story_dates is None exactly when story_date is
        out.append((s, *d))
    return out


def feed_stories(r: Renderer, stories: list[Story]) -> list[Story]:
    """The stories a feed of ``stories`` shows, the first FEED_LIMIT dated ones (its output
    depends on these, not on the others).

    Picked without working out their dates (:func:`story_dates`, which :func:`_dated` adds):
    a build asks this of every feed to key it (58 feeds, 2,000 stories on 2,000 posts), and
    makes the few feeds whose stories changed.
    """
    from site_builder.render.pages import story_date

    out = []
    for s in stories:
        if story_date(s) is not None:
            out.append(s)
            if len(out) == FEED_LIMIT:
                break
    return out


def _atom_entry(r: Renderer, story: Story, published: PartialDate, last: PartialDate) -> str:
    """A story's <entry>: the same in the site's feed and in each of its topics' feeds."""
    key = ("atom", id(story))
    entry = r.feed_parts.get(key)
    if entry is not None:
        return entry
    urls = r.urls
    link = urls.absolute(urls.story(story.slug))
    lines = [
        "  <entry>",
        f"    <title>{escape(story.title)}</title>",
        f"    <id>{entry_id('story', story.id)}</id>",
        f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(link)}/>",
        f"    <published>{rfc3339(published)}</published>",
        f"    <updated>{rfc3339(last)}</updated>",
    ]
    authors = sorted({a.author for a in story.articles if a.author})
    lines += [f"    <author><name>{escape(name)}</name></author>" for name in authors]
    for slug in story.topics:
        topic = r.topic_by_slug.get(slug)
        label = f" label={quoteattr(topic.name)}" if topic else ""
        lines.append(f"    <category term={quoteattr(slug)}{label}/>")
    if story.summary:
        lines.append(f"    <summary>{escape(story.summary[0])}</summary>")
    lines.append(f"    <content type=\"html\">{escape(_content_html(r, story))}</content>")
    lines.append("  </entry>")
    entry = r.feed_parts[key] = "\n".join(lines)
    return entry


def atom_feed(r: Renderer, stories: list[Story], path: str, title: str, self_page: str = "index.html") -> str:
    urls, config = r.urls, r.config
    dated = _dated(r, stories)
    updated = max((rfc3339(u) for _, _, u in dated), default=EPOCH)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
        f"  <title>{escape(title)}</title>",
    ]
    if config.description:
        lines.append(f"  <subtitle>{escape(config.description)}</subtitle>")
    lines += [
        f"  <id>{entry_id('feed', path)}</id>",
        f"  <updated>{updated}</updated>",
        f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(urls.absolute(path))}/>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(urls.absolute(self_page))}/>",
        f"  <author><name>{escape(config.author or config.title)}</name></author>",
        "  <generator>site_builder</generator>",
    ]
    lines += [_atom_entry(r, story, published, last) for story, published, last in dated]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def json_feed(r: Renderer, stories: list[Story]) -> str:
    urls, config = r.urls, r.config
    items: list[dict[str, Any]] = []
    for story, published, last in _dated(r, stories):
        item: dict[str, Any] = {
            "id": entry_id("story", story.id),
            "url": urls.absolute(urls.story(story.slug)),
            "title": story.title,
            "content_html": _content_html(r, story),
            "date_published": rfc3339(published),
            "date_modified": rfc3339(last),
            "_event_date": {"date": published.iso(), "label": human(published)},
        }
        if story.summary:
            item["summary"] = story.summary[0]
        authors = sorted({a.author for a in story.articles if a.author})
        if authors:
            item["authors"] = [{"name": n} for n in authors]
        if story.topics:
            item["tags"] = [r.topic_by_slug[t].name if t in r.topic_by_slug else t for t in story.topics]
        items.append(item)
    feed: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": config.title,
        "home_page_url": urls.absolute("index.html"),
        "feed_url": urls.absolute(urls.json_feed),
        "language": config.language,
        "items": items,
    }
    if config.description:
        feed["description"] = config.description
    if config.author:
        feed["authors"] = [{"name": config.author}]
    return records_json(feed)
