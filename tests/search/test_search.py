"""The site-wide search as people use it: each kind found by its words, only what the person may see (not even
counted otherwise), inflected forms, the kind filter, and bad input that never breaks the page."""

import re
from datetime import date, timedelta

import pytest

from participation.accounts.models import Role
from participation.db import utcnow
from participation.documents.models import DocumentAudience
from participation.ideas.models import IdeaStatus
from participation.measures.models import MeasureStatus
from participation.papers.models import PaperStatus
from participation.search import queries
from participation.volunteering.models import ProjectStatus
from tests.query_count import recorded_statements
from tests.search.conftest import kind_counts, main_part, result_links, search_page


@pytest.fixture
def one_of_each(content):
    """One object of every kind, each with a word of its own in its text (not in its title); their URLs by kind."""
    meeting = content.meeting(name="Sitzung im Herbst", location="Kulturscheune am Markt")
    item = content.agenda_item(content.meeting(name="Sitzung im Winter"), title="Verkehr",
                               text="Das Radwegekonzept wird vorgestellt.")
    document = content.document(title="Gutachten", file_texts=["Seite 3: Die Schallschutzwand fehlt."])
    return {
        "Quittenallee": ("ideas", f"/ideas/{content.idea(body='Eine Quittenallee am Feldweg.').id}"),
        "Kopfsteinpflaster": ("measures",
                              f"/measures/{content.measure(description='Das Kopfsteinpflaster wird erneuert.').id}"),
        "Feuerwehrhaus": ("papers", f"/papers/{content.paper(text='Das Feuerwehrhaus braucht ein Dach.').id}"),
        "Kulturscheune": ("meetings", f"/meetings/{meeting.id}"),
        "Radwegekonzept": ("agenda-items", f"/meetings/{item.meeting_id}#item-{item.id}"),
        "Lindenfest": ("news", f"/news/{content.news(body='Einladung zum Lindenfest.').id}"),
        "Schallschutzwand": ("documents", f"/documents/{document.id}"),
        "Streuobstwiese": ("projects",
                           f"/volunteer/projects/{content.project(description='Wir pflegen die Streuobstwiese.').id}"),
    }


def test_each_kind_is_found_by_a_word_in_its_text(client, one_of_each):
    for word, (kind, url) in one_of_each.items():
        status, html = search_page(client, word)
        assert status == 200
        assert result_links(html) == [url], word
        assert kind_counts(html) == {"all": 1, kind: 1}, word
        assert f'<mark>{word}</mark>' in html, f"{word}: the snippet highlights the word"


def test_results_are_grouped_by_kind_with_title_kind_and_date(client, content):
    idea = content.idea(title="Bänke am Mühlenbach", body="Am Mühlenbach fehlen Bänke.")
    content.document(title="Plan Mühlenbach", document_date=date(2026, 3, 14))
    status, html = search_page(client, "Mühlenbach")
    page = main_part(html)
    assert status == 200
    assert '<h2 id="results-ideas-title">Ideas (1)</h2>' in page
    assert '<h2 id="results-documents-title">Documents (1)</h2>' in page
    assert page.index("results-ideas") < page.index("results-documents")
    assert f'<a href="/ideas/{idea.id}">Bänke am Mühlenbach</a>' in page
    assert '<time datetime="2026-03-14">Mar 14, 2026</time>' in page
    assert "Document" in page and "Idea" in page
    assert 'value="Mühlenbach"' in page, "the form keeps the query"


def test_words_inside_the_current_pdf_version_find_the_document(client, content):
    document = content.document(title="Lärmgutachten", file_texts=["Erste Fassung: Tempo dreißig empfohlen.",
                                                                   "Zweite Fassung: Flüsterasphalt empfohlen."])
    assert result_links(search_page(client, "Flüsterasphalt")[1]) == [f"/documents/{document.id}"]
    html = search_page(client, "Flüsterasphalt")[1]
    assert "<mark>Flüsterasphalt</mark>" in html, "the snippet comes from the PDF's text"
    assert result_links(search_page(client, "dreißig")[1]) == [], "an older version's text is not searched"


