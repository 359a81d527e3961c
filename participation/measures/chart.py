"""The progress history as a small line chart: coordinates for an SVG drawn by the template, on the server, so the
page needs neither JavaScript nor an outside host. The geometry is participation.charts'."""

from dataclasses import dataclass

from participation.charts import Plot
from participation.measures.models import QuarterlyReview

PLOT = Plot(width=640, height=240, left=48, right=36, top=16, bottom=40)  # room for the axis labels
PERCENT_GRIDLINES = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    period: str
    progress: int
    traffic_light: str


@dataclass(frozen=True)
class ProgressChart:
    width: int
    height: int
    points: list[ChartPoint]
    gridlines: list[tuple[int, float]]  # (percent, y)
    left: int
    right_edge: int
    baseline: float

    @property
    def polyline(self) -> str:
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in self.points)


def progress_chart(reviews: list[QuarterlyReview]) -> ProgressChart | None:
    """The reviews (oldest first) as points from left to right; None without reviews."""
    if not reviews:
        return None
    points = [ChartPoint(x=x, y=PLOT.y(review.progress, 100), period=review.period, progress=review.progress,
                         traffic_light=review.traffic_light)
              for x, review in zip(PLOT.spread(len(reviews)), reviews, strict=True)]
    return ProgressChart(width=PLOT.width, height=PLOT.height, points=points,
                         gridlines=[(line.value, line.y) for line in PLOT.gridlines(PERCENT_GRIDLINES, 100)],
                         left=PLOT.left, right_edge=PLOT.right_edge, baseline=PLOT.baseline)
