"""Shared fixtures: the repository paths and a built copy of the sample site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.config import load_config

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus built once per test session into a temporary folder."""
    out = tmp_path_factory.mktemp("sample") / "output"
    build(CONTENT, out, load_config(ROOT / "site.yaml"))
    return out


@pytest.fixture(scope="session")
def sample_digest(sample_site: Path) -> dict:
    return json.loads((sample_site / "digest.json").read_text(encoding="utf-8"))
