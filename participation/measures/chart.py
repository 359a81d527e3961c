"""The progress history as a small chart: coordinates for an SVG drawn by the template, on the server, so the
page needs neither JavaScript nor an outside host."""

from dataclasses import dataclass

from participation.measures.models import QuarterlyReview

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 36, 16, 40  # room for the axis labels


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


def _y(percent: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - percent / 100)


def progress_chart(reviews: list[QuarterlyReview]) -> ProgressChart | None:
    """The reviews (oldest first) as points from left to right; None without reviews."""
    if not reviews:
        return None
    span = WIDTH - LEFT - RIGHT
    step = span / (len(reviews) - 1) if len(reviews) > 1 else 0
    points = [ChartPoint(x=LEFT + (index * step if len(reviews) > 1 else span / 2), y=_y(review.progress),
                         period=review.period, progress=review.progress, traffic_light=review.traffic_light)
              for index, review in enumerate(reviews)]
    return ProgressChart(width=WIDTH, height=HEIGHT, points=points,
                         gridlines=[(percent, _y(percent)) for percent in (0, 25, 50, 75, 100)],
                         left=LEFT, right_edge=WIDTH - RIGHT, baseline=HEIGHT - BOTTOM)
