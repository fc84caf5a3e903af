"""Issue 16: docs that cannot drift — the README's generated parts are current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def test_the_readmes_generated_parts_are_current():
    pytest.importorskip("cogapp", reason="cogapp is in the test extra")
    done = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "README.md"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, "run `cog -r README.md`: " + done.stdout + done.stderr
