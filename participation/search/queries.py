"""The site-wide search (/search): one query over ideas, measures, papers, meetings, agenda items, news, documents
and volunteer projects, each kind showing only what the user may see there — in its hits and in its count.

The text indexes come from migration 0020: on SQLite one FTS5 table per kind (rowid = the object's id), kept in
step by triggers; on PostgreSQL GIN indexes on to_tsvector('german', …) of the same texts, which the expressions
below repeat exactly (or the index would not be used). What a person typed reaches the database as words only
(participation.search.terms), never as query syntax.

Inflected forms: PostgreSQL stems with its german configuration. The SQLite index holds the words as written
(diacritics folded, so snippets show the real text); each word is looked for both as its German stem and as typed,
as prefixes, so "Spielplätze" finds "Spielplatz" there too.

Snippets come from the database's highlighter (FTS5 snippet(), PostgreSQL ts_headline) with private marker
characters; the whole snippet is HTML-escaped and only then do the markers become <mark> — so a stored "<script>"
is shown as text.
"""

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import url_for
from markupsafe import Markup, escape
from sqlalchemy import Float, Integer, and_, bindparam, column, func, literal, or_, text, true, union_all
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from participation.accounts.permissions import is_staff
from participation.boards.models import AgendaItem, Board, Meeting
from participation.documents.models import Document
from participation.documents.permissions import visible_documents_condition
from participation.i18n import _l
from participation.ideas.models import Idea
from participation.ideas.queries import public_condition as public_idea_condition
from participation.measures.models import PUBLIC_MEASURE_STATUSES, Measure
from participation.news.models import NewsPost
from participation.news.queries import public_condition as public_news_condition
from participation.pagination import Page
from participation.papers.models import Paper, PaperStatus
from participation.representatives.queries import boards_with_seat
from participation.search.terms import fts5_query, search_words, stems, tsquery_text
from participation.volunteering.models import PROJECT_STATUS_LABELS, Project

MAX_QUERY_LENGTH = 200
MARK_START, MARK_END = "\ue000", "\ue001"  # private-use characters: no text a person writes contains them
_MARKED = re.compile(f"{MARK_START}(.*?){MARK_END}", re.DOTALL)
# Markdown's emphasis, code and heading marks, which a snippet would show as they are (a single * stays: Bürger*innen).
_MARKDOWN_MARKS = re.compile(r"\*\*|__|`+|(?<!\S)#{1,6}(?=\s)")
SNIPPET_TOKENS = 24
HEADLINE_OPTIONS = (f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, ShortWord=2, "
                    "MaxFragments=2, FragmentDelimiter=\" … \"")

# The kinds in the order the page shows them; the keys are the values of `?kind=`.
KINDS = {
    "ideas": _l("Ideas"),
    "measures": _l("Measures"),
    "papers": _l("Papers"),
    "meetings": _l("Meetings"),
    "agenda-items": _l("Agenda items"),
    "news": _l("News"),
    "documents": _l("Documents"),
    "projects": _l("Volunteer projects"),
}
# What one hit of each kind is called.
KIND_NAMES = {
    "ideas": _l("Idea"),
    "measures": _l("Measure"),
    "papers": _l("Paper"),
    "meetings": _l("Meeting"),
    "agenda-items": _l("Agenda item"),
    "news": _l("News post"),
    "documents": _l("Document"),
    "projects": _l("Volunteer project"),
}
MEASURE_STATUS_VALUES = tuple(status.value for status in PUBLIC_MEASURE_STATUSES)
# The volunteer list offers every status (planned and active by default, finished ones on request).
PROJECT_STATUS_VALUES = tuple(status.value for status in PROJECT_STATUS_LABELS)


class SearchFailed(Exception):
    """The database refused the query (it should not: only words reach it)."""


@dataclass(frozen=True)
class PgText:
    """A text on PostgreSQL: the rows it is in, the object's id there, the text (SQL) and which rows count."""

    rows: str
    object_id: str
    text: str
    condition: str = "true"


@dataclass(frozen=True)
class TextSource:
    """One searchable text of a kind, as migration 0020 indexes it."""

    fts_table: str  # SQLite: FTS5 table, rowid = the object's id; its last column is where snippets come from
    fts_weights: tuple[float, ...]  # bm25 weight of each column: a word in the title counts more
    pg_indexed: tuple[PgText, ...]  # PostgreSQL: the indexed texts, each exactly as its index expression
    pg_snippet: PgText  # the text snippets come from

    @property
    def fts_snippet_column(self) -> int:
        return len(self.fts_weights) - 1


