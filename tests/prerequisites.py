"""What a test needs from the machine: a tool (espeak-ng, unshare, strace),
a running server (PostgreSQL, Redis), an optional package, the evaluation
data in ``../shared/eval``.

On a developer's machine a missing prerequisite skips the test with the
reason. Under CI (``CI=true``, as CI services set it) it fails the test
instead, so a CI run cannot be green without what it is meant to test;
``scripts/ensure-services`` installs the tools and servers CI needs.

    require(shutil.which("espeak-ng") is not None, "needs espeak-ng")   # in a test or fixture
    @pytest.mark.require(shutil.which("espeak-ng") is not None, "needs espeak-ng")   # on a test
    llama_cpp = require_module("llama_cpp")   # instead of pytest.importorskip
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require(condition: bool, reason: str) -> None:
    """Go on if ``condition`` holds; else skip (locally) or fail (under CI)."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"missing prerequisite (CI=true): {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def require_module(name: str) -> ModuleType:
    """The imported module ``name``, or :func:`require`'s skip or failure."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        require(False, f"needs the Python package {name} ({exc})")
        raise  # not reached: require skipped or failed
