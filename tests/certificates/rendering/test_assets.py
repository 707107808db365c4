"""Backgrounds come only from CERTIFICATE_ASSET_HOSTS (size and time limited) or the local folder."""
from __future__ import annotations

import pytest

from app.certificates.rendering.assets import AssetFetcher, host_allowed
from tests.certificates.rendering.conftest import png_bytes


def fetcher(allowed: tuple[str, ...], local_dir=None, *, max_bytes=100_000, timeout=2.0) -> AssetFetcher:
    return AssetFetcher(allowed_hosts=allowed, local_dir=local_dir, max_bytes=max_bytes, timeout_seconds=timeout)


@pytest.fixture
def routes(image_server):
    image_server.routes.clear()
    image_server.requests.clear()
    return image_server.routes


def test_host_rules():
    hosts = ("cdn.example.com", ".assets.example.org", "127.0.0.1:9555")
    assert host_allowed("https://cdn.example.com/a.png", hosts)
    assert host_allowed("http://CDN.example.com:8443/a.png", hosts) is False  # a port must be listed with the host
    assert host_allowed("https://img.assets.example.org/a.png", hosts)
    assert host_allowed("https://assets.example.org.evil.com/a.png", hosts) is False
    assert host_allowed("http://127.0.0.1:9555/a.png", hosts)
    assert host_allowed("http://127.0.0.1:9556/a.png", hosts) is False
    assert host_allowed("https://user:pw@cdn.example.com/a.png", hosts) is False
    assert host_allowed("file:///etc/passwd", hosts) is False
    assert host_allowed("ftp://cdn.example.com/a.png", hosts) is False


async def test_allowed_host_is_fetched(image_server, routes):
    routes["/bg.png"] = (200, {"content-type": "image/png"}, png_bytes(), 0)
    image = await fetcher((image_server.host,)).background(image_server.url("/bg.png"))
    assert image is not None and image.media_type == "image/png" and image.data == png_bytes()
    assert image_server.requests == ["/bg.png"]


async def test_other_hosts_are_never_contacted(image_server, routes):
    """SSRF: a template naming an internal URL gets no request made for it."""
    routes["/secret"] = (200, {"content-type": "image/png"}, png_bytes(), 0)
    allowed_elsewhere = fetcher(("cdn.example.com",))
    for url in (image_server.url("/secret"), f"http://localhost:{image_server.port}/secret",
                f"http://[::1]:{image_server.port}/secret", "http://169.254.169.254/latest/meta-data/"):
        assert await allowed_elsewhere.background(url) is None
    assert image_server.requests == []


async def test_redirects_are_not_followed(image_server, routes):
    routes["/moved"] = (302, {"location": "http://169.254.169.254/latest/meta-data/"}, b"", 0)
    assert await fetcher((image_server.host,)).background(image_server.url("/moved")) is None
    assert image_server.requests == ["/moved"]


async def test_size_limit(image_server, routes):
    big = png_bytes(size=(800, 800), color=(1, 2, 3)) + b"\0" * 5000
    routes["/big.png"] = (200, {"content-type": "image/png"}, big, 0)
    assert await fetcher((image_server.host,), max_bytes=4000).background(image_server.url("/big.png")) is None


async def test_time_limit(image_server, routes):
    routes["/slow.png"] = (200, {"content-type": "image/png"}, png_bytes(), 1.5)
    assert await fetcher((image_server.host,), timeout=0.3).background(image_server.url("/slow.png")) is None


async def test_not_an_image(image_server, routes):
    routes["/page.png"] = (200, {"content-type": "image/png"}, b"<html>not an image</html>", 0)
    assert await fetcher((image_server.host,)).background(image_server.url("/page.png")) is None


async def test_local_files_stay_inside_the_folder(tmp_path):
    folder = tmp_path / "assets"
    folder.mkdir()
    (folder / "border.png").write_bytes(png_bytes())
    (tmp_path / "outside.png").write_bytes(png_bytes())
    local = fetcher((), folder)
    assert (await local.background("border.png")).data == png_bytes()
    assert (await local.background("/border.png")).data == png_bytes()
    assert await local.background("../outside.png") is None
    assert await local.background(str(tmp_path / "outside.png")) is None
    assert await local.background("missing.png") is None
    assert await fetcher((), None).background("border.png") is None
