from datetime import timedelta

from participation.accounts.models import Role
from participation.audit.services import record
from participation.db import utcnow


def table_of(page: str) -> str:
    return page.split("<tbody>")[1].split("</tbody>")[0]


def test_audit_log_lists_and_filters_entries(sign_in_as, browser, db):
    admin = sign_in_as(Role.ADMIN)
    record(db, admin, "user.roles_changed", object_type="user", object_id=7, object_label="Erika",
           before={"roles": ["resident"]}, after={"roles": ["moderator", "resident"]}, reason="Moderation")
    record(db, None, "site_page.updated", object_type="site_page", object_id="imprint")
    db.commit()

    page = table_of(browser.get("/admin/audit").get_data(as_text=True))
    assert "user.roles_changed" in page and "site_page.updated" in page and "Moderation" in page

    page = browser.get("/admin/audit?object_type=user").get_data(as_text=True)
    assert "user.roles_changed" in page and "site_page.updated" not in table_of(page)

    page = browser.get(f"/admin/audit?actor={admin.display_name[:6]}").get_data(as_text=True)
    assert "user.roles_changed" in table_of(page) and "imprint" not in table_of(page)

    tomorrow = (utcnow() + timedelta(days=2)).date().isoformat()
    page = browser.get(f"/admin/audit?since={tomorrow}").get_data(as_text=True)
    assert "<code>" not in table_of(page)


def test_bad_date_filter_is_explained(sign_in_as, browser):
    sign_in_as(Role.ADMIN)
    response = browser.get("/admin/audit?since=gestern")
    assert response.status_code == 400
    assert 'id="since-error"' in response.get_data(as_text=True)
