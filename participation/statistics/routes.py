"""The public statistics page: participation over the last twelve months, per district, what became of the ideas,
the measures' states and the volunteers' hours; charts drawn on the server, each with a table of its numbers."""

from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, render_template
from flask_babel import format_date, format_decimal

from participation.charts import Datum, bar_chart, column_chart
from participation.db import get_session, utcnow
from participation.i18n import _
from participation.statistics.queries import DistrictFigures, Statistics, participation_statistics

blueprint = Blueprint("statistics", __name__)

# The series of the monthly charts: attribute of MonthFigures, and its chart's title.
MONTHLY_SERIES = {
    "ideas": lambda: _("New ideas per month"),
    "supports": lambda: _("Supports per month"),
    "comments": lambda: _("Comments per month"),
    "volunteers": lambda: _("Volunteers per month"),
    "hours": lambda: _("Volunteer hours per month"),
}


def number(value: float, digits: int = 0) -> str:
    """A count or an amount in the reader's number format: "1.234", "2,5" ("2" rather than "2,0")."""
    rounded = round(value, digits)
    return format_decimal(int(rounded) if rounded == int(rounded) else rounded)


def rate(value: float | None) -> str:
    """A figure per 1,000 inhabitants, to one decimal; a dash while the population is unknown."""
    return "–" if value is None else format_decimal(value, format="#,##0.0")


def _monthly_charts(statistics: Statistics) -> dict:
    charts = {}
    for series in MONTHLY_SERIES:
        data = []
        for index, figures in enumerate(statistics.months):
            first_of_year = index == 0 or figures.month.month == 1
            data.append(Datum(label=format_date(figures.month, "MMM"), value=getattr(figures, series),
                              text=number(getattr(figures, series), 1),
                              note=str(figures.month.year) if first_of_year else ""))
        charts[series] = column_chart(data)
    return charts


def _district_chart(statistics: Statistics):
    """Ideas per 1,000 inhabitants of the districts whose population is known; without any, ideas per district."""
    rows: list[DistrictFigures] = statistics.districts
    if statistics.has_populations:
        known = [figures for figures in rows if figures.population]
        return bar_chart([Datum(figures.district.name, figures.per_thousand(figures.ideas),
                                rate(figures.per_thousand(figures.ideas))) for figures in known])
    return bar_chart([Datum(figures.district.name, figures.ideas, number(figures.ideas)) for figures in rows])


@blueprint.route("/statistics")
def index():
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    now = utcnow()
    statistics = participation_statistics(get_session(), now.astimezone(zone).date(), zone, now)
    charts = {
        "months": _monthly_charts(statistics),
        "districts": _district_chart(statistics),
        "outcomes": bar_chart([Datum(status.label, count, number(count))
                               for status, count in statistics.idea_outcomes]),
        "measures": bar_chart([Datum(status.label, count, number(count))
                               for status, count in statistics.measure_statuses]),
        "lights": bar_chart([Datum(light.label if light else _("No review yet"), count, number(count),
                                   kind=light.value if light else "none")
                             for light, count in statistics.traffic_lights]),
    }
    return render_template("statistics/index.html", statistics=statistics, charts=charts,
                           series_titles={series: title() for series, title in MONTHLY_SERIES.items()},
                           number=number, rate=rate)