def _simple_source(fts_table: str, table: str, indexed: str, snippet: str, weights=(5.0, 1.0)) -> TextSource:
    """A text all in the object's own row."""
    return TextSource(fts_table, weights, (PgText(table, f"{table}.id", indexed),),
                      PgText(table, f"{table}.id", snippet))


IDEA_TEXT = _simple_source("site_search_idea", "idea", "idea.title || ' ' || idea.body || ' ' || idea.official_answer",
                           "idea.body || ' ' || idea.official_answer")
MEASURE_TEXT = _simple_source("site_search_measure", "measure",
                              "measure.title || ' ' || measure.description || ' ' || measure.contribution",
                              "measure.description || ' ' || measure.contribution")
PAPER_TEXT = _simple_source(
    "site_search_paper", "paper",
    "paper.reference || ' ' || paper.title || ' ' || paper.text || ' ' || paper.contribution",
    "paper.text || ' ' || paper.contribution")
MEETING_TEXT = _simple_source("site_search_meeting", "meeting",
                              "meeting.name || ' ' || meeting.location || ' ' || meeting.cancel_reason",
                              "meeting.location || ' ' || meeting.cancel_reason")
AGENDA_TEXT = _simple_source("site_search_agenda_item", "agenda_item", "agenda_item.title || ' ' || agenda_item.text",
                             "agenda_item.text")
# Kept apart from the item: minutes are public only once the meeting's minutes are published.
MINUTES_TEXT = _simple_source("site_search_minutes", "agenda_item",
                              "agenda_item.minutes || ' ' || agenda_item.decision_text",
                              "agenda_item.minutes || ' ' || agenda_item.decision_text", weights=(1.0,))
NEWS_TEXT = _simple_source("site_search_news", "news_post",
                           "news_post.title || ' ' || news_post.teaser || ' ' || news_post.body",
                           "news_post.teaser || ' ' || news_post.body")
PROJECT_TEXT = _simple_source("site_search_project", "project", "project.title || ' ' || project.description",
                              "project.description")
# A document's file text is that of its current (highest-numbered) version, capped as in migration 0020.
CURRENT_FILE_TEXT = "left(current_version.extracted_text, 200000)"
IS_CURRENT_VERSION = ("current_version.number = (SELECT max(later.number) FROM document_version AS later"
                      " WHERE later.document_id = current_version.document_id)")
DOCUMENT_TEXT = TextSource(
    "site_search_document", (5.0, 1.0),
    (PgText("document", "document.id", "document.title || ' ' || document.description"),
     PgText("document_version AS current_version", "current_version.document_id", CURRENT_FILE_TEXT,
            IS_CURRENT_VERSION)),
    PgText(f"document LEFT JOIN document_version AS current_version ON current_version.document_id = document.id"
           f" AND {IS_CURRENT_VERSION}", "document.id",
           f"document.description || ' ' || coalesce({CURRENT_FILE_TEXT}, '')"))


@dataclass(frozen=True)
class Hit:
    kind: str
    id: int
    title: str
    url: str
    moment: date | datetime | None
    context: str | None  # what the hit belongs to: a meeting's board, an agenda item's meeting
    snippet: Markup


@dataclass(frozen=True)
class ResultGroup:
    kind: str
    label: str
    page: Page[Hit]


@dataclass(frozen=True)
class SearchResults:
    words: list[str]  # what was looked for; empty if the query had no words
    counts: dict[str, int] = field(default_factory=dict)  # visible hits per kind, every kind
    groups: list[ResultGroup] = field(default_factory=list)  # the asked-for kinds that have hits

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def highlighted(snippet: str) -> Markup:
    """The highlighter's output as safe HTML: everything escaped, then the markers turned into <mark>."""
    escaped = str(escape(" ".join(_MARKDOWN_MARKS.sub("", snippet).split())))
    marked = _MARKED.sub(r"<mark>\1</mark>", escaped)
    return Markup(marked.replace(MARK_START, "").replace(MARK_END, ""))


