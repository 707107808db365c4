"""Rendered PDFs on disk, by certificate and version (the document's fingerprint, which covers the
template's version, the labels' values and the certificate's status).

Files are written to a temporary name and renamed, so processes sharing the folder never read a
half-written PDF; older versions of a certificate are removed when a new one is stored.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

_SAFE = re.compile(r"[A-Za-z0-9_-]+")


class PdfCache:
    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, certificate_id: str, version: str) -> Path:
        if not (_SAFE.fullmatch(certificate_id) and _SAFE.fullmatch(version)):
            raise ValueError("unsafe cache key")
        return self.folder / certificate_id / f"{version}.pdf"

    def get(self, certificate_id: str, version: str) -> bytes | None:
        try:
            return self._path(certificate_id, version).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, certificate_id: str, version: str, pdf: bytes) -> None:
        path = self._path(certificate_id, version)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(pdf)
        os.replace(tmp, path)
        for old in path.parent.glob("*.pdf"):
            if old != path:
                old.unlink(missing_ok=True)
