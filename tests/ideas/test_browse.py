"""The idea list: filters, sorting, full-text search, paging, and a constant number of queries."""


import pytest

from participation.comments.models import Stance
from participation.ideas.models import IdeaStatus
from participation.ideas.services import add_comment
from tests.query_count import recorded_statements


def titles(response) -> list[str]:
    page = response.get_data(as_text=True)
    return [chunk.split("</a>")[0].split(">")[-1] for chunk in page.split('class="idea-card"')[1:]]


def test_only_public_ideas_are_listed(client, make_idea):
    make_idea(title="Öffentliche Idee")
    make_idea(title="Wartende Idee", status=IdeaStatus.SUBMITTED)
    make_idea(title="Abgelehnte Idee", status=IdeaStatus.REJECTED)
    assert titles(client.get("/ideas/")) == ["Öffentliche Idee"]


def test_filters_by_district_action_area_and_status(client, make_idea, structure):
    make_idea(title="Idee in Seedorf", district=0, areas=(0,))
    make_idea(title="Idee in der Altstadt", district=1, areas=(1,))
    make_idea(title="Idee in Prüfung", district=1, areas=(0, 1), status=IdeaStatus.IN_REVIEW)
    seedorf, altstadt = (d.id for d in structure["districts"])
    assert titles(client.get(f"/ideas/?district={seedorf}")) == ["Idee in Seedorf"]
    assert set(titles(client.get(f"/ideas/?action_area={structure['areas'][1].id}"))) == {
        "Idee in der Altstadt", "Idee in Prüfung"}
    assert titles(client.get("/ideas/?status=in_review")) == ["Idee in Prüfung"]


def test_search_finds_inflected_german_words(client, make_idea):
    make_idea(title="Neuer Spielplatz am Seeufer", body="Schaukel und Sandkasten")
    make_idea(title="Bänke am Mühlenbach", body="Zum Ausruhen auf dem Wanderweg")
    assert titles(client.get("/ideas/?q=Spielplätze")) == ["Neuer Spielplatz am Seeufer"]
    assert titles(client.get("/ideas/?q=Bank")) == ["Bänke am Mühlenbach"]
    assert titles(client.get("/ideas/?q=wanderwege")) == ["Bänke am Mühlenbach"]
    assert titles(client.get("/ideas/?q=Schwimmbad")) == []


@pytest.mark.parametrize("query", ['"', "AND OR NOT", "spiel*)(", "'; DROP TABLE idea; --", "NEAR(a b)", "::*&|!"])
def test_search_syntax_cannot_break_the_page(client, make_idea, query):
    make_idea()
    assert client.get("/ideas/", query_string={"q": query}).status_code == 200


def test_sorting_by_supports_and_comments(client, make_idea, db):
    quiet, popular = make_idea(title="Leise Idee"), make_idea(title="Beliebte Idee")
    popular.support_count, quiet.comment_count = 5, 3
    db.add_all([popular, quiet])
    db.commit()
    assert titles(client.get("/ideas/?sort=supported")) == ["Beliebte Idee", "Leise Idee"]
    assert titles(client.get("/ideas/?sort=discussed")) == ["Leise Idee", "Beliebte Idee"]


@pytest.mark.parametrize("query", ["sort=drop_table", "district=abc", "status=secret", "action_area=-1",
                                   "page=abc", "page=-5", "page=99999", "sort=newest&sort=supported"])
def test_unknown_filter_values_are_ignored(client, make_idea, query):
    make_idea(title="Einzige Idee")
    response = client.get(f"/ideas/?{query}")
    assert response.status_code == 200
    assert titles(response) == ["Einzige Idee"]


def test_cards_show_what_residents_need(client, make_idea):
    make_idea(title="Neuer Spielplatz am Seeufer")
    page = client.get("/ideas/?lang=en").get_data(as_text=True)
    for expected in ("Neuer Spielplatz am Seeufer", "Seedorf", "Kooperation stärken", "Published", "0 supports",
                     "0 comments"):
        assert expected in page


def count_queries(app):
    return recorded_statements(app.extensions["database"].engine)


def test_the_list_needs_the_same_number_of_queries_for_any_page_size(app, client, make_idea):
    for number in range(12):
        make_idea(title=f"Idee Nummer {number}", areas=(0, 1))
    counts = []
    for page_size in (2, 12):
        app.config["IDEAS_PAGE_SIZE"] = page_size
        with count_queries(app) as statements:
            assert len(titles(client.get("/ideas/"))) == page_size
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_an_idea_page_needs_the_same_number_of_queries_however_many_comments(app, browser, make_idea, make_user, db):
    idea = make_idea()
    counts = []
    for _ in range(2):
        with count_queries(app) as statements:
            assert browser.get(f"/ideas/{idea.id}").status_code == 200
        counts.append(len(statements))
        with app.app_context():  # notifying followers renders mails
            for _ in range(5):
                add_comment(db, make_user(), db.merge(idea), "Noch ein Kommentar", Stance.FOR)
        db.commit()
    assert counts[0] == counts[1]
