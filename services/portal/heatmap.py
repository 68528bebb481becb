"""The county × week load heat map's data, from the balancer's county load view: one cell
per county and ISO week with planned units, seasonal capacity and the load in percent
(None where a county has no capacity that week). Pure: the route fetches, this shapes."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from babel.dates import format_skeleton
from markupsafe import Markup

from services.portal.i18n import BABEL_LOCALE, N_, current_language, gettext
from services.portal.i18n.formatting import day
from services.portal.i18n.labels import COUNTIES, label


def load_percent(planned: int, capacity: int) -> int | None:
    return round(100 * planned / capacity) if capacity > 0 else None


def chart_data(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Axes and cells for ECharts (``[week index, county index, percent]``) and, per
    cell, the numbers behind it for the tooltip and the table beside the chart."""
    weeks = sorted({(r["iso_year"], r["iso_week"]) for r in rows})
    counties = list(COUNTIES)
    cells = []
    for r in rows:
        if r["county"] not in COUNTIES:
            continue  # a county the portal does not know yet is left out, never a crash
        x = weeks.index((r["iso_year"], r["iso_week"]))
        cells.append(
            {
                "x": x,
                "y": counties.index(r["county"]),
                "county": r["county"],
                "week": f"{r['iso_year']}-W{r['iso_week']:02d}",
                "planned": r["planned_units"],
                "capacity": r["capacity_units"],
                "percent": load_percent(r["planned_units"], r["capacity_units"]),
                "overloaded": r["overloaded"],
            }
        )
    return {
        "weeks": [_week_label(y, w) for y, w in weeks],
        "weeks_short": [_monday(y, w) for y, w in weeks],
        "week_keys": [f"{y}-W{w:02d}" for y, w in weeks],
        "counties": [label("county", c) for c in counties],
        "county_keys": counties,
        "cells": cells,
        "text": {
            "planned": gettext(N_("Planned units")),
            "capacity": gettext(N_("Capacity")),
            "load": gettext(N_("Load")),
            "none": gettext(N_("No capacity")),
        },
    }


def _monday(iso_year: int, iso_week: int) -> str:
    """The week's Monday, short for the chart's axis: 11月30日 / Nov 30."""
    monday = date.fromisocalendar(iso_year, iso_week, 1)
    return format_skeleton("MMMd", monday, locale=BABEL_LOCALE[current_language()])


def _week_label(iso_year: int, iso_week: int) -> str:
    monday = date.fromisocalendar(iso_year, iso_week, 1)
    return gettext(N_("Week of {day}")).format(day=day(monday))


def script_json(data: dict[str, Any]) -> Markup:
    """``data`` as JSON to put inside ``<script type="application/json">``: with every
    "<" escaped, nothing in it can close or comment out the script element."""
    return Markup(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))
