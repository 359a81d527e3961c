"""The shared chart geometry (participation/charts.py): round scales, columns and bars in proportion."""

import pytest

from participation.charts import Datum, bar_chart, column_chart, nice_maximum


@pytest.mark.parametrize(("largest", "top", "gridlines"), [
    (0, 4, [0, 1, 2, 3, 4]),
    (3, 4, [0, 1, 2, 3, 4]),
    (9, 12, [0, 3, 6, 9, 12]),
    (37, 40, [0, 10, 20, 30, 40]),
    (100, 100, [0, 25, 50, 75, 100]),
    (12.5, 20, [0, 5, 10, 15, 20]),
])
def test_scales_end_at_a_round_number_with_whole_gridlines(largest, top, gridlines):
    assert nice_maximum(largest) == (top, gridlines)


def test_columns_stand_on_the_baseline_in_proportion():
    chart = column_chart([Datum("Jan.", 10, "10", note="2026"), Datum("Feb.", 40, "40"), Datum("März", 0, "0")])
    first, second, third = chart.columns
    assert second.height == pytest.approx(4 * first.height, abs=0.2)
    assert third.height == 0 and third.y == chart.plot.baseline
    assert second.y == chart.gridlines[-1].y  # 40 is the top of the scale
    assert first.x < second.x < third.x and first.datum.note == "2026"


def test_the_longest_bar_fills_the_width_left_of_its_number():
    chart = bar_chart([Datum("Seedorf", 1.5, "1,5"), Datum("Altstadt", 3, "3,0", kind="on_track")])
    short, long = chart.bars
    assert long.width == 2 * short.width and long.number_x + 64 <= chart.width
    assert short.bar_y > short.label_y and long.datum.kind == "on_track"
    assert chart.height == 2 * (long.bar_y - short.bar_y)
