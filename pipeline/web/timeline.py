"""The timeline on a document's page: when each plan implementing it (down the chain: province,
district, commune) was issued, as days after the document, one row a plan, the rows grouped by
province. Drawn on the server as SVG: it needs no script or library, prints, reads out (a title
and a description, a tooltip per plan) and is tested by parsing it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

LEVELS = {"central": ("#c0392b", "trung ương · central"),
          "provincial": ("#1f4e79", "tỉnh · province"),
          "district": ("#2e86c1", "huyện · district"),
          "commune": ("#76b7e5", "xã · commune")}
OTHER_LEVEL = ("#7f8c8d", "khác · other")
NO_PLACE = "Không rõ địa bàn · no province"

WIDTH, LEFT, RIGHT, TOP, ROW, HEAD, BOTTOM = 760, 210, 80, 40, 22, 24, 72
STEPS = (1, 2, 7, 14, 30, 60, 90, 180, 365, 730, 1825)  # tick spacings, in days
MAX_TICKS = 8


@dataclass(frozen=True)
class Plan:
    id: str
    symbol: str
    date: str
    level: str | None
    place: str  # the district or commune it was issued for, "" for the province itself
    lag: int  # days after the document it implements


@dataclass
class Province:
    name: str
    plans: list[Plan] = field(default_factory=list)


def provinces(plans: Sequence[dict[str, Any]], place_name: Callable[[str], str]
              ) -> list[Province]:
    """Dated plans (rows with `lag_days`) grouped by province: the first part of their
    jurisdiction, so a district's plan sits with its province's. Plans by lag in a group, groups
    by their first plan: the province that followed first comes first."""
    groups: dict[str, Province] = {}
    for row in plans:
        if row.get("lag_days") is None:
            continue
        jurisdiction = row.get("jurisdiction") or ""
        province = jurisdiction.split("/", 1)[0]
        group = groups.setdefault(province, Province(place_name(province) if province
                                                     else NO_PLACE))
        group.plans.append(Plan(row["id"], row.get("symbol") or row["id"], row["date"],
                                row.get("level"), place_name(jurisdiction)
                                if jurisdiction != province else "", row["lag_days"]))
    for group in groups.values():
        group.plans.sort(key=lambda plan: (plan.lag, plan.symbol))
    return sorted(groups.values(), key=lambda group: (group.plans[0].lag, group.name))


def plot(document: dict[str, Any], groups: list[Province], href: Callable[[str], str]) -> Markup:
    """The timeline as inline SVG (empty when no plan has a date): a dashed line at the
    document's date, a bar from it to each plan's date with the lag written beside it, an axis
    in days and a legend of the levels. `href` gives a plan's page."""
    lags = [plan.lag for group in groups for plan in group.plans]
    if not lags:
        return Markup("")
    low, high, step = _scale(lags)
    height = TOP + sum(HEAD + ROW * len(group.plans) for group in groups) + BOTTOM
    width = WIDTH - LEFT - RIGHT

    def x(days: int) -> float:
        return round(LEFT + (days - low) / (high - low) * width, 1)

    name = document.get("symbol") or document["id"]
    parts = [_open(name, document.get("date") or "", groups, height),
             _zero_line(x(0), name, document.get("date") or "", height)]
    y = TOP
    for group in groups:
        parts.append(f'<text class="province" x="8" y="{y + 16}" font-weight="bold">'
                     f'{escape(group.name)} ({len(group.plans)})</text>')
        y += HEAD
        for plan in group.plans:
            parts.append(_plan_row(plan, y, x(0), x(plan.lag), href(plan.id)))
            y += ROW
    parts += [_axis(y, low, high, step, x), _legend(groups, height), "</svg>"]
    return Markup("\n".join(parts))


