"""The demo's news pictures are drawn scenes, not flat colour blocks: small JPEGs, different for each item,
each with a Chinese alt text saying what it shows, drawn fast enough to keep ``load_demo`` quick."""

import hashlib
import io
import time

import pytest
from PIL import Image

from cms.demo import pictures
from cms.studios.models import NewsPage


@pytest.mark.django_db
def test_every_demo_news_item_has_its_own_drawn_picture_with_an_alt_text(client):
    news = list(NewsPage.objects.live().select_related("cover_image"))
    assert len(news) >= 30
    digests, alts = set(), set()
    for page in news:
        image = page.cover_image
        with image.file.open("rb") as stored:
            data = stored.read()
        picture = Image.open(io.BytesIO(data))
        assert picture.format == "JPEG" and picture.size == (800, 450)
        assert len(data) < 80_000
        # A drawn scene has many colours (gradients, windows, trees); a flat block has one.
        assert len(picture.convert("RGB").getcolors(maxcolors=1 << 20)) > 200
        assert image.default_alt_text.startswith("插图：") and len(image.default_alt_text) > 12
        digests.add(hashlib.sha256(data).hexdigest())
        alts.add(image.default_alt_text)
    assert len(digests) == len(news)  # varied per item
    assert len(alts) > len(news) // 2
    page = news[0]
    html = client.get(page.url).content.decode()
    assert f'alt="{page.cover_image.default_alt_text}"' in html


def test_every_scene_is_drawn_and_described():
    for n, scene in enumerate(pictures.SCENES):
        picture = pictures.draw(f"示例{n}", n)
        assert pictures.scene_for(f"示例{n}", n) == scene
        assert picture.alt.startswith("插图：") and picture.jpeg[:2] == b"\xff\xd8"
    assert pictures.scene_for("物业纠纷专业调解队成功化解停车费争议", 0) == "meeting"
    assert pictures.scene_for("和美乡村建设现场会", 0) == "meeting"
    assert pictures.scene_for("小区物业服务评估结果公布", 0) == "estate"


def test_thirty_pictures_are_drawn_in_well_under_a_few_seconds():
    start = time.perf_counter()
    for n in range(30):
        pictures.draw(f"新闻 {n}", n)
    assert time.perf_counter() - start < 5
