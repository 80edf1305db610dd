"""Charts drawn as inline SVG at build time: no JavaScript, no network, readable when printed."""

from __future__ import annotations

import math

from markupsafe import Markup


def _drawable(value: float) -> float:
    """A value a bar can be drawn for: not NaN, not infinite, not negative (records are checked; this holds regardless)."""
    value = float(value)
    return value if math.isfinite(value) and value > 0 else 0.0


def _length(space: float, value: float, largest: float) -> float:
    """A bar's length: between 0 and `space`, always a finite number."""
    length = min(space, max(0.0, space * _drawable(value) / largest))
    assert math.isfinite(length) and 0 <= length <= space, length
    return length


def _number(value: float) -> str:
    """Vietnamese number formatting: “.” groups thousands, “,” is the decimal mark."""
    if not math.isfinite(value):
        return "?"
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if not float(value).is_integer() else f"{int(value):,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _block(svg: Markup) -> Markup:
    """Markdown leaves a <div> block alone; a bare <svg> would have its text read as Markdown."""
    return Markup('<div class="kh-bieu-do-khung">{}</div>').format(svg)


def horizontal_bars(items: list[tuple[str, float, str]], title: str, width: int = 640) -> Markup:
    """One bar per (label, value, css class); the title is the chart's accessible name."""
    label_width, bar_height, gap = 200, 22, 8
    largest = max((_drawable(value) for _, value, _ in items), default=0) or 1
    height = len(items) * (bar_height + gap) + gap
    bar_space = width - label_width - 60
    rows = []
    for index, (label, value, css_class) in enumerate(items):
        y = gap + index * (bar_height + gap)
        length = _length(bar_space, value, largest)
        rows.append(
            Markup(
                '<text x="{lx}" y="{ty}" text-anchor="end" class="kh-bieu-do-nhan">{label}</text>'
                '<rect x="{bx}" y="{y}" width="{w:.1f}" height="{h}" class="kh-cot {cls}"><title>{label}: {value}</title></rect>'
                '<text x="{vx:.1f}" y="{ty}" class="kh-bieu-do-so">{value}</text>'
            ).format(lx=label_width - 8, ty=y + bar_height * 0.7, label=label, bx=label_width, y=y, w=length, h=bar_height, cls=css_class, vx=label_width + length + 6, value=_number(value))
        )
    return _block(Markup(
        '<svg class="kh-bieu-do" role="img" aria-label="{title}" viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title>{title}</title>{rows}</svg>'
    ).format(title=title, width=width, height=height, rows=Markup("").join(rows)))


def columns(items: list[tuple[str, float]], title: str, unit: str, width: int = 640, height: int = 220) -> Markup:
    """Vertical columns, one per period, for a figure's totals over time."""
    if not items:
        return Markup("")
    top, bottom, left = 20, 40, 10
    largest = max(_drawable(value) for _, value in items) or 1
    slot = (width - left * 2) / len(items)
    bar_width = min(60.0, slot * 0.6)
    parts = []
    for index, (label, value) in enumerate(items):
        bar_height = _length(height - top - bottom, value, largest)
        x = left + index * slot + (slot - bar_width) / 2
        y = height - bottom - bar_height
        parts.append(
            Markup(
                '<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" class="kh-cot"><title>{label}: {value} {unit}</title></rect>'
                '<text x="{cx:.1f}" y="{vy:.1f}" text-anchor="middle" class="kh-bieu-do-so">{value}</text>'
                '<text x="{cx:.1f}" y="{ly}" text-anchor="middle" class="kh-bieu-do-nhan">{label}</text>'
            ).format(x=x, y=y, w=bar_width, h=bar_height, label=label, value=_number(value), unit=unit, cx=x + bar_width / 2, vy=y - 4, ly=height - bottom + 16)
        )
    return _block(Markup(
        '<svg class="kh-bieu-do" role="img" aria-label="{title}" viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title>{title}</title>{parts}</svg>'
    ).format(title=title, width=width, height=height, parts=Markup("").join(parts)))


number = _number
