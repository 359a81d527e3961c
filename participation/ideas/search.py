"""Full-text search over ideas, behind one function: SQLite FTS5 or PostgreSQL's German text search.

Both find inflected forms: PostgreSQL stems with its `german` configuration; for SQLite the index holds
words stemmed by the Snowball German stemmer, and queries are stemmed the same way. So "Spielplätze"
finds "Spielplatz" on either database.
"""

import re

import snowballstemmer
from sqlalchemy import bindparam, column, func, literal_column, select, table, text
from sqlmodel import Session

from participation.ideas.models import Idea

_WORD = re.compile(r"\w+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("german")
MAX_QUERY_WORDS = 12
# Words too common to tell ideas apart; left out when any word may match (similar titles).
STOP_WORDS = frozenset("""
    aber alle als also am an auch auf aus bei bis das dass dem den der des die doch ein eine einem einen einer
    eines es für gibt hat im in ist kann mehr mit nach nicht noch nur oder sich sie sind so über um und uns
    unter vom von vor wie wir wird zu zum zur the and for with of to in on a an is are
""".split())


def words_of(text_: str, significant_only: bool = False) -> list[str]:
    words = _WORD.findall(text_.lower())
    if significant_only:
        words = [word for word in words if len(word) > 2 and word not in STOP_WORDS]
    return words[:MAX_QUERY_WORDS]


def _stemmed(text_: str) -> str:
    return " ".join(_stemmer.stemWords(_WORD.findall(text_.lower())))


def remove_from_index(session: Session, idea: Idea) -> None:
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DELETE FROM idea_search WHERE rowid = :id"), {"id": idea.id})


def index_idea(session: Session, idea: Idea) -> None:
    """Keep the search index in step with the idea's text (PostgreSQL indexes by itself)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    remove_from_index(session, idea)
    session.execute(text("INSERT INTO idea_search (rowid, title, body) VALUES (:id, :title, :body)"),
                    {"id": idea.id, "title": _stemmed(idea.title), "body": _stemmed(idea.body)})


def matching_ideas(session: Session, query: str, any_word: bool = False):
    """A subquery of (idea_id, rank) for ideas matching every word of `query` (or, with `any_word`, any
    significant one), prefixes included; lower rank is better. None if the query has no usable words."""
    words = words_of(query, significant_only=any_word)
    if not words:
        return None
    if session.get_bind().dialect.name == "sqlite":
        # Quoted stems with a prefix star: no FTS5 syntax can be injected through the words.
        fts_query = (" OR " if any_word else " AND ").join(f'"{stem}"*' for stem in _stemmer.stemWords(words))
        search = table("idea_search", column("rowid"))
        return (
            select(search.c.rowid.label("idea_id"), literal_column("bm25(idea_search)").label("rank"))
            .select_from(search)
            .where(literal_column("idea_search").op("MATCH")(bindparam("fts_query", fts_query)))
            .subquery()
        )
    # Letters and digits only, each as a prefix; to_tsquery stems them with the German dictionary.
    ts_query = (" | " if any_word else " & ").join(f"{word}:*" for word in words)
    document = func.to_tsvector(literal_column("'german'"), Idea.title + " " + Idea.body)
    tsquery = func.to_tsquery(literal_column("'german'"), ts_query)
    return (
        select(Idea.id.label("idea_id"), (-func.ts_rank(document, tsquery)).label("rank"))
        .where(document.op("@@")(tsquery))
        .subquery()
    )