def test_inflected_forms_and_word_beginnings_are_found(client, content):
    idea = content.idea(title="Neuer Spielplatz am Seeufer", body="Kinder brauchen Platz.")
    for query in ("Spielplätze", "spielplatz", "Spielpl", "SEEUFER"):
        assert result_links(search_page(client, query)[1]) == [f"/ideas/{idea.id}"], query


def test_every_word_must_match_and_titles_rank_first(client, content):
    in_title = content.idea(title="Brunnen am Markt", body="Er ist kaputt.")
    in_text = content.idea(title="Wasser im Ort", body="Der Brunnen am Markt ist kaputt, das Wasser auch.")
    content.idea(title="Brunnen im Park", body="Er läuft.")
    assert result_links(search_page(client, "Brunnen Markt")[1]) == [f"/ideas/{in_title.id}", f"/ideas/{in_text.id}"]


def test_ideas_not_yet_public_are_neither_found_nor_counted(client, signed_in, make_user, content):
    content.idea(title="Quittenallee geplant", status=IdeaStatus.SUBMITTED)
    content.idea(title="Quittenallee versteckt", is_hidden=True)
    visible = content.idea(title="Quittenallee öffentlich")
    for browser in (client, signed_in(make_user(Role.STAFF))):
        html = search_page(browser, "Quittenallee")[1]
        assert result_links(html) == [f"/ideas/{visible.id}"]
        assert kind_counts(html) == {"all": 1, "ideas": 1}


def test_draft_and_scheduled_news_are_not_found(client, signed_in, make_user, content):
    content.news(title="Lindenfest (Entwurf)", is_draft=True)
    content.news(title="Lindenfest (geplant)", published_at=utcnow() + timedelta(days=2))
    status, html = search_page(client, "Lindenfest")
    assert status == 200 and result_links(html) == [] and kind_counts(html) == {}
    assert "Nothing found for “Lindenfest”." in html
    published = content.news(title="Lindenfest (erschienen)")
    for browser in (client, signed_in(make_user(Role.STAFF))):
        assert result_links(search_page(browser, "Lindenfest")[1]) == [f"/news/{published.id}"]


def test_board_documents_only_for_the_boards_current_members_and_staff(client, signed_in, make_user, content):
    board, other_board = content.board("Themenbeirat Umwelt"), content.board("Themenbeirat Kultur")
    document = content.document(title="Entwurf Baumschutzsatzung", audience=DocumentAudience.BOARD, board=board)
    member = content.seat(board)
    former = content.seat(board, end_date=date.today() - timedelta(days=30))
    elsewhere = content.seat(other_board)
    for user in (None, make_user(), former, elsewhere):
        html = search_page(signed_in(user), "Baumschutzsatzung")[1]
        assert result_links(html) == [] and kind_counts(html) == {}, user
    for user in (member, make_user(Role.STAFF), make_user(Role.ADMIN)):
        assert result_links(search_page(signed_in(user), "Baumschutzsatzung")[1]) == [f"/documents/{document.id}"]


def test_staff_documents_only_for_staff(client, signed_in, make_user, content):
    board = content.board()
    document = content.document(title="Interne Kostenschätzung", audience=DocumentAudience.STAFF)
    for browser in (client, signed_in(content.seat(board))):
        assert result_links(search_page(browser, "Kostenschätzung")[1]) == []
    assert result_links(search_page(signed_in(make_user(Role.STAFF)), "Kostenschätzung")[1]) == [
        f"/documents/{document.id}"]


