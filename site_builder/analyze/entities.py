"""Recognises people, places and organisations and groups variant spellings (placeholder)."""

from __future__ import annotations

from site_builder.model import Article, Person, SiteConfig, Story


def build_people(articles: list[Article], stories: list[Story], config: SiteConfig) -> list[Person]:
    return []
