"""Atom feeds of what is public: new ideas (filterable by district and action area), status changes of ideas,
quarterly reviews of measures, news and board meetings. The list pages they mirror link them."""

from datetime import timedelta

from flask import Blueprint, Response, current_app, request, url_for
from flask_babel import get_locale
from markupsafe import Markup

from participation.boards.models import MeetingState
from participation.calendars import calendar_host
from participation.db import get_session, utcnow
from participation.feeds import queries
from participation.feeds.atom import ATOM_CONTENT_TYPE, Feed, FeedEntry, render_atom, tag_uri
from participation.i18n import _
from participation.ideas.models import IdeaStatus
from participation.measures.models import TrafficLight
from participation.municipality.models import ActionArea, District
from participation.templating import format_moment
from participation.text import render_markdown

blueprint = Blueprint("feeds", __name__, url_prefix="/feeds")

# Meetings from this long ago on: what a calendar subscription lists too.
MEETING_HISTORY = timedelta(days=365)
FEED_TAG_DAY = "2026-01-01"  # the day in the feeds' own tag URIs; never change it, readers know feeds by their id


def _site() -> str:
    return current_app.config["SITE_NAME"]


def _feed_id(specific: str) -> str:
    # calendar_host(): the host of PUBLIC_URL, not the request's, so ids stay the same behind any proxy.
    return f"tag:{calendar_host()},{FEED_TAG_DAY}:feeds/{specific}"


def _respond(feed_name: str, title: str, alternate_url: str, entries: list[FeedEntry]) -> Response:
    """The feed as Atom, with Last-Modified from its newest entry (a reader that has it gets 304)."""
    now = utcnow()
    feed = Feed(id=_feed_id(feed_name), title=f"{title} – {_site()}", self_url=request.url,
                alternate_url=alternate_url, author=_site(), language=str(get_locale()), entries=entries)
    response = Response(render_atom(feed, now), content_type=ATOM_CONTENT_TYPE)
    response.last_modified = feed.updated(now)
    return response.make_conditional(request)


class UnknownFilter(Exception):
    """A filter value names nothing that exists; the message says which parameter."""


@blueprint.errorhandler(UnknownFilter)
def unknown_filter(error: UnknownFilter):
    return Response(str(error), status=400, mimetype="text/plain")


def _filter_row(name: str, model, message: str):
    """The row whose id the query parameter `name` gives; None without one. Raises UnknownFilter(message) for a
    value that is no id of a `model` row ("abc", "-1", "99999")."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    row = get_session().get(model, int(value)) if value.isascii() and value.isdigit() and len(value) < 10 else None
    if row is None:
        raise UnknownFilter(message)
    return row


@blueprint.route("/ideas.atom")
def ideas():
    """New public ideas; ?district=<id> and ?area=<action area id> narrow them as the idea list's filters do."""
    district = _filter_row("district", District, _("There is no district with the number given in “district”."))
    area = _filter_row("area", ActionArea, _("There is no action area with the number given in “area”."))
    cards = queries.new_ideas(get_session(), district.id if district else None, area.id if area else None)
    entries = [FeedEntry(
        id=tag_uri(calendar_host(), card.idea.created_at.date(), f"ideas/{card.idea.id}"), title=card.idea.title,
        link=url_for("ideas.show", idea_id=card.idea.id, _external=True), updated=card.idea.created_at,
        published=card.idea.created_at, author=card.author_name or _site(), html=render_markdown(card.idea.body),
        categories=[name for name in [card.district_name, *card.action_areas] if name],
    ) for card in cards]
    narrowed_to = [name for name in (district and district.name, area and area.title) if name]
    title = _("New ideas") + (f" ({', '.join(narrowed_to)})" if narrowed_to else "")
    # The idea list's own names for the same filters.
    filters = {key: row.id for key, row in (("district", district), ("action_area", area)) if row}
    specific = "ideas" + "".join(f"/{key}/{value}" for key, value in filters.items())
    return _respond(specific, title, url_for("ideas.index", _external=True, **filters), entries)


