"""Where the source documents are: ``shared/seeds/`` next to the checkout, as CI has it
(shared/ is a sibling of the repository), found by walking up from this file, so it works in
any checkout and any worktree. Tests that compare the application with the sources call
``seeds_dir()``: it fails when the folder is missing in CI (CI=true), and skips only outside
CI, where a checkout without the sources is normal."""

import os
from pathlib import Path

import pytest


def find_shared(start: Path | None = None) -> Path | None:
    """The nearest ``shared`` folder holding ``seeds/``, beside this file's folder or beside
    any folder above it."""
    here = (start or Path(__file__)).resolve()
    for folder in here.parents:
        candidate = folder / "shared"
        if (candidate / "seeds").is_dir():
            return candidate
    return None


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def seeds_dir() -> Path:
    shared = find_shared()
    if shared is None:
        message = (
            "the source documents (shared/seeds/) were not found beside the checkout or any "
            "folder above it"
        )
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return shared / "seeds"


def seed_text(number: str) -> str:
    """The text of the seed whose file name starts with ``number`` (e.g. "001")."""
    (path,) = sorted(seeds_dir().glob(f"{number}_*.txt"))
    return path.read_text(encoding="utf-8")
