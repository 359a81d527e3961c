"""Content of every kind, written straight into the tables: the search index follows by itself (SQLite triggers,
PostgreSQL expression indexes), whichever service wrote the rows."""

import hashlib
import itertools
import re
from datetime import timedelta

import pytest

from participation.accounts.models import Role
from participation.boards.models import AgendaItem, Board, Meeting, MeetingState, Membership
from participation.db import utcnow
from participation.documents.models import Document, DocumentAudience, DocumentVersion
from participation.ideas.models import Idea, IdeaStatus
from participation.measures.models import Measure, MeasureStatus
from participation.municipality.models import OrgUnit
from participation.news.models import NewsPost
from participation.papers.models import Paper, PaperStatus, PaperType
from participation.volunteering.models import Project, ProjectStatus

CONTRIBUTION = "Die Maßnahme trägt zum Stadtentwicklungsprojekt bei, weil sie den Ortsteil für alle stärkt."


class Content:
    """Makes one object of a kind, committed; keyword arguments override the defaults."""

    def __init__(self, db, make_user):
        self.db = db
        self.make_user = make_user
        self._numbers = itertools.count(1)
        self._unit = None
        self._staff = None
        self._board = None

    def _save(self, obj):
        self.db.add(obj)
        self.db.commit()
        return obj

    def idea(self, title="Quitten für die Allee", body="Ein Vorschlag.", status=IdeaStatus.PUBLISHED, **values):
        published = utcnow() if status != IdeaStatus.SUBMITTED else None
        return self._save(Idea(title=title, body=body, status=status.value, published_at=published, **values))

    def measure(self, title="Pflaster erneuern", description="Eine Maßnahme.", status=MeasureStatus.PLANNED,
                **values):
        if self._unit is None:
            self._unit = self._save(OrgUnit(name="Bauamt"))
            self._staff = self.make_user(Role.STAFF)
        return self._save(Measure(title=title, description=description, contribution=CONTRIBUTION,
                                  status=status.value, unit_id=self._unit.id, responsible_id=self._staff.id, **values))

    def paper(self, title="Vorlage zum Haushalt", text="Der Text der Vorlage.", status=PaperStatus.SUBMITTED,
              **values):
        number = next(self._numbers)
        submitted = utcnow() if status == PaperStatus.SUBMITTED else None
        return self._save(Paper(year=2026, number=number, reference=f"V-2026-{number:03d}", title=title,
                                paper_type=PaperType.DECISION.value, text=text, contribution=CONTRIBUTION,
                                status=status.value, submitted_at=submitted, **values))

    def board(self, name=None) -> Board:
        return self._save(Board(name=name or f"Beirat {next(self._numbers)}"))

    @property
    def default_board(self) -> Board:
        if self._board is None:
            self._board = self.board("Projektbeirat")
        return self._board

    def meeting(self, name="Quartalssitzung", board=None, is_public=True, days_ago=7, **values):
        return self._save(Meeting(board_id=(board or self.default_board).id, name=name, is_public=is_public,
                                  starts_at=utcnow() - timedelta(days=days_ago), state=MeetingState.HELD.value,
                                  **values))

    def agenda_item(self, meeting, title="Bericht", text="", is_public=True, **values):
        return self._save(AgendaItem(meeting_id=meeting.id, position=next(self._numbers), title=title, text=text,
                                     is_public=is_public, **values))

    def seat(self, board, user=None, **values):
        user = user or self.make_user(Role.BOARD_MEMBER)
        self._save(Membership(board_id=board.id, user_id=user.id, **values))
        return user

    def news(self, title="Neues aus dem Rathaus", body="Der Text.", is_draft=False, published_at=None, **values):
        return self._save(NewsPost(title=title, body=body, is_draft=is_draft,
                                   published_at=published_at or utcnow() - timedelta(hours=1), **values))

    def document(self, title="Unterlage", description="", audience=DocumentAudience.PUBLIC, board=None,
                 file_texts=(), **values):
        """A document with one version per text in `file_texts`, the last one current."""
        document = self._save(Document(title=title, description=description, audience=audience.value,
                                       board_id=board.id if board else None, **values))
        for text in file_texts:
            self.version(document, text)
        return document

    def version(self, document, extracted_text):
        number = document.version_count + 1
        version = DocumentVersion(document_id=document.id, number=number, name=f"unterlage-{number}.pdf",
                                  stored_name=f"{document.id}-{number}-{next(self._numbers)}.pdf",
                                  content_type="application/pdf", size=1000,
                                  sha512=hashlib.sha512(extracted_text.encode()).hexdigest(),
                                  extracted_text=extracted_text)
        document.version_count = number
        self.db.add(document)
        return self._save(version)

    def project(self, title="Repair-Café", description="Wir reparieren gemeinsam.", status=ProjectStatus.ACTIVE,
                **values):
        return self._save(Project(title=title, description=description, status=status.value, **values))


@pytest.fixture
def content(db, make_user) -> Content:
    return Content(db, make_user)


def search_page(browser, query: str, **params):
    """The search page for `query`, in English; returns (status, html)."""
    response = browser.get("/search", query_string={"q": query, "lang": "en", **params})
    return response.status_code, response.get_data(as_text=True)


def main_part(html: str) -> str:
    """The page's main content (the header's search form repeats the query)."""
    return html[html.index("<main"):html.index("</main>")]


def result_links(html: str) -> list[str]:
    """The targets of the result titles, in order."""
    return re.findall(r'<li class="search-hit">\s*<h3><a href="([^"]+)"', html)


def kind_counts(html: str) -> dict[str, int]:
    """The counts of the "results by kind" navigation, by kind key ("all" for all kinds)."""
    counts = {}
    nav = re.search(r'<nav class="search-kinds".*?</nav>', html, re.DOTALL)
    if nav:
        for href, number in re.findall(r'<a href="([^"]+)"[^>]*>[^<]*\((\d+)\)</a>', nav.group(0)):
            kind = re.search(r"kind=([\w-]+)", href)
            counts[kind.group(1) if kind else "all"] = int(number)
    return counts