@dataclass(frozen=True)
class _Viewer:
    """Who searches, and when: what the visibility rules ask."""

    user: object
    now: datetime
    staff: bool
    seat_board_ids: frozenset[int]  # boards the user has a seat on today: their internals are open to the user

    @classmethod
    def of(cls, session: Session, user, now: datetime) -> "_Viewer":
        if is_staff(user):
            return cls(user, now, True, frozenset())
        if user.is_authenticated and user.is_active:
            return cls(user, now, False, frozenset(boards_with_seat(session, user.id, now.date())))
        return cls(user, now, False, frozenset())

    def sees_internals_of(self, board_id):
        """What participation.boards.permissions.may_see_internals says, as SQL on a board id column."""
        return true() if self.staff else col(board_id).in_(self.seat_board_ids)


class _Matcher:
    """The dialect's way to match, rank and cut snippets, for one search's words."""

    def __init__(self, session: Session, words: list[str]):
        self.session = session
        self.sqlite = session.get_bind().dialect.name == "sqlite"
        # SQLite: each word as its stem or as typed; PostgreSQL stems by itself.
        self.fts = fts5_query([[stem, word] for stem, word in zip(stems(words), words, strict=True)])
        self.tsquery = tsquery_text(words)

    def matches(self, source: TextSource):
        """A subquery of (id, rank) of the objects whose text matches; lower rank is better."""
        if self.sqlite:
            weights = ", ".join(str(weight) for weight in source.fts_weights)
            statement = text(f"SELECT rowid AS id, bm25({source.fts_table}, {weights}) AS rank "
                             f"FROM {source.fts_table} WHERE {source.fts_table} MATCH :fts").bindparams(fts=self.fts)
        else:
            # Each indexed text on its own, so each uses its index; an object found in several counts once.
            parts = " UNION ALL ".join(
                f"SELECT {part.object_id} AS id, -ts_rank(to_tsvector('german', {part.text}), "
                f"to_tsquery('german', :tsquery)) AS rank FROM {part.rows} "
                f"WHERE ({part.condition}) AND to_tsvector('german', {part.text}) @@ to_tsquery('german', :tsquery)"
                for part in source.pg_indexed)
            statement = text(f"SELECT id, min(rank) AS rank FROM ({parts}) AS found GROUP BY id"
                             ).bindparams(tsquery=self.tsquery)
        return statement.columns(column("id", Integer), column("rank", Float)).subquery(f"{source.fts_table}_match")

    def snippets(self, source: TextSource, ids: Collection[int]) -> dict[int, str]:
        """The marked snippet of each of these objects' text."""
        if not ids:
            return {}
        if self.sqlite:
            statement = text(
                f"SELECT rowid, snippet({source.fts_table}, {source.fts_snippet_column}, :start, :end, '…', "
                f"{SNIPPET_TOKENS}) FROM {source.fts_table} WHERE {source.fts_table} MATCH :fts AND rowid IN :ids"
            ).bindparams(bindparam("ids", expanding=True), fts=self.fts, start=MARK_START, end=MARK_END)
        else:
            snippet = source.pg_snippet
            statement = text(
                f"SELECT {snippet.object_id}, ts_headline('german', {snippet.text}, to_tsquery('german', :tsquery), "
                f":options) FROM {snippet.rows} WHERE {snippet.object_id} IN :ids"
            ).bindparams(bindparam("ids", expanding=True), tsquery=self.tsquery, options=HEADLINE_OPTIONS)
        return {object_id: snippet or "" for object_id, snippet in self.session.execute(statement, {"ids": list(ids)})}


@dataclass(frozen=True)
class _KindQuery:
    """The matching objects of one kind that the user may see: columns id, title, moment, context, rank."""

    query: object
    sources: tuple[TextSource, ...]  # where the snippet comes from, the first that highlights a word
    url: Callable[[object], str]
    # Which of `sources` a row's snippet may come from (by default all).
    allowed_sources: Callable[[object], tuple[TextSource, ...]] | None = None


def _listed_under(list_endpoint: str, object_id: int) -> str:
    """/news/<id>, /documents/<id>: an object's page below its list."""
    return f"{url_for(list_endpoint)}{object_id}"


def _ideas(matcher: _Matcher, viewer: _Viewer) -> _KindQuery:
    found = matcher.matches(IDEA_TEXT)
    query = (select(Idea.id, Idea.title, func.coalesce(Idea.published_at, Idea.created_at).label("moment"),
                    literal(None).label("context"), found.c.rank)
             .join(found, found.c.id == Idea.id).where(public_idea_condition()))
    return _KindQuery(query, (IDEA_TEXT,), lambda row: url_for("ideas.show", idea_id=row.id))


