"""Server-side charts: coordinates for SVGs that templates draw, so pages need neither JavaScript nor an outside
host. Every chart is drawn next to a table with the same numbers (templates/statistics/_charts.html).

Three shapes share one geometry (`Plot`: the canvas, the margins for axis labels, a linear scale):
- `column_chart`: vertical columns over ordered categories, e.g. months;
- `bar_chart`: horizontal bars, each with its label above it, e.g. districts or states;
- line charts such as a measure's progress (participation.measures.chart) place points with `Plot.spread`.

Kept free of Flask and of any area's models: callers pass labels and numbers already formatted for the reader.
"""

import math
from dataclasses import dataclass

WIDTH = 640


@dataclass(frozen=True)
class Gridline:
    value: float
    y: float


@dataclass(frozen=True)
class Plot:
    """The SVG canvas (`width` × `height`) and, inside the margins, the area the data is drawn in."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int

    @property
    def right_edge(self) -> int:
        return self.width - self.right

    @property
    def baseline(self) -> int:
        return self.height - self.bottom

    @property
    def span(self) -> int:
        return self.right_edge - self.left

    def y(self, value: float, maximum: float) -> float:
        """Where `value` lies on a scale from 0 (the baseline) to `maximum` (the top)."""
        return round(self.top + (self.baseline - self.top) * (1 - value / maximum), 1)

    def spread(self, count: int) -> list[float]:
        """The x of `count` points from the left to the right edge (one point: the middle)."""
        if count == 1:
            return [self.left + self.span / 2]
        step = self.span / (count - 1) if count else 0
        return [round(self.left + index * step, 1) for index in range(count)]

    def gridlines(self, values, maximum: float) -> list[Gridline]:
        return [Gridline(value, self.y(value, maximum)) for value in values]


def nice_maximum(largest: float, steps: int = 4) -> tuple[int, list[int]]:
    """A round top for a scale that holds `largest`, and the `steps` + 1 gridline values from 0 to it:
    largest 37 -> 40 with 0, 10, 20, 30, 40; nothing to show -> 4 with 0 to 4."""
    raw_step = max(largest, 1) / steps
    magnitude = 10 ** math.floor(math.log10(raw_step))
    # Whole steps only (no gridline at 0.5 or 2.5): the scales count ideas, people and hours.
    step = max(1, next(magnitude * factor for factor in (1, 2, 2.5, 3, 5, 10)
                       if magnitude * factor >= raw_step and float(magnitude * factor).is_integer()))
    values = [int(step * index) for index in range(steps + 1)]
    return values[-1], values


@dataclass(frozen=True)
class Datum:
    """One number to draw: its label, its value, and the value as the reader writes it ("1.234", "2,5")."""

    label: str
    value: float
    text: str
    note: str = ""  # a second line under a column's label, e.g. the year under the first month
    kind: str = ""  # a CSS class suffix for bars that differ in meaning (their label says it too)


@dataclass(frozen=True)
class Column:
    datum: Datum
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class ColumnChart:
    plot: Plot
    columns: list[Column]
    gridlines: list[Gridline]


COLUMN_PLOT = Plot(width=WIDTH, height=240, left=40, right=8, top=24, bottom=40)
COLUMN_GAP = 0.3  # share of each category's width left free between columns


def column_chart(data: list[Datum], plot: Plot = COLUMN_PLOT) -> ColumnChart:
    """One column per datum, left to right, on a scale from 0 to a round number above the largest."""
    maximum, grid_values = nice_maximum(max((datum.value for datum in data), default=0))
    slot = plot.span / len(data) if data else 0
    width = round(slot * (1 - COLUMN_GAP), 1)
    columns = []
    for index, datum in enumerate(data):
        top = plot.y(datum.value, maximum)
        columns.append(Column(datum=datum, x=round(plot.left + index * slot + (slot - width) / 2, 1), y=top,
                              width=width, height=round(plot.baseline - top, 1)))
    return ColumnChart(plot=plot, columns=columns, gridlines=plot.gridlines(grid_values, maximum))


@dataclass(frozen=True)
class Bar:
    datum: Datum
    label_y: int
    bar_y: int
    width: float
    number_x: float
    number_y: int


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bar_height: int
    bars: list[Bar]


BAR_ROW = 52
BAR_HEIGHT = 20
ROOM_FOR_NUMBER = 72


def bar_chart(data: list[Datum], width: int = WIDTH) -> BarChart:
    """One bar per datum, top to bottom, each under its label; the longest fills the width left of its number."""
    span = width - ROOM_FOR_NUMBER
    largest = max((datum.value for datum in data), default=0) or 1
    bars = []
    for index, datum in enumerate(data):
        top = index * BAR_ROW
        bar_width = round(span * datum.value / largest, 1)
        bars.append(Bar(datum=datum, label_y=top + 16, bar_y=top + 24, width=bar_width,
                        number_x=round(bar_width + 8, 1), number_y=top + 24 + 15))
    return BarChart(width=width, height=max(len(data), 1) * BAR_ROW, bar_height=BAR_HEIGHT, bars=bars)
