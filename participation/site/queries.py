from flask import render_template
from sqlmodel import Session, select

from participation.i18n import _l
from participation.site.models import SitePageText

LEGAL_PAGES = ("imprint", "privacy", "accessibility")
LEGAL_PAGE_TITLES = {
    "imprint": _l("Imprint"),
    "privacy": _l("Privacy notice"),
    "accessibility": _l("Accessibility statement"),
}


def edited_texts(session: Session, slug: str) -> dict[str, str]:
    """The admin's texts of a page by language, e.g. {"de": "...", "en": "..."}."""
    rows = session.exec(select(SitePageText).where(SitePageText.slug == slug))
    return {row.locale: row.body for row in rows}


def default_page_text(slug: str, locale: str) -> str:
    """The shipped text, to be completed by the municipality (it names what must be filled in)."""
    return render_template(f"site/defaults/{slug}.{locale}.md")
