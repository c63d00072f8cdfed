"""Where the shared samples of the returns are (``shared/data/external/`` beside the repository).

A test that needs one skips, naming the folder, when it is absent; under ``CI=true`` it fails.
"""

import os
from pathlib import Path

import pytest

_CANDIDATES = [Path(__file__).resolve().parents[2] / "shared" / "data" / "external", Path("/work/shared/data/external")]
EXTERNAL = next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])


def sample(name: str) -> Path:
    """The sample's path, or skip (fail under CI=true) when it is not there."""
    path = EXTERNAL / name
    if not path.exists():
        message = f"the shared sample {path} is not there"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path
