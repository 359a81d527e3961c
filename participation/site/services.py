"""Writing the site's own content: the legal pages' texts and the barriers readers report (§12b BGG)."""

from dataclasses import dataclass

from sqlmodel import Session

from participation.accounts.models import Role, User
from participation.accounts.queries import users_with_role
from participation.audit.services import record
from participation.db import utcnow
from participation.notifications.kinds import NotificationKind
from participation.notifications.services import notify
from participation.security import is_safe_redirect
from participation.site.models import AccessibilityFeedback, SitePageText
from participation.site.queries import LEGAL_PAGES, edited_texts

FEEDBACK_MESSAGE_MAX_LENGTH = 5000
FEEDBACK_NAME_MAX_LENGTH = 120
FEEDBACK_EMAIL_MAX_LENGTH = 254
FEEDBACK_PAGE_URL_MAX_LENGTH = 500
ANSWER_NOTE_MAX_LENGTH = 5000


def save_page_texts(session: Session, actor, slug: str, texts: dict[str, str]) -> None:
    """Store the page's text per language; an empty text falls back to German. Audited.

    Raises ValueError for a page that is not one of LEGAL_PAGES.
    """
    if slug not in LEGAL_PAGES:
        raise ValueError(f"unknown page {slug}")
    before = edited_texts(session, slug)
    for locale, body in texts.items():
        row = session.get(SitePageText, (slug, locale))
        body = (body or "").strip()
        if not body:
            if row is not None:
                session.delete(row)
            continue
        if row is None:
            row = SitePageText(slug=slug, locale=locale, body=body)
        row.body, row.updated_at, row.updated_by_id = body, utcnow(), actor.id
        session.add(row)
    session.flush()
    after = edited_texts(session, slug)
    if before != after:
        record(session, actor, "site_page.updated", object_type="site_page", object_id=slug, object_label=slug,
               before=before, after=after)


def reported_page(value: str | None) -> str:
    """The page a report is about, from the form's `?from=`: a path on this site, else "" (never another host)."""
    if value and len(value) <= FEEDBACK_PAGE_URL_MAX_LENGTH and is_safe_redirect(value):
        return value
    return ""


@dataclass(frozen=True)
class FeedbackDraft:
    message: str
    name: str = ""
    email: str = ""
    page_url: str = ""  # from reported_page()


def report_barrier(session: Session, author: User | None, draft: FeedbackDraft) -> AccessibilityFeedback:
    """Store a reported barrier (visitors too: `author` is None) and tell every administrator."""
    feedback = AccessibilityFeedback(
        message=draft.message.strip(), name=draft.name.strip(), email=draft.email.strip(),
        page_url=reported_page(draft.page_url), user_id=author.id if author else None,
        created_at=utcnow())
    session.add(feedback)
    session.flush()
    # The link leads to the admin's page of the report: the message and any contact data stay out of mails.
    notify(session, users_with_role(session, Role.ADMIN), NotificationKind.ACCESSIBILITY_FEEDBACK,
           f"/admin/feedback/{feedback.id}", {"page_url": feedback.page_url or None}, actor=author)
    return feedback


def handle_feedback(session: Session, admin: User, feedback: AccessibilityFeedback, note: str) -> None:
    """Mark a report as handled with what was done; a later call changes the note and keeps the first handling's
    time and person. Audited (without the reporter's message or contact data)."""
    before = {"handled": feedback.handled_at is not None, "answer_note": feedback.answer_note}
    if feedback.handled_at is None:
        feedback.handled_at, feedback.handled_by_id = utcnow(), admin.id
    feedback.answer_note = note.strip()
    session.add(feedback)
    session.flush()
    record(session, admin, "accessibility_feedback.handled", object_type="accessibility_feedback",
           object_id=feedback.id, object_label=feedback.page_url, before=before,
           after={"handled": True, "answer_note": feedback.answer_note})