def test_non_public_meetings_and_items_only_for_the_board_and_staff(client, signed_in, make_user, content):
    board = content.board()
    closed = content.meeting(name="Klausur Haushaltsplanung", board=board, is_public=False)
    closed_item = content.agenda_item(closed, title="Haushaltsplanung 2027")
    public = content.meeting(name="Öffentliche Sitzung", board=board)
    internal_item = content.agenda_item(public, title="Haushaltsplanung Personal", is_public=False)
    for browser in (client, signed_in(make_user()), signed_in(content.seat(content.board()))):
        html = search_page(browser, "Haushaltsplanung")[1]
        assert result_links(html) == [] and kind_counts(html) == {}
    expected = {f"/meetings/{closed.id}", f"/meetings/{closed.id}#item-{closed_item.id}",
                f"/meetings/{public.id}#item-{internal_item.id}"}
    for user in (content.seat(board), make_user(Role.STAFF)):
        html = search_page(signed_in(user), "Haushaltsplanung")[1]
        assert set(result_links(html)) == expected
        assert kind_counts(html) == {"all": 3, "meetings": 1, "agenda-items": 2}


def test_minutes_are_found_once_published(client, signed_in, content):
    board = content.board()
    meeting = content.meeting(board=board)
    item = content.agenda_item(meeting, title="Verschiedenes", minutes="Der Beirat empfiehlt den Pumptrack.")
    link = f"/meetings/{meeting.id}#item-{item.id}"
    assert result_links(search_page(client, "Pumptrack")[1]) == [], "draft minutes stay with the board"
    html = search_page(signed_in(content.seat(board)), "Pumptrack")[1]
    assert result_links(html) == [link] and "<mark>Pumptrack</mark>" in html
    meeting.minutes_published_at = utcnow()
    content.db.add(meeting)
    content.db.commit()
    html = search_page(client, "Pumptrack")[1]
    assert result_links(html) == [link] and "<mark>Pumptrack</mark>" in html


def test_drafts_of_measures_and_papers_only_for_staff(client, signed_in, make_user, content):
    measure = content.measure(title="Entwurf Ortsumgehung", status=MeasureStatus.DRAFT)
    paper = content.paper(title="Ortsumgehung: Vorlage", status=PaperStatus.DRAFT)
    html = search_page(client, "Ortsumgehung")[1]
    assert result_links(html) == [] and kind_counts(html) == {}
    assert set(result_links(search_page(signed_in(make_user(Role.STAFF)), "Ortsumgehung")[1])) == {
        f"/measures/{measure.id}", f"/papers/{paper.id}"}


def test_projects_of_every_listed_status_are_found(client, content):
    projects = [content.project(title=f"Streuobstwiese {status.value}", status=status) for status in ProjectStatus]
    assert set(result_links(search_page(client, "Streuobstwiese")[1])) == {
        f"/volunteer/projects/{project.id}" for project in projects}


def test_the_kind_filter_shows_one_kind_and_keeps_the_counts(client, one_of_each, content):
    content.measure(title="Quittenallee pflanzen")
    html = search_page(client, "Quittenallee", kind="measures")[1]
    assert len(result_links(html)) == 1 and "/measures/" in result_links(html)[0]
    assert kind_counts(html) == {"all": 2, "ideas": 1, "measures": 1}
    assert 'aria-current="page">Measures (1)' in html
    assert '<option selected value="measures">' in html
    everything = search_page(client, "Quittenallee", kind="nonsense")
    assert everything[0] == 200 and len(result_links(everything[1])) == 2, "an unknown kind is ignored"


def test_one_kind_pages_through_its_results(client, content):
    for number in range(25):
        content.idea(title=f"Sitzbank Nummer {number}")
    overview = search_page(client, "Sitzbank")[1]
    assert len(result_links(overview)) == 5
    assert "All 25 results of the kind “Ideas”" in overview
    first, second = search_page(client, "Sitzbank", kind="ideas")[1], search_page(client, "Sitzbank", kind="ideas",
                                                                                  page=2)[1]
    assert len(result_links(first)) == 20 and len(result_links(second)) == 5
    assert not set(result_links(first)) & set(result_links(second))


def test_the_number_of_queries_does_not_grow_with_the_results(app, client, content):
    def statements_for_search() -> int:
        with recorded_statements(app.extensions["database"].engine) as statements:
            assert search_page(client, "Wanderweg")[0] == 200
        return len([statement for statement in statements if "site_search" in statement or "to_tsquery" in statement])

    content.idea(title="Wanderweg A")
    content.news(title="Wanderweg eröffnet")
    few = statements_for_search()
    for letter in "BCDEFG":
        content.idea(title=f"Wanderweg {letter}")
        content.news(title=f"Wanderweg {letter} eröffnet")
    assert statements_for_search() == few