def _measures(matcher: _Matcher, viewer: _Viewer) -> _KindQuery:
    """What the measures' list shows: the public ones, and drafts to staff."""
    found = matcher.matches(MEASURE_TEXT)
    query = (select(Measure.id, Measure.title, col(Measure.updated_at).label("moment"),
                    literal(None).label("context"), found.c.rank)
             .join(found, found.c.id == Measure.id))
    if not viewer.staff:
        query = query.where(col(Measure.status).in_(MEASURE_STATUS_VALUES))
    return _KindQuery(query, (MEASURE_TEXT,), lambda row: url_for("measures.show", measure_id=row.id))


def _papers(matcher: _Matcher, viewer: _Viewer) -> _KindQuery:
    """Submitted papers; drafts only to staff, as participation.papers.permissions.may_view_paper says."""
    found = matcher.matches(PAPER_TEXT)
    query = (select(Paper.id, (Paper.reference + ": " + Paper.title).label("title"),
                    func.coalesce(Paper.submitted_at, Paper.created_at).label("moment"),
                    literal(None).label("context"), found.c.rank)
             .join(found, found.c.id == Paper.id))
    if not viewer.staff:
        query = query.where(Paper.status == PaperStatus.SUBMITTED.value)
    return _KindQuery(query, (PAPER_TEXT,), lambda row: url_for("papers.show", paper_id=row.id))


def _meetings(matcher: _Matcher, viewer: _Viewer) -> _KindQuery:
    """Public meetings; non-public ones to the board's members and staff (boards.permissions.may_view_meeting)."""
    found = matcher.matches(MEETING_TEXT)
    query = (select(Meeting.id, Meeting.name.label("title"), col(Meeting.starts_at).label("moment"),
                    col(Board.name).label("context"), found.c.rank)
             .join(found, found.c.id == Meeting.id).join(Board, Board.id == Meeting.board_id)
             .where(or_(col(Meeting.is_public), viewer.sees_internals_of(Meeting.board_id))))
    return _KindQuery(query, (MEETING_TEXT,), lambda row: url_for("boards.meeting", meeting_id=row.id))


def _agenda_items(matcher: _Matcher, viewer: _Viewer) -> _KindQuery:
    """Public items of public meetings, the rest to the board's members and staff; minutes count once published
    (or for those who see the drafts), as the meeting's page shows them."""
    in_item, in_minutes = matcher.matches(AGENDA_TEXT), matcher.matches(MINUTES_TEXT)
    internal = viewer.sees_internals_of(Meeting.board_id)
    minutes_open = or_(internal, col(Meeting.minutes_published_at).is_not(None))
    query = (select(AgendaItem.id, AgendaItem.title, col(Meeting.starts_at).label("moment"),
                    col(Meeting.name).label("context"), AgendaItem.meeting_id, minutes_open.label("minutes_open"),
                    func.coalesce(in_item.c.rank, in_minutes.c.rank).label("rank"))
             .select_from(AgendaItem).join(Meeting, Meeting.id == AgendaItem.meeting_id)
             .outerjoin(in_item, in_item.c.id == AgendaItem.id).outerjoin(in_minutes, in_minutes.c.id == AgendaItem.id)
             .where(or_(internal, and_(col(AgendaItem.is_public), col(Meeting.is_public))),
                    or_(in_item.c.id.is_not(None), and_(minutes_open, in_minutes.c.id.is_not(None)))))
    return _KindQuery(
        query, (AGENDA_TEXT, MINUTES_TEXT),
        lambda row: url_for("boards.meeting", meeting_id=row.meeting_id, _anchor=f"item-{row.id}"),
        allowed_sources=lambda row: (AGENDA_TEXT, MINUTES_TEXT) if row.minutes_open else (AGENDA_TEXT,))


def _news(matcher: _Matcher, viewer: _Viewer) -> _KindQuery:
    """Published posts only (no drafts, nothing scheduled for later), for everyone."""
    found = matcher.matches(NEWS_TEXT)
    query = (select(NewsPost.id, NewsPost.title, col(NewsPost.published_at).label("moment"),
                    literal(None).label("context"), found.c.rank)
             .join(found, found.c.id == NewsPost.id).where(public_news_condition(viewer.now)))
    return _KindQuery(query, (NEWS_TEXT,), lambda row: _listed_under("news.index", row.id))


