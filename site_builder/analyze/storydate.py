"""A story's event date: the weighted consensus of what its members say.

Each member's own event date votes with a weight for how the date was found (explicit
and front-matter dates beat a year borrowed from the publication date, which beats a
year guessed from a weekday, which beats "on Sunday" resolved against a publication
date) and for what the member is (a preview was written before the event and may name
a date that slipped). A candidate date collects the votes of every member whose date
covers it or is covered by it, so "July 2024" supports "2024-07-28". The finest date
with a majority of the votes wins; if none has one, the month, then the year.
"""

from __future__ import annotations

from collections.abc import Sequence

from site_builder.model import Article, DatedValue, PartialDate

# How far each way of finding a date is trusted (unknown sources count as inferred).
SOURCE_WEIGHT = {
    "front matter": 4.0,
    "explicit": 3.0,
    "dateline": 3.0,
    "reference year": 2.0,
    "weekday inference": 1.5,
    "relative": 1.0,
}
PREVIEW_FACTOR = 0.5


def _weight(article: Article, found: DatedValue) -> float:
    w = SOURCE_WEIGHT.get(found.source, 1.0)
    return w * (PREVIEW_FACTOR if article.is_preview else 1.0)


def _coarsen(date: PartialDate, precision: str) -> PartialDate | None:
    """``date`` cut to ``precision``; None when it is coarser than that already."""
    if precision == "day":
        return date if date.precision == "day" else None
    if precision == "month":
        return PartialDate(date.year, date.month) if date.month is not None else None
    return PartialDate(date.year)


def consensus(members: Sequence[Article]) -> tuple[DatedValue | None, list[str]]:
    """The story date and one warning sentence per member that disagrees with it."""
    votes = [(a, a.event_date, _weight(a, a.event_date)) for a in sorted(members, key=lambda a: a.source)
             if a.event_date is not None and a.event_date.source != "story"]
    if not votes:
        return None, []
    total = sum(w for _, _, w in votes)
    chosen: PartialDate | None = None
    for precision in ("day", "month", "year"):
        candidates = sorted({c for _, d, _ in votes if (c := _coarsen(d.date, precision)) is not None})
        best: tuple[float, PartialDate] | None = None
        for cand in candidates:
            support = sum(w for _, d, w in votes if d.date.compatible(cand))
            # Strictly greater: ties go to the earliest date, whatever the member order.
            if best is None or support > best[0]:
                best = (support, cand)
        if best is not None and best[0] > total / 2:
            chosen = best[1]
            break
    if chosen is None:
        listed = ", ".join(f"{a.source} says {d.date.iso()}" for a, d, _ in votes)
        return None, [f"The sources disagree on the event date ({listed}) and none has a majority, "
                      "so the story has no date."]
    sources = sorted({d.source for _, d, _ in votes if d.date.compatible(chosen)})
    warnings = []
    for a, d, _ in votes:
        if not d.date.compatible(chosen):
            kind = "a preview" if a.is_preview else "a report"
            warnings.append(f"{a.source} ({kind}) dates the event {d.date.iso()} by {d.source}, "
                            f"but the story's sources agree on {chosen.iso()}.")
    finer = sorted({d.date for _, d, _ in votes if d.date.compatible(chosen) and d.date != chosen
                    and chosen.contains(d.date)})
    if len(finer) > 1:
        listed = ", ".join(f"{a.source} says {d.date.iso()}" for a, d, _ in votes if d.date in finer)
        warnings.append(f"The sources give different days ({listed}), so the story is dated only {chosen.iso()}.")
    return DatedValue(chosen, f"consensus ({', '.join(sources)})"), warnings


def apply_story_date(members: Sequence[Article], date: DatedValue | None) -> None:
    """Members with no date of their own take the story's date."""
    if date is None:
        return
    for a in members:
        if a.event_date is None:
            a.event_date = DatedValue(date.date, "story")
