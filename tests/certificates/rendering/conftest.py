"""Rendering tests keep their PDF cache and local backgrounds in a temporary folder."""
from __future__ import annotations

import pytest


@pytest.fixture
def asset_dir(tmp_path):
    folder = tmp_path / "assets"
    folder.mkdir()
    return folder


@pytest.fixture
def settings(settings, tmp_path, asset_dir):
    return settings.model_copy(update={"certificate_cache_dir": tmp_path / "pdf-cache",
                                       "certificate_asset_dir": asset_dir,
                                       "public_base_url": "https://learn.example.com"})


def png_bytes(size=(64, 48), color=(245, 240, 225)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def image_server():
    """A local HTTP server (port 9500-9599) serving backgrounds; `.requests` lists the paths asked for."""
    from tests.local_http_server import serve

    with serve() as server:
        yield server
