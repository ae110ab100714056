"""The error codes (pipeline.errors): one enum, documented in README.md and in
the module's tree, and used wherever a code is passed."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import CallbriefError, ErrorCode, InputError, ModelError, ProcessingError, TransientError

ROOT = Path(__file__).resolve().parents[2]
SOURCE_PACKAGES = ("pipeline", "api", "workers", "cli", "store")
API_KIND = "API"


def readme_rows() -> list[tuple[str, str]]:
    """(code, kind) rows of the table under README.md's "Error codes" heading."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^### Error codes\n(.*?)(?=^#)", text, re.S | re.M)
    assert section is not None, "README.md has no '### Error codes' section"
    rows = re.findall(r"^\| `([a-z_]+)` \| ([^|]+?) \|", section.group(1), re.M)
    return [(code, kind.split()[0]) for code, kind in rows]


def readme_codes() -> dict[str, str]:
    return dict(readme_rows())


def tree_codes() -> set[str]:
    """The codes listed in pipeline/errors.py's docstring tree."""
    import pipeline.errors

    lines = (pipeline.errors.__doc__ or "").split("\n")
    codes: set[str] = set()
    listing = False
    for line in lines:
        stripped = line.strip(" │├└─")
        if stripped.startswith("codes:"):
            listing, stripped = True, stripped.removeprefix("codes:")
        elif not re.fullmatch(r"[a-z_, ]*", stripped) or not stripped:
            listing = False
        if listing:
            codes.update(c.strip() for c in stripped.split(",") if c.strip())
    return codes


def test_the_readme_table_lists_exactly_the_enum() -> None:
    documented = [code for code, _ in readme_rows()]
    assert len(documented) == len(set(documented)), "a code is listed twice in README.md"
    assert set(documented) == {c.value for c in ErrorCode}


def test_the_tree_lists_every_code_the_pipeline_raises() -> None:
    pipeline_codes = {code for code, kind in readme_codes().items() if kind != API_KIND}
    assert tree_codes() == pipeline_codes
    # Each class's default is one of the codes listed for it.
    for cls in (InputError, ModelError, ProcessingError, TransientError):
        assert cls.code in pipeline_codes


def test_codes_keep_their_stored_values() -> None:
    # Stored call rows and API clients read these strings: they never change.
    assert ErrorCode.AUDIO_TRUNCATED == "audio_truncated"
    assert ErrorCode.BAD_MANIFEST.value == "bad_manifest"
    assert f"{ErrorCode.WORKER_LOST}" == "worker_lost" and str(ErrorCode.NOT_FOUND) == "not_found"
    error = InputError("cut off", code=ErrorCode.AUDIO_TRUNCATED)
    assert (error.code, str(error)) == (ErrorCode.AUDIO_TRUNCATED, "audio_truncated: cut off")
    assert isinstance(error, CallbriefError) and not error.retryable and TransientError("db").retryable


# Code passed as a string literal: ``code="..."``, ``code = "..."``, or the
# status-then-code signature of the API's and pages' errors.
_FREE_STRING = re.compile(
    r"""\bcode\s*=\s*["'][a-z_]+["']"""
    r"""|\b\w*Error\(\s*\d{3},\s*["'][a-z_]+["']"""
    r"""|\berror_response\(\s*\d{3},\s*["'][a-z_]+["']"""
    r"""|\bfail\([^()]*?,\s*["'][a-z_]+["'],""",
)


def test_no_module_passes_a_code_as_a_free_string() -> None:
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for package in SOURCE_PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        for match in _FREE_STRING.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "use pipeline.errors.ErrorCode members:\n" + "\n".join(found)
