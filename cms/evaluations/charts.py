"""Scores over rounds drawn without JavaScript: the points of a small inline SVG line, and the change
since the previous round. Used by the public results page and the round's admin page."""

from decimal import Decimal

WIDTH = 120
HEIGHT = 32
PADDING = 3


def sparkline(points: list[tuple[str, Decimal | None]]) -> dict:
    """SVG coordinates for scores 0–100 over rounds, oldest first (rounds without a total are skipped)."""
    scored = [(label, value) for label, value in points if value is not None]
    if not scored:
        return {"points": "", "dots": [], "width": WIDTH, "height": HEIGHT}
    step = (WIDTH - 2 * PADDING) / max(len(scored) - 1, 1)
    dots = []
    for index, (label, value) in enumerate(scored):
        x = PADDING + step * index if len(scored) > 1 else WIDTH / 2
        y = HEIGHT - PADDING - float(value) / 100 * (HEIGHT - 2 * PADDING)
        dots.append({"x": round(x, 1), "y": round(y, 1), "label": label, "value": value})
    return {
        "points": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "dots": dots,
        "width": WIDTH,
        "height": HEIGHT,
    }


def delta(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    """The change of a total since the previous round (None when either is missing)."""
    if now is None or before is None:
        return None
    return now - before
