"""The Atom feeds: valid Atom that feed readers parse, public objects only, newest first, filters, escaping."""

from email.utils import parsedate_to_datetime

import feedparser
import pytest

from participation.boards.models import MeetingState
from participation.ideas.models import IdeaStatus
from participation.measures.models import MeasureStatus, TrafficLight

FEEDS = ["/feeds/ideas.atom", "/feeds/idea-status.atom", "/feeds/measures.atom", "/feeds/news.atom",
         "/feeds/meetings.atom"]
XSS = "<script>alert(1)</script>"


def parse(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def titles(feed) -> list[str]:
    return [entry.title for entry in feed.entries]


@pytest.fixture
def some_of_everything(add_idea, add_measure, add_news, add_meeting):
    add_idea("Bänke am See", 3, (IdeaStatus.ANSWERED, 1, "Die Bänke kommen im Frühjahr."))
    add_measure("Sitzbänke aufstellen", MeasureStatus.IN_PROGRESS, (2026, 1, 40, TrafficLight.ON_TRACK, 2))
    add_news("Neue Bänke", 1)
    add_meeting("1. Quartalssitzung", 1)


@pytest.mark.parametrize("path", FEEDS)
def test_every_feed_is_valid_atom_with_what_readers_need(client, some_of_everything, path):
    response = client.get(path)
    feed = parse(response)
    assert feed.feed.id.startswith("tag:")
    assert feed.feed.title and feed.feed.updated_parsed and feed.feed.author
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [f"http://localhost{path}"]
    assert [link.type for link in feed.feed.links if link.rel == "alternate"] == ["text/html"]
    assert response.headers["Last-Modified"]
    assert feed.entries
    entry = feed.entries[0]
    assert entry.id.startswith("tag:") and entry.title and entry.updated_parsed and entry.author
    assert entry.link.startswith("http://localhost/")


@pytest.mark.parametrize("path", FEEDS)
def test_an_empty_feed_is_still_valid_and_dated_now(client, world, path):
    feed = parse(client.get(path))
    assert feed.entries == [] and feed.feed.updated_parsed


def test_a_reader_that_has_the_newest_version_gets_304(client, some_of_everything):
    first = client.get("/feeds/news.atom")
    modified = first.headers["Last-Modified"]
    assert parsedate_to_datetime(modified)
    again = client.get("/feeds/news.atom", headers={"If-Modified-Since": modified})
    assert again.status_code == 304 and again.data == b""


def test_new_ideas_newest_first_and_only_public_ones(client, add_idea):
    add_idea("Ältere Idee", 5)
    add_idea("Neueste Idee", 1)
    add_idea("Wartet auf Prüfung", 0.5, published=False)
    add_idea("Versteckte Idee", 0.4, hidden=True)
    add_idea("Nie veröffentlicht und abgelehnt", 0.3, (IdeaStatus.REJECTED, 0.2, "Werbung"), published=False)
    feed = parse(client.get("/feeds/ideas.atom"))
    assert titles(feed) == ["Neueste Idee", "Ältere Idee"]
    entry = feed.entries[0]
    assert entry.author == "Erika Ideenreich"
    assert "<strong>Neueste Idee</strong>" in entry.content[0].value
    assert {tag.term for tag in entry.tags} == {"Seedorf", "Kooperation"}


def test_new_ideas_by_district_and_action_area(client, world, add_idea):
    add_idea("Seedorf, Kooperation", 3, district=0, areas=(0,))
    add_idea("Seedorf, Information", 2, district=0, areas=(1,))
    add_idea("Altstadt, beides", 1, district=1, areas=(0, 1))
    seedorf, altstadt = (district.id for district in world.districts)
    cooperation, information = (area.id for area in world.areas)
    assert titles(parse(client.get(f"/feeds/ideas.atom?district={seedorf}"))) == [
        "Seedorf, Information", "Seedorf, Kooperation"]
    assert titles(parse(client.get(f"/feeds/ideas.atom?area={information}"))) == [
        "Altstadt, beides", "Seedorf, Information"]
    narrowed = parse(client.get(f"/feeds/ideas.atom?district={altstadt}&area={cooperation}&lang=en"))
    assert titles(narrowed) == ["Altstadt, beides"]
    assert "Altstadt" in narrowed.feed.title and "Kooperation" in narrowed.feed.title
    assert narrowed.feed.id != parse(client.get("/feeds/ideas.atom")).feed.id
    # An empty value, as the idea list's "all districts" sends, is no filter.
    assert len(parse(client.get("/feeds/ideas.atom?district=&area=")).entries) == 3


@pytest.mark.parametrize("query", ["district=abc", "district=99999", "district=-1", "area=1.5", "area=99999",
                                   "district=%EF%BC%91", "area=" + "9" * 30])
def test_an_unknown_filter_value_is_refused_with_a_plain_message(client, world, query):
    response = client.get(f"/feeds/ideas.atom?{query}&lang=en")
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert "district" in response.get_data(as_text=True) or "area" in response.get_data(as_text=True)


def test_status_changes_of_public_ideas_only_newest_first(client, add_idea):
    add_idea("Spielplatz", 10, (IdeaStatus.IN_REVIEW, 4, ""), (IdeaStatus.ANSWERED, 2, "Wir **bauen** ihn."))
    add_idea("Hinter den Kulissen", 9, (IdeaStatus.CHANGES_REQUESTED, 3, "Bitte ohne Namen von Nachbarn."),
             published=False)
    add_idea("Versteckt", 8, (IdeaStatus.IN_REVIEW, 1, "Intern"), hidden=True)
    feed = parse(client.get("/feeds/idea-status.atom?lang=en"))
    assert titles(feed) == ["Spielplatz: Answered", "Spielplatz: In review", "Spielplatz: Published"]
    assert "<strong>bauen</strong>" in feed.entries[0].content[0].value
    assert feed.entries[0].author == "Mona Moderation"
    raw = client.get("/feeds/idea-status.atom").get_data(as_text=True)
    assert "Hinter den Kulissen" not in raw and "Nachbarn" not in raw and "Versteckt" not in raw


def test_measure_progress_from_public_measures_only(client, add_measure):
    add_measure("Radweg", MeasureStatus.IN_PROGRESS, (2026, 1, 20, TrafficLight.AT_RISK, 40),
                (2026, 2, 55, TrafficLight.ON_TRACK, 5))
    add_measure("Geheimplan", MeasureStatus.DRAFT, (2026, 2, 10, TrafficLight.OFF_TRACK, 1))
    feed = parse(client.get("/feeds/measures.atom?lang=en"))
    assert titles(feed) == ["Radweg: review 2026-Q2, 55 % done, On track",
                            "Radweg: review 2026-Q1, 20 % done, At risk"]
    assert feed.entries[0].link.endswith("#review-2026-Q2")
    assert feed.entries[0].author == "Fachbereich Bauen"
    assert "Arbeit in 2026-Q2" in feed.entries[0].content[0].value
    assert "Geheimplan" not in client.get("/feeds/measures.atom").get_data(as_text=True)


def test_news_published_only_and_a_script_title_stays_text(client, add_news):
    add_news("Ältere Nachricht", 10)
    add_news(XSS, 1, body=f"Ein Text mit {XSS} und [Link](javascript:alert(2)).", teaser=XSS)
    add_news("Entwurf", 0.5, draft=True)
    add_news("Geplant für morgen", -1)
    response = client.get("/feeds/news.atom")
    feed = parse(response)
    assert titles(feed) == [XSS, "Ältere Nachricht"]
    assert feed.entries[0].title_detail.type == "text/plain"
    raw = response.get_data(as_text=True)
    assert "<script" not in raw and "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "href=\"javascript" not in feed.entries[0].content[0].value
    assert "Entwurf" not in raw and "Geplant für morgen" not in raw


def test_meetings_public_only_most_recently_changed_first(client, add_meeting):
    add_meeting("1. Quartalssitzung", changed_days_ago=20, starts_in_days=10)
    add_meeting("Sondersitzung", changed_days_ago=2, starts_in_days=40, state=MeetingState.CANCELLED,
                cancel_reason="Der Entwurf fehlt noch.")
    add_meeting("Interne Vorbesprechung", changed_days_ago=1, is_public=False)
    response = client.get("/feeds/meetings.atom?lang=en")
    feed = parse(response)
    assert [title.split(" on ")[0] for title in titles(feed)] == [
        "Cancelled: Projektbeirat: Sondersitzung", "Projektbeirat: 1. Quartalssitzung"]
    assert "Der Entwurf fehlt noch." in feed.entries[0].content[0].value
    assert "Interne Vorbesprechung" not in response.get_data(as_text=True)


def test_no_more_than_fifty_entries(client, add_news):
    for number in range(52):
        add_news(f"Nachricht {number}", 60 - number)
    feed = parse(client.get("/feeds/news.atom"))
    assert len(feed.entries) == 50 and feed.entries[0].title == "Nachricht 51"


def test_the_list_pages_link_their_feeds(client, world):
    seedorf, cooperation = world.districts[0].id, world.areas[0].id
    pages = {"/ideas/": ["/feeds/ideas.atom", "/feeds/idea-status.atom"], "/measures/": ["/feeds/measures.atom"],
             "/boards/": ["/feeds/meetings.atom"]}
    for path, feeds in pages.items():
        page = client.get(path).get_data(as_text=True)
        for feed in feeds:
            assert '<link rel="alternate" type="application/atom+xml" title="' in page
            assert f'href="{feed}"' in page.split("</head>")[0], (path, feed)
            assert f'class="feed-link" href="{feed}"' in page.split("</head>")[1], (path, feed)
    filtered = client.get(f"/ideas/?district={seedorf}&action_area={cooperation}").get_data(as_text=True)
    assert f'href="/feeds/ideas.atom?area={cooperation}&amp;district={seedorf}"' in filtered.split("</head>")[0]
