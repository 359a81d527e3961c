"""Atom (RFC 4287) documents built with feedgen, which escapes every text it writes: a title such as
"<script>" arrives in a feed reader as text, and HTML content (already sanitised by participation.text) is sent
escaped as `type="html"`.

Kept free of request handling and of any area's models: the routes turn objects into `FeedEntry`s.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from feedgen.feed import FeedGenerator

ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8"
GENERATOR = "Beteiligungsportal"


def tag_uri(host: str, day: date, specific: str) -> str:
    """A tag URI (RFC 4151) as an entry's permanent id: `tag:beteiligung.example,2026-03-01:ideas/7`; `day` is
    any day the portal was at `host`, such as the object's creation."""
    return f"tag:{host},{day.isoformat()}:{specific}"


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    link: str  # the page the entry is about
    updated: datetime
    author: str
    published: datetime | None = None
    summary: str = ""  # plain text
    html: str = ""  # sanitised HTML
    categories: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    self_url: str
    alternate_url: str  # the page the feed mirrors
    author: str
    language: str
    entries: list[FeedEntry]  # newest first

    def updated(self, now: datetime) -> datetime:
        """The newest entry's time, or `now` for a feed without entries."""
        return max((entry.updated for entry in self.entries), default=now)


def render_atom(feed: Feed, now: datetime) -> bytes:
    generator = FeedGenerator()
    generator.id(feed.id)
    generator.title(feed.title)
    generator.updated(feed.updated(now))
    generator.author({"name": feed.author})
    generator.link(href=feed.self_url, rel="self", type="application/atom+xml")
    generator.link(href=feed.alternate_url, rel="alternate", type="text/html")
    generator.language(feed.language)
    generator.generator(GENERATOR)
    for item in feed.entries:
        entry = generator.add_entry(order="append")
        entry.id(item.id)
        entry.title(item.title)
        entry.link(href=item.link, rel="alternate", type="text/html")
        entry.updated(item.updated)
        if item.published:
            entry.published(item.published)
        entry.author({"name": item.author})
        if item.summary:
            entry.summary(item.summary)
        if item.html:
            entry.content(item.html, type="html")
        for category in item.categories:
            entry.category(term=category)
    return generator.atom_str(pretty=True)
