"""The type hints hold: mypy, with the settings of pyproject.toml ([tool.mypy]: check_untyped_defs,
warn_unused_ignores), finds no error in the database and domain layers."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _checked_paths() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    return config["files"]


def test_the_checked_layers_are_at_least_db_and_domain():
    assert {"hubdesk/db", "hubdesk/domain"} <= set(_checked_paths())


@pytest.mark.slow
def test_mypy_finds_no_error(monkeypatch):
    from mypy import api

    monkeypatch.chdir(ROOT)  # the paths in [tool.mypy] are relative to the project
    stdout, stderr, status = api.run(["--config-file", os.fspath(ROOT / "pyproject.toml"),
                                      "--cache-dir", os.fspath(ROOT / ".mypy_cache"), "--no-error-summary",
                                      *_checked_paths()])
    assert stderr == ""
    assert stdout == "", stdout
    assert status == 0
