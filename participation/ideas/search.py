"""Full-text search over ideas, behind one function: SQLite FTS5 or PostgreSQL's German text search.

Both find inflected forms: PostgreSQL stems with its `german` configuration; for SQLite the index holds
words stemmed by the Snowball German stemmer, and queries are stemmed the same way. So "Spielplätze"
finds "Spielplatz" on either database.
"""

from sqlalchemy import bindparam, column, func, literal_column, select, table, text
from sqlmodel import Session

from participation.ideas.models import Idea
from participation.search.terms import fts5_query, stemmed_text, stems, tsquery_text, words_of


def remove_from_index(session: Session, idea: Idea) -> None:
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DELETE FROM idea_search WHERE rowid = :id"), {"id": idea.id})


def index_idea(session: Session, idea: Idea) -> None:
    """Keep the search index in step with the idea's text (PostgreSQL indexes by itself)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    remove_from_index(session, idea)
    session.execute(text("INSERT INTO idea_search (rowid, title, body) VALUES (:id, :title, :body)"),
                    {"id": idea.id, "title": stemmed_text(idea.title), "body": stemmed_text(idea.body)})


def matching_ideas(session: Session, query: str, any_word: bool = False):
    """A subquery of (idea_id, rank) for ideas matching every word of `query` (or, with `any_word`, any
    significant one), prefixes included; lower rank is better. None if the query has no usable words."""
    words = words_of(query, significant_only=any_word)
    if not words:
        return None
    if session.get_bind().dialect.name == "sqlite":
        # The index holds stems: each word's stem as a prefix.
        fts_query = fts5_query([[stem] for stem in stems(words)], any_word)
        search = table("idea_search", column("rowid"))
        return (
            select(search.c.rowid.label("idea_id"), literal_column("bm25(idea_search)").label("rank"))
            .select_from(search)
            .where(literal_column("idea_search").op("MATCH")(bindparam("fts_query", fts_query)))
            .subquery()
        )
    ts_query = tsquery_text(words, any_word)
    document = func.to_tsvector(literal_column("'german'"), Idea.title + " " + Idea.body)
    tsquery = func.to_tsquery(literal_column("'german'"), ts_query)
    return (
        select(Idea.id.label("idea_id"), (-func.ts_rank(document, tsquery)).label("rank"))
        .where(document.op("@@")(tsquery))
        .subquery()
    )
