"""Turning what a person typed into a full-text query that cannot break: words only, never the database's syntax.

Shared by the ideas' own search (participation.ideas.search) and the site-wide search (participation.search.queries).
Whatever the input — quotes, stars, brackets, NEAR, AND/OR — only runs of letters and digits survive, each quoted
(SQLite FTS5) or reduced to a bare lexeme (PostgreSQL `to_tsquery`), so no operator can be injected.
"""

import re
from collections.abc import Iterable, Sequence

import snowballstemmer

# Letters and digits; the underscore, which \w also matches, splits words as the databases' tokenizers do.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("german")
MAX_QUERY_WORDS = 12
# Words too common to tell texts apart (PostgreSQL's german configuration drops them from queries by itself).
STOP_WORDS = frozenset("""
    aber alle als also am an auch auf aus bei bis das dass dem den der des die doch ein eine einem einen einer
    eines es für gibt hat im in ist kann mehr mit nach nicht noch nur oder sich sie sind so über um und uns
    unter vom von vor wie wir wird zu zum zur the and for with of to in on a an is are
""".split())

# Typed in capitals, these are meant as search syntax, which the search does not offer: every word must match.
OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


def words_of(text: str, significant_only: bool = False) -> list[str]:
    """The first words of `text`, lower-cased; `significant_only` leaves out stop words and words of two letters."""
    words = _WORD.findall(text.lower())
    if significant_only:
        words = [word for word in words if len(word) > 2 and word not in STOP_WORDS]
    return words[:MAX_QUERY_WORDS]


def search_words(text: str) -> list[str]:
    """The words to look for: query operators typed in capitals (AND, NEAR …) and stop words left out — stop words
    only if something else remains ("Und" alone still searches)."""
    words = [word.lower() for word in _WORD.findall(text) if word not in OPERATORS]
    return ([word for word in words if word not in STOP_WORDS] or words)[:MAX_QUERY_WORDS]


def stems(words: Iterable[str]) -> list[str]:
    """The Snowball German stems ("spielplätze" → "spielplatz")."""
    return _stemmer.stemWords(list(words))


def stemmed_text(text: str) -> str:
    return " ".join(stems(_WORD.findall(text.lower())))


def fts5_query(word_forms: Sequence[Sequence[str]], any_word: bool = False) -> str:
    """An FTS5 query: for each word, any of its forms as a prefix; all words must match (or, with `any_word`,
    one). The forms are runs of letters and digits, so quoting them leaves no FTS5 syntax in them."""
    alternatives = []
    for forms in word_forms:
        distinct = list(dict.fromkeys(forms))
        prefixes = " OR ".join(f'"{form}"*' for form in distinct)
        alternatives.append(f"({prefixes})" if len(distinct) > 1 else prefixes)
    return (" OR " if any_word else " AND ").join(alternatives)


def tsquery_text(words: Sequence[str], any_word: bool = False) -> str:
    """Input for PostgreSQL's `to_tsquery('german', …)`: each word as a prefix, which it stems itself."""
    return (" | " if any_word else " & ").join(f"{word}:*" for word in words)
