"""Audio files on local or shared disk (NFS, a mounted volume), written durably.

An upload is streamed into ``tmp/`` under the store's root while it is
hashed and measured, then fsync'd and renamed into place, so a file under
its final name is always complete. Workers on other machines find it by
the relative path stored on the call row, below the same mounted root.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


class UploadTooLarge(Exception):
    pass


@dataclass(frozen=True)
class StoredUpload:
    tmp_path: Path
    sha256: str
    size_bytes: int
    head: bytes  # the first bytes, for sniffing the format


class UploadWriter:
    """Receives an upload chunk by chunk; nothing is visible until committed."""

    HEAD_BYTES = 64

    def __init__(self, tmp_path: Path, max_bytes: int) -> None:
        self.tmp_path = tmp_path
        self._max = max_bytes
        self._file = open(tmp_path, "wb")
        self._hash = hashlib.sha256()
        self._size = 0
        self._head = b""

    def write(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size > self._max:
            raise UploadTooLarge(f"the upload is larger than {self._max} bytes")
        if len(self._head) < self.HEAD_BYTES:
            self._head += chunk[: self.HEAD_BYTES - len(self._head)]
        self._hash.update(chunk)
        self._file.write(chunk)

    @property
    def size_bytes(self) -> int:
        return self._size

    @property
    def head(self) -> bytes:
        return self._head

    def finish(self) -> StoredUpload:
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        return StoredUpload(self.tmp_path, self._hash.hexdigest(), self._size, self._head)

    def discard(self) -> None:
        if not self._file.closed:
            self._file.close()
        self.tmp_path.unlink(missing_ok=True)


class AudioStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp_dir = root / "tmp"

    def open_upload(self, max_bytes: int) -> UploadWriter:
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        return UploadWriter(self.tmp_dir / f"{uuid.uuid4().hex}.part", max_bytes)

    def commit(self, upload: StoredUpload, call_id: str, extension: str) -> str:
        """Move a finished upload to its final place; returns the path to store on the row."""
        relative = f"{call_id[:2]}/{call_id}.{extension}"
        final = self.root / relative
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(upload.tmp_path, final)
        _fsync_dir(final.parent)
        return relative

    def write_derived(self, relative: str, write: Callable[[Path], None]) -> None:
        """Write a file made from a stored one (the redacted audio) as durably
        as an upload: into ``tmp/``, fsync'd, then renamed into place."""
        final = self.root / relative
        final.parent.mkdir(parents=True, exist_ok=True)
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.tmp_dir / f"{uuid.uuid4().hex}.part"
        try:
            write(tmp)
            with open(tmp, "rb") as written:
                os.fsync(written.fileno())
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
        _fsync_dir(final.parent)

    def path(self, relative: str) -> Path:
        resolved = (self.root / relative).resolve()
        if not resolved.is_relative_to(self.root.resolve()):
            raise ValueError("audio path outside the audio store")
        return resolved

    def delete(self, relative: str) -> None:
        self.path(relative).unlink(missing_ok=True)

    def files(self) -> list[Path]:
        """Every stored or partial file (tests use it to prove nothing is left behind)."""
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.rglob("*") if p.is_file())


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
