"""The report's charts as plain inline SVG: no library, no script, opens offline.

Colours come from CSS classes (``bar``, ``bar-hit``, ``bar-in``, ``bar-out``,
``threshold``, ``axis``) so that the page's stylesheet owns the look.
"""

from __future__ import annotations

from html import escape

from .histogram import Histogram

WIDTH = 640
HEIGHT = 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 24, 40


def histogram_svg(histogram: Histogram, threshold: float | None) -> str:
    """Vertical bars of pair counts per similarity bin, the threshold as a dashed line.

    Bins that start at or above the threshold (pairs that became duplicates)
    get the ``bar-hit`` class.
    """
    bins = len(histogram.counts)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    peak = max(histogram.counts) or 1
    step = plot_w / bins
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" aria-label="Histogram of candidate-pair similarities">'
    ]
    for index, count in enumerate(histogram.counts):
        low = index / bins
        height = plot_h * count / peak
        css = "bar-hit" if histogram.reached(index, threshold) else "bar"
        parts.append(
            f'<rect class="{css}" x="{LEFT + index * step + 1:.1f}" '
            f'y="{TOP + plot_h - height:.1f}" width="{step - 2:.1f}" height="{height:.1f}">'
            f"<title>{low:.2f}–{low + 1 / bins:.2f}: {count} pairs</title></rect>"
        )
    base = TOP + plot_h
    parts.append(f'<line class="axis" x1="{LEFT}" y1="{base}" x2="{LEFT + plot_w}" y2="{base}"/>')
    for tenth in range(11):
        x = LEFT + plot_w * tenth / 10
        parts.append(f'<text class="tick" x="{x:.1f}" y="{base + 16}" text-anchor="middle">{tenth / 10:.1f}</text>')
    parts.append(f'<text class="tick" x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{peak}</text>')
    parts.append(f'<text class="tick" x="{LEFT - 6}" y="{base}" text-anchor="end">0</text>')
    parts.append(
        f'<text class="tick" x="12" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 12 {TOP + plot_h / 2:.1f})">pairs</text>'
    )
    parts.append(
        f'<text class="tick" x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 6}" text-anchor="middle">'
        "Jaccard similarity of word shingles</text>"
    )
    if threshold is not None:
        x = LEFT + plot_w * threshold
        parts.append(f'<line class="threshold" x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{base}"/>')
        parts.append(
            f'<text class="threshold-label" x="{x - 4:.1f}" y="{TOP - 10}" text-anchor="end">'
            f"threshold {threshold:g}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def language_svg(languages_in: dict[str, int], languages_out: dict[str, int]) -> str:
    """Horizontal bars per language: articles read (``bar-in``) and kept (``bar-out``)."""
    codes = sorted(set(languages_in) | set(languages_out), key=lambda c: (-languages_in.get(c, 0), c))
    peak = max([*languages_in.values(), *languages_out.values(), 1])
    numbers = {code: f"{languages_in.get(code, 0):,} read, {languages_out.get(code, 0):,} kept" for code in codes}
    # Room for the longest number label at the tick font's width (about 7.5 px a character).
    row, label_w = 34, 56
    number_w = max(140, 16 + int(7.5 * max(map(len, numbers.values()), default=0)))
    plot_w = WIDTH - label_w - number_w
    height = row * len(codes) + 8
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" aria-label="Articles per language, read and kept">'
    ]
    for index, code in enumerate(codes):
        y = 4 + index * row
        read, kept = languages_in.get(code, 0), languages_out.get(code, 0)
        parts.append(f'<text class="label" x="{label_w - 8}" y="{y + 18}" text-anchor="end">{escape(code)}</text>')
        parts.append(f'<rect class="bar-in" x="{label_w}" y="{y + 2}" width="{plot_w * read / peak:.1f}" height="13"/>')
        parts.append(
            f'<rect class="bar-out" x="{label_w}" y="{y + 16}" width="{plot_w * kept / peak:.1f}" height="13"/>'
        )
        parts.append(f'<text class="tick" x="{label_w + plot_w + 8}" y="{y + 20}">{numbers[code]}</text>')
    parts.append("</svg>")
    return "".join(parts)