def _documents(matcher: _Matcher, viewer: _Viewer) -> _KindQuery:
    found = matcher.matches(DOCUMENT_TEXT)
    query = (select(Document.id, Document.title, col(Document.document_date).label("moment"),
                    literal(None).label("context"), found.c.rank)
             .join(found, found.c.id == Document.id).where(visible_documents_condition(viewer.user, viewer.now.date())))
    return _KindQuery(query, (DOCUMENT_TEXT,), lambda row: _listed_under("documents.index", row.id))


def _projects(matcher: _Matcher, viewer: _Viewer) -> _KindQuery:
    found = matcher.matches(PROJECT_TEXT)
    query = (select(Project.id, Project.title, col(Project.updated_at).label("moment"),
                    literal(None).label("context"), found.c.rank)
             .join(found, found.c.id == Project.id).where(col(Project.status).in_(PROJECT_STATUS_VALUES)))
    return _KindQuery(query, (PROJECT_TEXT,), lambda row: url_for("volunteering.project", project_id=row.id))




_BUILDERS: dict[str, Callable[[_Matcher, _Viewer], _KindQuery]] = {
    "ideas": _ideas, "measures": _measures, "papers": _papers, "meetings": _meetings, "agenda-items": _agenda_items,
    "news": _news, "documents": _documents, "projects": _projects,
}


def search(session: Session, user, query_text: str, now: datetime, kinds: Collection[str] | None = None,
           limit_per_kind: int = 5, page: int = 1) -> SearchResults:
    """What `user` may see that matches every word of `query_text` (prefixes and inflected forms included),
    grouped by kind in the order of KINDS — only `kinds`, if given — best first, `limit_per_kind` hits per group
    (`page`: which of them). Counts come for every kind. `now` decides which news are out, and its date whose
    seats on a board count (pass it in the municipality's time zone).

    No query runs if the text holds no words. Raises SearchFailed if the database refuses the query."""
    words = search_words(query_text)
    if not words:
        return SearchResults(words=[])
    matcher = _Matcher(session, words)
    viewer = _Viewer.of(session, user, now)
    kind_queries = {kind: build(matcher, viewer) for kind, build in _BUILDERS.items()}
    try:
        counts = _counts(session, kind_queries)
        groups = [_group(matcher, kind, kind_queries[kind], counts[kind], limit_per_kind, page)
                  for kind in KINDS if counts[kind] and (kinds is None or kind in kinds)]
    except DBAPIError as error:
        raise SearchFailed(str(error.orig)) from error
    return SearchResults(words, counts, groups)


def _counts(session: Session, kind_queries: dict[str, _KindQuery]) -> dict[str, int]:
    """The number of visible hits of every kind, in one query."""
    statement = union_all(*(select(literal(kind).label("kind"), func.count().label("total"))
                            .select_from(kind_query.query.subquery())
                            for kind, kind_query in kind_queries.items()))
    counts = dict.fromkeys(kind_queries, 0)
    counts.update((kind, total) for kind, total in session.execute(statement))
    return counts


def _group(matcher: _Matcher, kind: str, kind_query: _KindQuery, total: int, per_page: int,
           page: int) -> ResultGroup:
    """One page of a kind's hits, best first, with their snippets (one more query per text source)."""
    number = min(max(page, 1), max(1, -(-total // per_page)))
    query = kind_query.query
    ordered = query.order_by(query.selected_columns.rank, query.selected_columns.id)
    rows = matcher.session.execute(ordered.limit(per_page).offset((number - 1) * per_page)).all()
    allowed = {row.id: kind_query.allowed_sources(row) if kind_query.allowed_sources else kind_query.sources
               for row in rows}
    snippets = {source: matcher.snippets(source, [row_id for row_id, sources in allowed.items() if source in sources])
                for source in kind_query.sources}
    hits = []
    for row in rows:
        candidates = [snippets[source].get(row.id, "") for source in allowed[row.id]]
        best = next((snippet for snippet in candidates if MARK_START in snippet), candidates[0])
        hits.append(Hit(kind, row.id, row.title, kind_query.url(row), row.moment, row.context, highlighted(best)))
    return ResultGroup(kind, str(KINDS[kind]), Page(items=hits, number=number, per_page=per_page, total=total))
