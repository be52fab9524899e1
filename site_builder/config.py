"""Loads the site configuration (``site.yaml``) into a :class:`SiteConfig`.

A missing file gives the defaults; a malformed one raises :class:`ConfigError` with
the line, so the CLI can print one clear message.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import yaml

from site_builder.model import KnownEntity, SiteConfig, TopicRule

DEFAULT_NAME = "site.yaml"


class ConfigError(Exception):
    """The configuration file cannot be used."""


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"


def _topics(raw: Any, path: str) -> list[TopicRule]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ConfigError(f"{path}: 'topics' must be a list — write one '- name: …' entry per topic")
    rules = []
    for item in raw:
        if not isinstance(item, dict) or not item.get("name"):
            raise ConfigError(f"{path}: every topic needs a 'name' — add 'name: Topic' to {item!r}")
        rules.append(
            TopicRule(
                name=str(item["name"]),
                slug=str(item.get("slug") or slugify(str(item["name"]))),
                # aliases and entities are keywords too; they are listed apart only for readers.
                keywords=[str(k) for key in ("keywords", "aliases", "entities") for k in item.get(key) or []],
                description=str(item.get("description") or ""),
            )
        )
    return rules


def _entities(raw: Any, path: str) -> list[KnownEntity]:
    if raw is None:
        return []
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: 'entities' must map people/places/orgs to lists — see README")
    out = []
    for key, kind in (("people", "person"), ("places", "place"), ("orgs", "org")):
        for item in raw.get(key) or []:
            if isinstance(item, str):
                item = {"name": item}
            if not isinstance(item, dict) or not item.get("name"):
                raise ConfigError(f"{path}: entities.{key} entries need a 'name' — got {item!r}")
            out.append(
                KnownEntity(
                    name=str(item["name"]),
                    kind=kind,  # type: ignore[arg-type]
                    aliases=[str(a) for a in item.get("aliases") or []],
                    role=str(item.get("role") or ""),
                )
            )
    return out


def load_config(path: Path | None, base_url: str | None = None) -> SiteConfig:
    """Read ``path`` (or return defaults when it is None or absent)."""
    data: dict[str, Any] = {}
    shown = str(path) if path else DEFAULT_NAME
    if path is not None and path.exists():
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except yaml.MarkedYAMLError as exc:
            line = exc.problem_mark.line + 1 if exc.problem_mark else None
            where = f"{shown}:{line}" if line else shown
            raise ConfigError(f"{where}: invalid YAML ({exc.problem}) — fix the syntax") from exc
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{shown}: cannot read configuration ({exc}) — save it as UTF-8 YAML") from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise ConfigError(f"{shown}: the configuration must be a mapping of keys — see README")
        data = loaded or {}
    known = {f.name for f in dataclasses.fields(SiteConfig)}
    simple = {k: v for k, v in data.items() if k in known and k not in {"topics", "entities", "extra", "path"}}
    extra = {k: v for k, v in data.items() if k not in known}
    try:
        config = SiteConfig(**simple, extra=extra)
    except TypeError as exc:
        raise ConfigError(f"{shown}: {exc} — check the key names") from exc
    config.topics = _topics(data.get("topics"), shown)
    config.entities = _entities(data.get("entities"), shown)
    config.path = str(path) if path else None
    if base_url is not None:
        config.base_url = base_url
    if config.base_url and not config.base_url.endswith("/"):
        config.base_url += "/"
    for name in ("per_page", "max_file_bytes", "render_workers", "memory_limit_mb"):
        value = getattr(config, name)
        if not isinstance(value, int) or value <= 0:
            raise ConfigError(f"{shown}: '{name}' must be a positive whole number — got {value!r}")
    return config


def load_timeline_overrides(path: Path) -> dict[str, Any]:
    """Read the editor's ``timeline.yaml`` (docs/topics-and-timeline.md); {} when there is none.

    A file that cannot be used does not stop the build: the result carries ``_error``,
    which the timeline reports as one problem line and then ignores.  ``_path`` names the
    file in those problem lines.
    """
    if not path.is_file():
        return {}
    shown = str(path)
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        return {"_path": shown, "_line": line, "_error": f"invalid YAML ({exc.problem})"}
    except (yaml.YAMLError, OSError, UnicodeDecodeError) as exc:
        return {"_path": shown, "_error": f"cannot read the timeline file ({exc})"}
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        return {"_path": shown, "_error": "the timeline file must be a mapping with add/rename/edit/merge/hide"}
    return {**loaded, "_path": shown}
