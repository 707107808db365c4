"""A template's background image, fetched without letting a template name an arbitrary URL (SSRF).

A reference is either
- an http(s) URL whose host is listed in CERTIFICATE_ASSET_HOSTS (`host`, `.domain` for any subdomain,
  on the default port; `host:port` for another port); it is fetched without following redirects, within a size and a time limit; or
- a path without scheme, read from CERTIFICATE_ASSET_DIR (it must stay inside that folder).
Anything else is refused and the certificate is drawn without its background. The bytes must be a
PNG, JPEG, GIF or WebP image (checked with Pillow) of at most MAX_PIXELS pixels.
"""
from __future__ import annotations

import asyncio
import io
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from PIL import Image

log = logging.getLogger("app.certificates.assets")

IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
MAX_PIXELS = 40_000_000
CACHE_SECONDS = 600
CACHE_ENTRIES = 64


@dataclass(frozen=True)
class Background:
    data: bytes
    media_type: str


class AssetRefused(Exception):
    """The reference may not be fetched or is not a usable image (the message says why)."""


def host_allowed(url: str, allowed_hosts: tuple[str, ...]) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        return False
    host = parts.hostname.lower()
    # A listed host allows its scheme's default port; any other port must be listed as host:port.
    default_port = parts.port in (None, 80 if parts.scheme == "http" else 443)
    key = host if default_port else f"{host}:{parts.port}"
    for entry in allowed_hosts:
        entry = entry.lower()
        if entry == key or (default_port and entry.startswith(".") and host.endswith(entry)):
            return True
    return False


class AssetFetcher:
    def __init__(self, *, allowed_hosts: tuple[str, ...], local_dir: Path | None, max_bytes: int,
                 timeout_seconds: float, transport: httpx.AsyncBaseTransport | None = None):
        self.allowed_hosts = allowed_hosts
        self.local_dir = local_dir.resolve() if local_dir is not None else None
        self.max_bytes = max_bytes
        self.timeout_seconds = timeout_seconds
        self._transport = transport
        self._cache: OrderedDict[str, tuple[float, Background]] = OrderedDict()

    async def background(self, reference: str | None) -> Background | None:
        """The image, or None (logged) when there is none or it was refused."""
        if not reference:
            return None
        cached = self._cache.get(reference)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        try:
            image = _checked_image(await self._read(reference))
        except AssetRefused as refused:
            log.warning("certificate background %r not used: %s", reference, refused)
            return None
        self._cache[reference] = (time.monotonic() + CACHE_SECONDS, image)
        self._cache.move_to_end(reference)
        while len(self._cache) > CACHE_ENTRIES:
            self._cache.popitem(last=False)
        return image

    async def _read(self, reference: str) -> bytes:
        parts = urlsplit(reference)
        if not parts.scheme and not parts.netloc:
            return self._read_local(parts.path)
        if not host_allowed(reference, self.allowed_hosts):
            raise AssetRefused("host not in CERTIFICATE_ASSET_HOSTS")
        try:
            return await asyncio.wait_for(self._download(reference), self.timeout_seconds)
        except TimeoutError:
            raise AssetRefused(f"not received within {self.timeout_seconds:g} s") from None
        except httpx.HTTPError as err:
            raise AssetRefused(f"download failed: {err!r}") from None

    async def _download(self, url: str) -> bytes:
        async with httpx.AsyncClient(transport=self._transport, follow_redirects=False, trust_env=False,
                                     timeout=self.timeout_seconds) as client:
            async with client.stream("GET", url) as response:
                if response.status_code != 200:
                    raise AssetRefused(f"HTTP {response.status_code}")
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise AssetRefused(f"larger than {self.max_bytes} bytes")
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise AssetRefused(f"larger than {self.max_bytes} bytes")
                return bytes(body)

    def _read_local(self, path: str) -> bytes:
        if self.local_dir is None:
            raise AssetRefused("no CERTIFICATE_ASSET_DIR for local files")
        target = (self.local_dir / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.local_dir) or not target.is_file():
            raise AssetRefused("no such file in CERTIFICATE_ASSET_DIR")
        if target.stat().st_size > self.max_bytes:
            raise AssetRefused(f"larger than {self.max_bytes} bytes")
        return target.read_bytes()


def _checked_image(data: bytes) -> Background:
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            if width * height > MAX_PIXELS:
                raise AssetRefused(f"{width}x{height} pixels is too large")
            image.verify()
    except AssetRefused:
        raise
    except Exception as err:  # noqa: BLE001 - Pillow raises many types for bad data
        raise AssetRefused(f"not an image: {err}") from None
    if kind not in IMAGE_TYPES:
        raise AssetRefused(f"unsupported image type {kind}")
    return Background(data, IMAGE_TYPES[kind])
