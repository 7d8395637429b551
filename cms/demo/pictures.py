"""Pictures for the demo's news, drawn locally with Pillow: small scenes (a lakeside skyline, housing estates
among trees, a meeting, a park, red lanterns at dusk, a village) varied per item by a seeded random
generator, each with a Chinese alt text saying what it shows. No downloads; ~800×450 JPEGs drawn in a few
milliseconds each, so ``load_demo`` stays fast.
"""

import io
import random
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 800, 450
Colour = tuple[int, int, int]


@dataclass(frozen=True)
class Picture:
    jpeg: bytes
    alt: str


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _sky(draw: ImageDraw.ImageDraw, top: Colour, bottom: Colour, until: int = HEIGHT) -> None:
    for y in range(until):
        draw.line([(0, y), (WIDTH, y)], fill=_mix(top, bottom, y / until))


def _tree(draw, x: int, ground: int, size: int, rng: random.Random) -> None:
    draw.rectangle([x - size // 10, ground - size, x + size // 10, ground], fill=(92, 64, 40))
    green = (rng.randint(30, 70), rng.randint(110, 160), rng.randint(50, 90))
    for dx, dy, r in (
        (0, -size, size // 2),
        (-size // 3, -size * 3 // 4, size // 3),
        (size // 3, -size * 3 // 4, size // 3),
    ):
        draw.ellipse([x + dx - r, ground + dy - r, x + dx + r, ground + dy + r], fill=green)


def _person(draw, x: int, ground: int, height: int, colour: Colour) -> None:
    head = height // 6
    draw.ellipse(
        [x - head // 2, ground - height, x + head // 2, ground - height + head], fill=colour
    )
    draw.rounded_rectangle(
        [x - head * 3 // 4, ground - height + head + 2, x + head * 3 // 4, ground - height // 3],
        radius=head // 2,
        fill=colour,
    )
    draw.rectangle([x - head // 2, ground - height // 3, x - 2, ground], fill=colour)
    draw.rectangle([x + 2, ground - height // 3, x + head // 2, ground], fill=colour)


def _buildings(draw, rng: random.Random, ground: int, count: int, lit: float, tall: int) -> None:
    x = -20
    while x < WIDTH and count:
        width = rng.randint(50, 110)
        top = ground - rng.randint(tall // 3, tall)
        shade = rng.randint(40, 90)
        draw.rectangle([x, top, x + width, ground], fill=(shade, shade + 8, shade + 25))
        for wy in range(top + 10, ground - 10, 16):
            for wx in range(x + 8, x + width - 8, 14):
                if rng.random() < lit:
                    draw.rectangle([wx, wy, wx + 6, wy + 8], fill=(255, 214, 120))
        x += width + rng.randint(-10, 12)
        count -= 1


def skyline(draw: ImageDraw.ImageDraw, rng: random.Random) -> str:
    _sky(draw, (24, 34, 84), (236, 140, 90), 300)
    _buildings(draw, rng, 300, 14, 0.45, 230)
    for y in range(300, HEIGHT):  # the lake
        draw.line([(0, y), (WIDTH, y)], fill=_mix((40, 60, 110), (20, 30, 60), (y - 300) / 150))
    lights = rng.randint(12, 24)
    for _ in range(lights):
        x = rng.randint(0, WIDTH)
        draw.line(
            [(x, 305), (x + rng.randint(-4, 4), 305 + rng.randint(30, 120))],
            fill=(250, 200, 110),
            width=2,
        )
    return f"傍晚的千灯湖畔，高楼亮起灯光，湖面倒映着{lights}道灯影"


def estate(draw: ImageDraw.ImageDraw, rng: random.Random) -> str:
    _sky(draw, (120, 180, 235), (215, 235, 250), 330)
    draw.rectangle([0, 330, WIDTH, HEIGHT], fill=(120, 170, 90))
    blocks = rng.randint(3, 5)
    for n in range(blocks):
        x = 40 + n * (WIDTH - 80) // blocks
        width, top = 110, rng.randint(90, 170)
        draw.rectangle([x, top, x + width, 330], fill=(236, 226, 206))
        draw.polygon(
            [(x - 6, top), (x + width // 2, top - 30), (x + width + 6, top)], fill=(176, 60, 50)
        )
        for wy in range(top + 14, 320, 22):
            for wx in range(x + 12, x + width - 12, 24):
                draw.rectangle([wx, wy, wx + 12, wy + 12], fill=(130, 170, 200))
    trees = rng.randint(5, 9)
    for _ in range(trees):
        _tree(draw, rng.randint(20, WIDTH - 20), rng.randint(360, 420), rng.randint(50, 80), rng)
    return f"晴天下的住宅小区：{blocks}栋红顶住宅楼，楼前种着{trees}棵绿树"


def meeting(draw: ImageDraw.ImageDraw, rng: random.Random) -> str:
    _sky(draw, (246, 236, 220), (226, 210, 190))
    draw.rectangle([140, 40, 660, 110], fill=(190, 30, 40))  # the red banner
    for n in range(8):
        draw.rectangle([170 + n * 60, 62, 200 + n * 60, 88], fill=(250, 220, 120))
    draw.rectangle([120, 300, 680, 330], fill=(130, 82, 50))  # the table
    people = rng.randint(5, 8)
    for n in range(people):
        x = 150 + n * (500 // people) + 20
        colour = rng.choice([(60, 70, 90), (90, 60, 60), (50, 80, 70), (70, 70, 70)])
        _person(draw, x, 330, rng.randint(150, 190), colour)
    draw.rectangle([120, 330, 680, 450], fill=(150, 96, 60))
    return f"会议室里，{people}位居民和工作人员在红色横幅下的长桌旁议事"


def park(draw: ImageDraw.ImageDraw, rng: random.Random) -> str:
    _sky(draw, (150, 200, 240), (235, 245, 250), 260)
    draw.rectangle([0, 260, WIDTH, HEIGHT], fill=(110, 170, 90))
    draw.ellipse([-100, 300, 420, 430], fill=(90, 150, 200))  # a pond
    trees = rng.randint(4, 7)
    for _ in range(trees):
        _tree(draw, rng.randint(380, WIDTH - 20), rng.randint(280, 330), rng.randint(70, 110), rng)
    people = rng.randint(2, 5)
    for n in range(people):
        _person(draw, 450 + n * 60, 430, rng.randint(90, 130), (80, 60, 100))
    draw.ellipse([WIDTH - 130, 30, WIDTH - 70, 90], fill=(255, 230, 120))
    return f"社区公园的早晨：池塘边{trees}棵大树，{people}位居民在散步"


def lanterns(draw: ImageDraw.ImageDraw, rng: random.Random) -> str:
    _sky(draw, (20, 18, 50), (90, 40, 70))
    _buildings(draw, rng, HEIGHT, 12, 0.25, 200)
    count = rng.randint(5, 9)
    for n in range(count):
        x = 60 + n * (WIDTH - 120) // max(count - 1, 1)
        y = 90 + round(30 * ((n - (count - 1) / 2) / count) ** 2 * 4)
        draw.line([(x, 0), (x, y - 30)], fill=(200, 170, 90), width=2)
        draw.ellipse([x - 30, y - 30, x + 30, y + 25], fill=(215, 30, 35))
        draw.rectangle([x - 14, y - 36, x + 14, y - 28], fill=(230, 180, 60))
        draw.line([(x, y + 25), (x, y + 50)], fill=(240, 190, 70), width=3)
    return f"夜色中的街巷，{count}盏红灯笼沿街高挂，楼宇透出点点灯光"


def village(draw: ImageDraw.ImageDraw, rng: random.Random) -> str:
    _sky(draw, (170, 210, 240), (240, 240, 225), 240)
    draw.rectangle([0, 240, WIDTH, HEIGHT], fill=(120, 165, 80))
    for n in range(3):  # hills
        x = rng.randint(-100, WIDTH)
        draw.ellipse([x - 260, 170 + n * 10, x + 260, 420], fill=(90 + n * 20, 140 + n * 10, 90))
    for y in range(260, HEIGHT, 18):  # fields
        draw.rectangle(
            [0, y, WIDTH, y + 12], fill=(150, 190, 80) if (y // 18) % 2 else (190, 200, 90)
        )
    houses = rng.randint(3, 6)
    for n in range(houses):
        x = 70 + n * (WIDTH - 140) // houses
        draw.rectangle([x, 250, x + 80, 310], fill=(240, 235, 225))
        draw.polygon([(x - 8, 250), (x + 40, 215), (x + 88, 250)], fill=(70, 80, 90))
        draw.rectangle([x + 30, 280, x + 50, 310], fill=(130, 80, 50))
    return f"和美乡村：田野和青山之间，{houses}座白墙黛瓦的村屋"


SCENES: dict[str, Callable[[ImageDraw.ImageDraw, random.Random], str]] = {
    "skyline": skyline,
    "estate": estate,
    "meeting": meeting,
    "park": park,
    "lanterns": lanterns,
    "village": village,
}
# Words of a news title that call for a scene; others take the scenes in turn.
KEYWORDS = [
    (("调解", "会", "答疑", "培训", "议事", "课堂", "座谈"), "meeting"),
    (("小区", "物业", "业委会", "维修"), "estate"),
    (("村", "乡", "集体"), "village"),
    (("长者", "关爱", "儿童", "家庭", "志愿"), "park"),
    (("夜", "节", "灯", "红"), "lanterns"),
    (("人才", "驿站", "骑手", "司机", "企业"), "skyline"),
]


def scene_for(title: str, n: int) -> str:
    for words, scene in KEYWORDS:
        if any(word in title for word in words):
            return scene
    return list(SCENES)[n % len(SCENES)]


def draw(title: str, n: int) -> Picture:
    """The picture for the ``n``-th item called ``title``: same title and n, same picture."""
    rng = random.Random(f"{n}:{title}")
    image = Image.new("RGB", (WIDTH, HEIGHT))
    alt = SCENES[scene_for(title, n)](ImageDraw.Draw(image), rng)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True)
    return Picture(out.getvalue(), f"插图：{alt}")