@pytest.mark.parametrize("query", ['"', "a AND", "(", "*", "NEAR(", "AND OR", '"Spielplatz', "title:Spielplatz",
                                   "Spielplatz*", "-Spielplatz", "^", "{}", "'", "\\", "NOT", "a:*", "!", "&|",
                                   "NEAR(Spielplatz Seeufer, 2)", "😀"])
def test_search_syntax_never_breaks_the_page(client, content, query):
    content.idea(title="Neuer Spielplatz am Seeufer")
    status, html = search_page(client, query)
    assert status == 200
    assert "Internal Server Error" not in html
    page = main_part(html)
    assert ("result for" in page or "results for" in page or "Nothing found" in page
            or "Your search contains no words to look for." in page), query


def test_words_hidden_in_syntax_are_still_searched(client, content):
    idea = content.idea(title="Neuer Spielplatz am Seeufer")
    for query in ('"Spielplatz', "NEAR(Spielplatz Seeufer)", "Spielplatz OR Seeufer", "(Spielplatz) AND",
                  "Spielplatz*"):
        assert result_links(search_page(client, query)[1]) == [f"/ideas/{idea.id}"], query


def test_an_empty_search_shows_the_form_and_a_hint_without_searching(app, client):
    for query in ("", "   "):
        with recorded_statements(app.extensions["database"].engine) as statements:
            status, html = search_page(client, query)
        assert status == 200
        assert "Enter one or more words" in html
        assert not [statement for statement in statements if "site_search" in statement]
    assert client.get("/search?lang=en").status_code == 200


def test_a_query_without_words_says_so(client):
    status, html = search_page(client, '*** "" ()')
    assert status == 200 and "Your search contains no words to look for." in html


def test_a_too_long_query_is_refused_with_a_message_at_the_field(app, client):
    with recorded_statements(app.extensions["database"].engine) as statements:
        status, html = search_page(client, "Spielplatz " * 30)
    assert status == 422
    assert "Please shorten your search to at most 200 characters." in html
    assert 'aria-invalid="true"' in html
    assert not [statement for statement in statements if "site_search" in statement]
    assert search_page(client, "x" * 200)[0] == 200


def test_a_query_the_database_refuses_shows_a_helpful_message(client, content, monkeypatch):
    content.idea(title="Neuer Spielplatz am Seeufer")
    monkeypatch.setattr(queries, "fts5_query", lambda _forms: 'NEAR("')
    monkeypatch.setattr(queries, "tsquery_text", lambda _words: "&")
    status, html = search_page(client, "Spielplatz")
    assert status == 200
    assert "The search could not be run with these characters." in html
    assert search_page(client, "Seeufer")[0] == 200, "the next search works"


def test_markup_in_titles_and_texts_is_shown_as_text(client, content):
    content.idea(title='<script>alert("title")</script> Quittenallee',
                 body='<img src=x onerror="alert(1)"> Die Quittenallee <b>bitte</b> </mark><script>alert(2)</script>')
    content.document(title="<i>Quittenallee</i>", file_texts=['<script>alert(3)</script> Quittenallee'])
    status, html = search_page(client, "Quittenallee")
    page = main_part(html)
    assert status == 200
    assert "<script>" not in page and "<img" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; Quittenallee" in page
    snippets = re.findall(r'<p class="search-snippet">(.*?)</p>', page, re.DOTALL)
    assert len(snippets) == 2
    for snippet in snippets:
        assert set(re.findall(r"</?(\w+)", snippet)) == {"mark"}, snippet
        assert snippet.count("<mark>") == snippet.count("</mark>") >= 1


def test_the_query_is_shown_escaped(client):
    status, html = search_page(client, "<script>alert(1)</script>")
    assert status == 200
    assert "<script>alert(1)</script>" not in html