@blueprint.route("/idea-status.atom")
def idea_status():
    """Every step on the public ideas' timelines: published, answered, put on an agenda, implemented…"""
    rows = queries.idea_status_changes(get_session())
    entries = []
    for row in rows:
        change = row.change
        label = IdeaStatus(change.to_status).label
        entries.append(FeedEntry(
            id=tag_uri(calendar_host(), change.created_at.date(), f"idea-status-changes/{change.id}"),
            title=f"{row.idea_title}: {label}",
            link=url_for("ideas.show", idea_id=change.idea_id, _anchor="timeline-title", _external=True),
            updated=change.created_at, author=change.actor_name or _site(),
            summary=_("New status: %(status)s", status=label),
            html=render_markdown(change.reason) if change.reason else "",
        ))
    return _respond("idea-status", _("What became of the ideas"), url_for("ideas.index", _external=True), entries)


def _review_html(row: queries.ReviewEntry) -> str:
    """The review's texts (plain text, as the measure's page shows them), escaped into HTML."""
    review = row.review
    parts = [(_("What was done"), review.done), (_("Next steps"), review.next_steps),
             (_("Deviations from the plan"), review.deviations)]
    return "".join(Markup("<h4>{}</h4><p>{}</p>").format(heading, text) for heading, text in parts if text)


@blueprint.route("/measures.atom")
def measures():
    """The progress of the public measures: each new (or corrected) quarterly review."""
    entries = []
    for row in queries.quarterly_reviews(get_session()):
        review = row.review
        light = TrafficLight(review.traffic_light).label
        entries.append(FeedEntry(
            id=tag_uri(calendar_host(), review.created_at.date(), f"quarterly-reviews/{review.id}"),
            title=_("%(measure)s: review %(period)s, %(percent)d %% done, %(light)s", measure=row.measure.title,
                    period=review.period, percent=review.progress, light=light),
            link=url_for("measures.show", measure_id=row.measure.id, _anchor=f"review-{review.period}",
                         _external=True),
            updated=review.updated_at, published=review.created_at, author=row.unit_name,
            html=_review_html(row),
        ))
    return _respond("measures", _("Progress of the measures"), url_for("measures.index", _external=True), entries)


@blueprint.route("/news.atom")
def news():
    entries = []
    for row in queries.news_posts(get_session(), utcnow()):
        post = row.post
        entries.append(FeedEntry(
            id=tag_uri(calendar_host(), post.created_at.date(), f"news/{post.id}"), title=post.title,
            link=url_for("news.show", post_id=post.id, _external=True),
            updated=max(post.published_at, post.updated_at), published=post.published_at,
            author=row.author_name or _site(), summary=post.teaser, html=render_markdown(post.body),
        ))
    return _respond("news", _("News"), url_for("news.index", _external=True), entries)


def _meeting_html(meeting) -> str:
    facts = [(_("When"), format_moment(meeting.starts_at)), (_("Where"), meeting.location),
             (_("Status"), meeting.state_enum.label), (_("Reason for the cancellation"), meeting.cancel_reason)]
    return "".join(Markup("<p><strong>{}:</strong> {}</p>").format(name, value) for name, value in facts if value)


@blueprint.route("/meetings.atom")
def meetings():
    """The public board meetings, newly planned or changed (moved, cancelled, minutes published) first."""
    entries = []
    for meeting, board in queries.changed_meetings(get_session(), utcnow() - MEETING_HISTORY):
        title = _("%(board)s: %(meeting)s on %(date)s", board=board.name, meeting=meeting.name,
                  date=format_moment(meeting.starts_at))
        if meeting.state_enum == MeetingState.CANCELLED:
            title = _("Cancelled: %(meeting)s", meeting=title)
        entries.append(FeedEntry(
            id=tag_uri(calendar_host(), meeting.created_at.date(), f"meetings/{meeting.id}"), title=title,
            link=url_for("boards.meeting", meeting_id=meeting.id, _external=True),
            updated=meeting.updated_at, published=meeting.created_at, author=board.name,
            html=_meeting_html(meeting),
        ))
    return _respond("meetings", _("Board meetings"), url_for("boards.index", _external=True), entries)
