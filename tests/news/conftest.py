"""Helpers for the news tests: posts straight into the table, the staff's form data, images."""

import re
from datetime import timedelta

import pytest

from participation.accounts.models import Role
from participation.db import utcnow
from participation.news.models import NewsPost
from tests.comments.conftest import in_app, make_measure  # noqa: F401 - fixtures for the news tests
from tests.ideas.conftest import image_bytes, make_idea, structure  # noqa: F401 - fixtures for the news tests


@pytest.fixture
def staff(make_user):
    return make_user(Role.STAFF, name="Vera Verwaltung")


@pytest.fixture
def make_post(db, staff):
    """A post by the staff member, published a day ago unless told otherwise; committed."""

    def make(title="Das Portal ist online", *, published_at=None, **values):
        values.setdefault("is_draft", False)
        post = NewsPost(title=title, author_id=staff.id, published_at=published_at or utcnow() - timedelta(days=1),
                        **values)
        db.add(post)
        db.commit()
        return post

    return make


def post_form(**changes) -> dict:
    """What the staff's form sends for a published post (no image, no links, comments allowed)."""
    data = {"title": "Ortsteilspaziergang in Seedorf", "teaser": "Was wir gehört haben.",
            "body": "Die **wichtigsten** Anliegen:\n\n- Spielplatz\n- Mülleimer", "image_alt": "", "idea_id": "",
            "measure_id": "0", "meeting_id": "0", "project_id": "0", "publish_date": "2026-07-01",
            "publish_time": "10:00", "comments_allowed": "y"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def field_error(page: str, field_id: str) -> bool:
    """The field is marked invalid and carries its message."""
    control = re.search(rf'<(?:input|textarea|select)[^>]*\bid="{field_id}"[^>]*>', page)
    return bool(control and 'aria-invalid="true"' in control.group(0) and f'id="{field_id}-error"' in page)
