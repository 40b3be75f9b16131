"""Synthetic portraits for the demo world: a small SVG silhouette, varied by a seed.

The demo world holds no real person, so it must not hold a real face either. These pictures
are deliberately schematic (flat shapes, no facial features) and say "SYNTHETIC" across the
picture, so nobody can mistake one for a photograph. The same seed always gives the same
bytes, so a demo world is reproducible.

The SVG is built only from numbers and colours chosen here: no text from a record, no
script, no external reference. The public routes still serve every SVG with a sandboxing
Content-Security-Policy, since an image row may one day hold a file from elsewhere.
"""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from xborder.audit.service import record_event
from xborder.kernel.actor import Actor
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import NotFound
from xborder.notices.tables import NoticeImageRow, NoticeRow
from xborder.persons.tables import PersonRow

MEDIA_TYPE = "image/svg+xml"
WIDTH, HEIGHT = 240, 300

_BACKGROUNDS = ("#dfe6ee", "#e7e2d8", "#d9e4dc", "#e4dde8", "#e9e9e9", "#dde3e9")
_SKIN = ("#f1d3bc", "#e0b393", "#c68e68", "#a5704c", "#7d5236", "#5a3a26")
_HAIR = {
    "BLA": "#1d1a18",
    "BRO": "#5b3a22",
    "BLO": "#d4b56a",
    "GRY": "#8d8d8d",
    "RED": "#9c3f1d",
    "WHI": "#e8e6e1",
}
_CLOTHES = ("#34495e", "#5d4037", "#2e4d3a", "#4a3b5c", "#6b6b6b", "#1f3a5a", "#7a2e2e")


class _Dice:
    """Deterministic choices from a seed (SHA-256 in counter mode; no global random state)."""

    def __init__(self, seed: str) -> None:
        self._seed = seed.encode()
        self._n = 0

    def _next(self) -> int:
        self._n += 1
        digest = hashlib.sha256(self._seed + self._n.to_bytes(4, "big")).digest()
        return int.from_bytes(digest[:8], "big")

    def pick(self, options: tuple[str, ...]) -> str:
        return options[self._next() % len(options)]

    def between(self, low: int, high: int) -> int:
        return low + self._next() % (high - low + 1)

    def chance(self, percent: int) -> bool:
        return self._next() % 100 < percent


def synthetic_portrait(seed: str, *, sex: str = "U", hair: str | None = None) -> bytes:
    """An SVG head-and-shoulders silhouette. `sex` (`M`, `F`, `U`) and `hair` (the public
    API's hair code, e.g. `BLA`) only nudge the shapes and colours; the seed does the rest."""
    d = _Dice(seed)
    bg = d.pick(_BACKGROUNDS)
    skin = d.pick(_SKIN)
    hair_colour = _HAIR.get(hair or "", "") or d.pick(tuple(_HAIR.values()))
    clothes = d.pick(_CLOTHES)
    cx = WIDTH // 2 + d.between(-6, 6)
    head_rx = d.between(38, 48)
    head_ry = d.between(50, 60)
    head_cy = d.between(112, 124)
    shoulder_w = d.between(88, 112) - (10 if sex == "F" else 0)
    neck_w = d.between(24, 32)
    long_hair = d.chance(70 if sex == "F" else 15)
    bald = not long_hair and d.chance(12 if sex == "M" else 3)
    top = head_cy - head_ry
    parts = [
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{bg}"/>',
    ]
    if long_hair:
        drop = d.between(40, 90)
        parts.append(
            f'<path d="M{cx - head_rx - 8},{head_cy} '
            f"Q{cx - head_rx - 12},{top - 6} {cx},{top - 8} "
            f"Q{cx + head_rx + 12},{top - 6} {cx + head_rx + 8},{head_cy} "
            f'L{cx + head_rx + 10},{head_cy + drop} L{cx - head_rx - 10},{head_cy + drop} Z" '
            f'fill="{hair_colour}"/>'
        )
    parts += [
        # shoulders and neck
        f'<path d="M{cx - shoulder_w},{HEIGHT} Q{cx - shoulder_w},{head_cy + head_ry + 30} '
        f"{cx},{head_cy + head_ry + 22} Q{cx + shoulder_w},{head_cy + head_ry + 30} "
        f'{cx + shoulder_w},{HEIGHT} Z" fill="{clothes}"/>',
        f'<rect x="{cx - neck_w // 2}" y="{head_cy + head_ry - 12}" width="{neck_w}" '
        f'height="36" rx="8" fill="{skin}"/>',
        f'<ellipse cx="{cx}" cy="{head_cy}" rx="{head_rx}" ry="{head_ry}" fill="{skin}"/>',
    ]
    if not bald:
        fringe = d.between(14, 30)
        parts.append(
            f'<path d="M{cx - head_rx - 2},{head_cy - 4} '
            f"Q{cx - head_rx},{top - 10} {cx},{top - 8} "
            f"Q{cx + head_rx},{top - 10} {cx + head_rx + 2},{head_cy - 4} "
            f'Q{cx + head_rx // 2},{top + fringe} {cx - head_rx - 2},{head_cy - 4} Z" '
            f'fill="{hair_colour}"/>'
        )
    parts.append(
        f'<rect x="0" y="{HEIGHT - 34}" width="{WIDTH}" height="34" fill="#000" '
        'fill-opacity="0.55"/>'
        f'<text x="{WIDTH // 2}" y="{HEIGHT - 12}" text-anchor="middle" '
        'font-family="sans-serif" font-size="16" font-weight="700" fill="#fff" '
        'letter-spacing="3">SYNTHETIC</text>'
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="Synthetic portrait">'
        "<title>Synthetic portrait (not a photograph)</title>" + "".join(parts) + "</svg>"
    )
    return svg.encode()


def attach_portrait(
    s: Session, notice_id: str, seed: str | None = None, actor: Actor | None = None
) -> int:
    """Attach a synthetic portrait to a notice inside the caller's transaction, with its
    event; returns the picture id. The person's sex and hair code shape it, so a list of
    notices does not look like one face repeated. `seed` defaults to the notice's number."""
    row = s.get(NoticeRow, notice_id)
    if row is None:
        raise NotFound("no such notice")
    prow = s.get(PersonRow, row.person_id) if row.person_id else None
    sex = prow.sex if prow is not None else "U"
    hair = (prow.description or {}).get("hair_colour") if prow is not None else None
    data = synthetic_portrait(seed or row.number, sex=sex, hair=hair)
    image = NoticeImageRow(notice_id=row.id, media_type=MEDIA_TYPE, data=data, created_at=utcnow())
    s.add(image)
    s.flush()
    record_event(
        s,
        actor,
        "notice.image_added",
        "notice",
        row.id,
        {"picture_id": image.id, "sha256": hashlib.sha256(data).hexdigest()},
        summary={"number": row.number, "picture_id": image.id, "synthetic": True},
        label=None if actor else "demo world (synthetic portrait)",
    )
    return image.id
