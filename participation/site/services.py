from sqlmodel import Session

from participation.audit.services import record
from participation.db import utcnow
from participation.site.models import SitePageText
from participation.site.queries import LEGAL_PAGES, edited_texts


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
