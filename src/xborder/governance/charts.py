"""SVG plots of evaluation figures: one row per group, the estimate as a dot and its 95%
interval as a line (a forest plot), on a shared axis so groups compare at a glance. Drawn on the
server (no script: the pages' CSP is `default-src 'self'`); an undefined value is written as
such, never drawn as 0."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

ROW = 22
LABEL_W = 130
PLOT_W = 320
VALUE_W = 150
TOP = 26


def _fmt(v: float | None) -> str:
    return "undefined" if v is None else f"{v:.3f}"


def forest(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, dict[str, Any] | None]],
    scale_max: float | None = None,
) -> str:
    """`rows`: (label, {"value", "ci_low", "ci_high"} or None). The axis runs from 0 to the
    largest interval end (or `scale_max`), so small error rates are not squashed."""
    highs = [
        float(e.get("ci_high") or e["value"])
        for _, e in rows
        if e is not None and e.get("value") is not None
    ]
    top = scale_max or max([*highs, 0.01])
    width = LABEL_W + PLOT_W + VALUE_W
    height = TOP + ROW * len(rows) + 24

    def x(v: float) -> float:
        return LABEL_W + PLOT_W * min(max(v / top, 0.0), 1.0)

    desc = "; ".join(
        f"{lbl}: {_fmt(e.get('value') if e else None)}"
        + (
            f" (95% interval {_fmt(e.get('ci_low'))} to {_fmt(e.get('ci_high'))})"
            if e and e.get("ci_low") is not None
            else ""
        )
        for lbl, e in rows
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" id="{escape(chart_id)}" '
        f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-d">{escape(desc)}</desc>',
        f'<text x="{LABEL_W}" y="14" font-size="12" fill="#1b1f24">0</text>',
        f'<text x="{LABEL_W + PLOT_W}" y="14" font-size="12" text-anchor="end" '
        f'fill="#1b1f24">{top:.3f}</text>',
    ]
    for i, (label, e) in enumerate(rows):
        y = TOP + i * ROW + ROW / 2
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{y + 4}" text-anchor="end" font-size="13" '
            f'fill="#1b1f24">{escape(label)}</text>'
        )
        parts.append(
            f'<line x1="{LABEL_W}" y1="{y}" x2="{LABEL_W + PLOT_W}" y2="{y}" '
            'stroke="#eef1f5" stroke-width="8"/>'
        )
        value = e.get("value") if e else None
        if value is None:
            parts.append(
                f'<text x="{LABEL_W + 6}" y="{y + 4}" font-size="12" fill="#6b4e00">'
                "undefined (no cases in this group)</text>"
            )
            continue
        assert e is not None
        lo, hi = e.get("ci_low"), e.get("ci_high")
        if lo is not None and hi is not None:
            parts.append(
                f'<line x1="{x(lo):.1f}" y1="{y}" x2="{x(hi):.1f}" y2="{y}" '
                'stroke="#0b4f8a" stroke-width="2"/>'
            )
        parts.append(f'<circle cx="{x(value):.1f}" cy="{y}" r="4" fill="#0b4f8a"/>')
        text = _fmt(value) + (f" [{lo:.3f}-{hi:.3f}]" if lo is not None and hi is not None else "")
        parts.append(
            f'<text x="{LABEL_W + PLOT_W + 8}" y="{y + 4}" font-size="12" '
            f'fill="#1b1f24">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
