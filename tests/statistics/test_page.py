"""/statistics: every chart is an SVG with a title and a description holding its numbers, and a table on the page
gives the same numbers."""

from datetime import UTC, datetime, timedelta

import lxml.html
import pytest

from participation.ideas.models import IdeaStatus
from participation.municipality.demo import POPULATIONS, seed_municipality
from participation.municipality.queries import list_districts
from tests.statistics.conftest import BERLIN

NOW = datetime.now(UTC)


@pytest.fixture
def page(client, districts, add_idea, add_supports):
    idea = add_idea(NOW - timedelta(minutes=5))
    add_idea(NOW - timedelta(minutes=4))
    add_idea(NOW - timedelta(minutes=3), district="Altstadt", status=IdeaStatus.ANSWERED)
    add_idea(NOW - timedelta(minutes=2), status=IdeaStatus.SUBMITTED, published=False)
    add_supports(idea, NOW - timedelta(minutes=1))
    response = client.get("/statistics?lang=en")
    assert response.status_code == 200
    return lxml.html.fromstring(response.get_data(as_text=True))


def svg_parts(svg) -> tuple[str, str]:
    """The chart's title and description, found through its aria-labelledby."""
    title_id, desc_id = svg.get("aria-labelledby").split()
    title, desc = svg.xpath(f".//*[@id='{title_id}']")[0], svg.xpath(f".//*[@id='{desc_id}']")[0]
    assert (title.tag, desc.tag) == ("title", "desc")
    return title.text_content(), desc.text_content()


def table_rows(page, caption_start: str) -> dict[str, list[str]]:
    table = next(table for table in page.xpath("//table")
                 if table.xpath("caption")[0].text_content().startswith(caption_start))
    return {row.xpath("th")[0].text_content().strip(): [cell.text_content().strip() for cell in row.xpath("td")]
            for row in table.xpath("tbody/tr")}


def test_every_chart_is_an_accessible_image(page):
    charts = page.xpath("//svg")
    assert len(charts) == 7  # five monthly series, districts, outcomes (no measures: no charts of them)
    for svg in charts:
        assert svg.get("role") == "img"
        title, description = svg_parts(svg)
        assert title and description


def test_the_monthly_chart_and_the_table_hold_the_same_numbers(page):
    this_month = NOW.astimezone(BERLIN).strftime("%B %Y")
    chart = page.xpath("//svg[.//title[@id='chart-ideas-title']]")[0]
    _title, description = svg_parts(chart)
    said = dict(part.split(": ") for part in description.split("; "))
    assert len(said) == 12 and said[this_month] == "3"
    rows = table_rows(page, "Participation per month")
    assert {month: values[0] for month, values in rows.items()} == said
    assert rows[this_month][:2] == ["3", "1"]  # ideas, supports: the idea waiting for review does not count


def test_the_district_table_has_rates_where_the_population_is_known(page):
    rows = table_rows(page, "Participation per district")
    # Seedorf: 2,000 inhabitants, 2 ideas, 1 support; Altstadt: population unknown.
    assert rows["Seedorf"][:4] == ["2,000", "2", "1.0", "1"]
    assert rows["Altstadt"][:4] == ["unknown", "1", "–", "0"]
    chart = page.xpath("//svg[.//title[@id='chart-districts-title']]")[0]
    title, description = svg_parts(chart)
    assert title == "New ideas per 1,000 inhabitants, by district" and description == "Seedorf: 1.0"


def test_outcomes_chart_and_table_agree(page):
    _title, description = svg_parts(page.xpath("//svg[.//title[@id='chart-outcomes-title']]")[0])
    assert description == "Published: 2; Answered: 1"
    assert table_rows(page, "Public ideas by their status today") == {"Published": ["2"], "Answered": ["1"]}


def test_the_page_works_with_no_data_at_all(client):
    response = client.get("/statistics")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count("<svg") == 5  # the monthly series; the rest says "none yet"


def test_the_demo_districts_have_the_population_of_a_small_town(db):
    seed_municipality(db)
    populations = {district.name: district.population for district in list_districts(db)}
    assert populations == POPULATIONS and all(800 <= number <= 6000 for number in populations.values())