def _scale(lags: list[int]) -> tuple[int, int, int]:
    """The axis: from 0 (or the earliest lag, when a plan is dated before the document) to the
    latest lag rounded up to a tick, with the smallest tick spacing giving at most MAX_TICKS."""
    low, high = min(0, *lags), max(1, *lags)
    step = next((s for s in STEPS if (high - low) / s <= MAX_TICKS), STEPS[-1])
    return (low // step) * step, -(-high // step) * step, step


def _open(name: str, day: str, groups: list[Province], height: int) -> str:
    """The `<svg>` tag with what a screen reader says of the plot: a title and every plan's lag."""
    count = sum(len(group.plans) for group in groups)
    said = "; ".join(f"{plan.symbol} ({group.name}) {plan.lag} ngày" for group in groups
                     for plan in group.plans)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" id="timeline" role="img" '
            f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
            f'aria-labelledby="timeline-title timeline-desc" font-family="sans-serif" '
            f'font-size="12">\n<title id="timeline-title">{escape(name)}: {count} kế hoạch '
            f'thực hiện, số ngày sau {escape(day)} · {count} plans implementing it, days after '
            f'it</title>\n<desc id="timeline-desc">{escape(said)}</desc>')


def _zero_line(at: float, name: str, day: str, height: int) -> str:
    """Day 0, the document's date, named above the plot: what every bar starts from."""
    return (f'<line class="zero" x1="{at}" y1="{TOP - 8}" x2="{at}" y2="{height - BOTTOM + 4}" '
            f'stroke="#c0392b" stroke-dasharray="4 3"/>\n<text x="{at}" y="{TOP - 14}" '
            f'text-anchor="middle" fill="#c0392b">{escape(name)} · {escape(day)}</text>')


def _plan_row(plan: Plan, y: int, start: float, end: float, link: str) -> str:
    """One plan: its symbol (a link to its page), a bar from the document's date to its own and
    its lag in days; the tooltip says all of it."""
    colour = LEVELS.get(plan.level or "", OTHER_LEVEL)[0]
    where = f" ({plan.place})" if plan.place else ""
    middle = y + ROW / 2
    return (f'<g class="plan" data-document="{escape(plan.id)}" data-lag="{plan.lag}" '
            f'data-date="{escape(plan.date)}" data-level="{escape(plan.level or "")}">'
            f'<title>{escape(plan.symbol)}{escape(where)}, {escape(plan.date)}: {plan.lag} ngày '
            f'sau · days after</title>'
            f'<a href="{escape(link)}"><text x="{LEFT - 10}" y="{middle + 4}" text-anchor="end" '
            f'fill="#1a5276">{escape(plan.symbol)}{escape(where)}</text></a>'
            f'<line x1="{start}" y1="{middle}" x2="{end}" y2="{middle}" stroke="{colour}" '
            f'stroke-width="4" stroke-opacity="0.35"/>'
            f'<circle cx="{end}" cy="{middle}" r="5" fill="{colour}"/>'
            f'<text class="lag" x="{end + 9}" y="{middle + 4}">{plan.lag} ngày</text></g>')


def _axis(y: int, low: int, high: int, step: int, x: Callable[[int], float]) -> str:
    """The days axis under the rows, a tick every `step` days."""
    ticks = [f'<line x1="{x(day)}" y1="{y + 6}" x2="{x(day)}" y2="{y + 11}" stroke="#555"/>'
             f'<text x="{x(day)}" y="{y + 24}" text-anchor="middle" fill="#555">{day}</text>'
             for day in range(low, high + 1, step)]
    return (f'<g class="axis"><line x1="{x(low)}" y1="{y + 6}" x2="{x(high)}" y2="{y + 6}" '
            f'stroke="#555"/>{"".join(ticks)}<text x="{x(high)}" y="{y + 40}" text-anchor="end" '
            f'fill="#555">ngày sau văn bản · days after the document</text></g>')


def _legend(groups: list[Province], height: int) -> str:
    """The levels the plans are of, in the colours of their dots."""
    present = {plan.level or "" for group in groups for plan in group.plans}
    items = [LEVELS[level] for level in LEVELS if level in present]
    if present - set(LEVELS):
        items.append(OTHER_LEVEL)
    parts = [f'<circle cx="{14 + 130 * i}" cy="{height - 12}" r="5" fill="{colour}"/>'
             f'<text x="{24 + 130 * i}" y="{height - 8}">{escape(label)}</text>'
             for i, (colour, label) in enumerate(items)]
    return f'<g class="legend">{"".join(parts)}</g>'
