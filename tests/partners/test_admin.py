"""Administrators maintain partner organisations: create and edit with a logo, members by e-mail address (who
become partner coordinators), delete only without projects. Bad input is refused at its field with nothing
written; every change is audited; nobody else gets in."""

import io

import pytest
from sqlmodel import func, select

from participation.accounts.models import Role, User
from participation.audit.models import AuditEntry
from participation.partners import routes
from participation.volunteering.models import PartnerMember, PartnerOrganisation, Project
from tests.conftest import csrf_token_from
from tests.partners.conftest import partner_actions, png_bytes

NON_ADMIN_ROLES = [Role.RESIDENT, Role.STAFF, Role.MODERATOR, Role.PARTNER_COORDINATOR]
ADMIN_GET_PATHS = ["/admin/partners/", "/admin/partners/new", "/admin/partners/{id}/edit",
                   "/admin/partners/{id}/members", "/admin/partners/{id}/delete"]
ADMIN_POST_PATHS = ["/admin/partners/new", "/admin/partners/{id}/edit", "/admin/partners/{id}/members",
                    "/admin/partners/{id}/delete", "/admin/partners/{id}/members/{user_id}/remove"]


def fields(**changes) -> dict:
    values = {"name": "NABU Ortsgruppe Beispielstadt", "kind": "Umweltverband",
              "description": "Wir pflegen **Streuobstwiesen**.", "contact": "Nils Naturschutz",
              "website": "https://nabu-beispielstadt.example"}
    values.update(changes)
    return values


def upload(data: bytes, name="logo.png"):
    return io.BytesIO(data), name


def partner_count(db) -> int:
    return db.exec(select(func.count()).select_from(PartnerOrganisation)).one()


def stored_files(upload_dir) -> list[str]:
    return sorted(path.name for path in upload_dir.glob("*")) if upload_dir.exists() else []


def field_error(page: str, field_id: str) -> bool:
    return f'id="{field_id}-error"' in page and f'id="{field_id}" ' in page and 'aria-invalid="true"' in page


# --- who gets in ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ADMIN_GET_PATHS)
def test_visitors_are_asked_to_sign_in(client, make_partner, path):
    partner = make_partner()
    response = client.get(path.format(id=partner.id))
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login?next=")


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_only_admins_get_in(sign_in_as, browser, db, make_partner, make_user, role):
    partner = make_partner()
    member = make_user(Role.PARTNER_COORDINATOR)
    db.add(PartnerMember(partner_id=partner.id, user_id=member.id))
    db.commit()
    sign_in_as(role)
    for path in ADMIN_GET_PATHS:
        assert browser.get(path.format(id=partner.id)).status_code == 403, path
    token = csrf_token_from(browser.get("/account/password").get_data(as_text=True))
    for path in ADMIN_POST_PATHS:
        response = browser.client.post(path.format(id=partner.id, user_id=member.id),
                                       data={**fields(name="Übernommen"), "email": member.email, "csrf_token": token})
        assert response.status_code == 403, path
    assert [p.name for p in db.exec(select(PartnerOrganisation))] == ["NABU Ortsgruppe Beispielstadt"]
    assert db.get(PartnerMember, (partner.id, member.id)) is not None
    assert partner_actions(db) == []


def test_the_dashboard_links_to_the_partners(sign_in_as, browser):
    sign_in_as(Role.ADMIN)
    assert 'href="/admin/partners/"' in browser.get("/admin/").get_data(as_text=True)


def test_a_post_without_csrf_token_is_refused(sign_in_as, browser, db):
    sign_in_as(Role.ADMIN)
    response = browser.client.post("/admin/partners/new", data=fields())
    assert response.status_code == 400
    assert partner_count(db) == 0


# --- create and edit ------------------------------------------------------------------------------------------

def test_admin_creates_an_organisation_with_a_logo(sign_in_as, browser, db, upload_dir):
    admin = sign_in_as(Role.ADMIN)
    response = browser.submit("/admin/partners/new", {**fields(name="  NABU Ortsgruppe Beispielstadt "),
                                                      "logo": upload(png_bytes())})
    assert response.status_code == 302, response.get_data(as_text=True)
    partner = db.exec(select(PartnerOrganisation)).one()
    assert response.headers["Location"] == f"/admin/partners/#partner-{partner.id}"
    assert (partner.name, partner.kind, partner.website) == (
        "NABU Ortsgruppe Beispielstadt", "Umweltverband", "https://nabu-beispielstadt.example")
    assert partner.logo_content_type == "image/png" and stored_files(upload_dir) == [partner.logo_name]
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "partner.created")).one()
    assert (entry.actor_id, entry.object_id, entry.after["name"], entry.after["logo"]) == (
        admin.id, str(partner.id), partner.name, True)
    listing = browser.get("/admin/partners/").get_data(as_text=True)
    assert "NABU Ortsgruppe Beispielstadt" in listing and f'href="/admin/partners/{partner.id}/members"' in listing
    assert browser.get(f"/partners/{partner.id}/logo").mimetype == "image/png"


def test_admin_edits_replaces_and_removes_the_logo(sign_in_as, browser, db, make_partner, upload_dir):
    partner = make_partner(logo=True, kind="Verein")
    first_logo = partner.logo_name
    sign_in_as(Role.ADMIN)
    form_page = browser.get(f"/admin/partners/{partner.id}/edit").get_data(as_text=True)
    assert 'value="NABU Ortsgruppe Beispielstadt"' in form_page and 'name="remove_logo"' in form_page
    response = browser.submit(f"/admin/partners/{partner.id}/edit",
                              {**fields(kind="Umweltverband"), "logo": upload(png_bytes(colour=(200, 0, 0)))})
    assert response.status_code == 302
    db.refresh(partner)
    assert partner.kind == "Umweltverband" and partner.logo_name != first_logo
    assert stored_files(upload_dir) == [partner.logo_name]  # the replaced file is gone

    response = browser.submit(f"/admin/partners/{partner.id}/edit", {**fields(), "remove_logo": "y"})
    assert response.status_code == 302
    db.refresh(partner)
    assert partner.logo_name is None and partner.logo_content_type is None
    assert stored_files(upload_dir) == []
    assert 'name="remove_logo"' not in browser.get(f"/admin/partners/{partner.id}/edit").get_data(as_text=True)
    assert partner_actions(db) == ["partner.updated", "partner.updated"]
    last = db.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (last.before["logo"], last.after["logo"]) == (True, False)


def test_a_name_in_use_is_refused_at_the_field(sign_in_as, browser, db, make_partner, upload_dir):
    make_partner()
    sign_in_as(Role.ADMIN)
    response = browser.submit("/admin/partners/new", {**fields(name="nabu ortsgruppe BEISPIELSTADT"),
                                                      "logo": upload(png_bytes())})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_error(page, "name") and "error-summary" in page
    assert partner_count(db) == 1 and partner_actions(db) == []
    assert stored_files(upload_dir) == []  # the logo stored for the refused save is removed again


def test_renaming_to_a_name_in_use_is_refused(sign_in_as, browser, db, make_partner):
    make_partner()
    other = make_partner("Sozialverbund Beispielstadt")
    sign_in_as(Role.ADMIN)
    response = browser.submit(f"/admin/partners/{other.id}/edit", fields(name="NABU Ortsgruppe Beispielstadt"))
    assert response.status_code == 422 and field_error(response.get_data(as_text=True), "name")
    db.refresh(other)
    assert other.name == "Sozialverbund Beispielstadt"
    # Keeping its own name is no clash.
    assert browser.submit(f"/admin/partners/{other.id}/edit",
                          fields(name="Sozialverbund Beispielstadt")).status_code == 302


@pytest.mark.parametrize("website", ["javascript:alert(1)", "ftp://files.example.org", "www.example.org",
                                     "https://", "https://exa mple.org", "data:text/html,hi"])
def test_a_website_that_is_no_web_address_is_refused(sign_in_as, browser, db, website):
    sign_in_as(Role.ADMIN)
    response = browser.submit("/admin/partners/new", fields(website=website))
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "website")
    assert partner_count(db) == 0


def test_a_file_that_is_no_image_is_refused(sign_in_as, browser, db, upload_dir):
    sign_in_as(Role.ADMIN)
    response = browser.submit("/admin/partners/new?lang=en",
                              {**fields(), "logo": upload(b"<svg onload='alert(1)'></svg>", "logo.svg")})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_error(page, "logo") and "JPEG, PNG or WebP" in page
    assert partner_count(db) == 0 and stored_files(upload_dir) == []


def test_a_logo_too_large_is_refused(sign_in_as, browser, db, upload_dir, monkeypatch):
    monkeypatch.setattr(routes, "LOGO_MAX_BYTES", 100)
    sign_in_as(Role.ADMIN)
    response = browser.submit("/admin/partners/new", {**fields(), "logo": upload(png_bytes(size=(300, 300)))})
    assert response.status_code == 422 and field_error(response.get_data(as_text=True), "logo")
    assert partner_count(db) == 0 and stored_files(upload_dir) == []


def test_a_name_is_required(sign_in_as, browser, db):
    sign_in_as(Role.ADMIN)
    response = browser.submit("/admin/partners/new", fields(name="   "))
    assert response.status_code == 422 and field_error(response.get_data(as_text=True), "name")
    assert partner_count(db) == 0


# --- members --------------------------------------------------------------------------------------------------

def test_adding_a_member_makes_them_a_partner_coordinator(sign_in_as, browser, db, make_partner, make_user):
    partner = make_partner()
    resident = make_user(email_address="nils@example.org", name="Nils Naturschutz")
    admin = sign_in_as(Role.ADMIN)
    response = browser.submit(f"/admin/partners/{partner.id}/members", {"email": "Nils@Example.org"})
    assert response.status_code == 302
    assert db.get(PartnerMember, (partner.id, resident.id)) is not None
    assert Role.PARTNER_COORDINATOR in db.get(User, resident.id).roles
    role_change = db.exec(select(AuditEntry).where(AuditEntry.action == "user.roles_changed")).one()
    assert role_change.actor_id == admin.id and role_change.object_id == str(resident.id)
    assert "partner_coordinator" in role_change.after["roles"] and "NABU" in role_change.reason
    added = db.exec(select(AuditEntry).where(AuditEntry.action == "partner.member_added")).one()
    assert added.object_id == str(partner.id) and added.after["user_id"] == resident.id
    page = browser.get(f"/admin/partners/{partner.id}/members").get_data(as_text=True)
    assert "Nils Naturschutz" in page and "nils@example.org" in page


def test_a_coordinator_already_keeps_their_roles(sign_in_as, browser, db, make_partner, make_user):
    partner = make_partner()
    coordinator = make_user(Role.PARTNER_COORDINATOR, Role.STAFF)
    sign_in_as(Role.ADMIN)
    assert browser.submit(f"/admin/partners/{partner.id}/members", {"email": coordinator.email}).status_code == 302
    assert db.get(User, coordinator.id).roles == {Role.RESIDENT, Role.PARTNER_COORDINATOR, Role.STAFF}
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "user.roles_changed")).first() is None
    assert partner_actions(db) == ["partner.member_added"]


@pytest.mark.parametrize("email", ["niemand@example.org", "kein-e-mail"])
def test_an_unknown_address_is_refused(sign_in_as, browser, db, make_partner, email):
    partner = make_partner()
    sign_in_as(Role.ADMIN)
    response = browser.submit(f"/admin/partners/{partner.id}/members", {"email": email})
    assert response.status_code == 422 and field_error(response.get_data(as_text=True), "email")
    assert db.exec(select(func.count()).select_from(PartnerMember)).one() == 0
    assert partner_actions(db) == []


def test_a_member_twice_is_refused(sign_in_as, browser, db, make_partner, make_user):
    partner = make_partner()
    member = make_user(Role.PARTNER_COORDINATOR)
    sign_in_as(Role.ADMIN)
    assert browser.submit(f"/admin/partners/{partner.id}/members", {"email": member.email}).status_code == 302
    response = browser.submit(f"/admin/partners/{partner.id}/members?lang=en", {"email": member.email})
    assert response.status_code == 422 and "already a member" in response.get_data(as_text=True)


def test_admin_removes_a_member_who_keeps_the_role(sign_in_as, browser, db, make_partner, make_user):
    partner = make_partner()
    member = make_user(Role.PARTNER_COORDINATOR, name="Paula Partner")
    db.add(PartnerMember(partner_id=partner.id, user_id=member.id))
    db.commit()
    sign_in_as(Role.ADMIN)
    path = f"/admin/partners/{partner.id}/members/{member.id}/remove"
    response = browser.submit(path, {}, form_page=f"/admin/partners/{partner.id}/members")
    assert response.status_code == 302
    assert db.get(PartnerMember, (partner.id, member.id)) is None
    assert Role.PARTNER_COORDINATOR in db.get(User, member.id).roles
    assert partner_actions(db) == ["partner.member_removed"]
    # Once more: no member any more, nothing changes.
    assert browser.submit(path, {}, form_page=f"/admin/partners/{partner.id}/members").status_code == 302
    assert partner_actions(db) == ["partner.member_removed"]


# --- delete ---------------------------------------------------------------------------------------------------

def test_an_organisation_with_projects_is_not_deleted(sign_in_as, browser, db, make_partner):
    partner = make_partner()
    db.add(Project(title="Flussputz", partner_id=partner.id))
    db.commit()
    sign_in_as(Role.ADMIN)
    page = browser.get(f"/admin/partners/{partner.id}/delete?lang=en").get_data(as_text=True)
    assert "still has 1 project" in page and "Delete organisation</button>" not in page
    token = csrf_token_from(browser.get(f"/admin/partners/{partner.id}/members").get_data(as_text=True))
    response = browser.client.post(f"/admin/partners/{partner.id}/delete?lang=en", data={"csrf_token": token})
    assert response.status_code == 409
    assert "has not been deleted" in response.get_data(as_text=True)
    assert db.get(PartnerOrganisation, partner.id) is not None and partner_actions(db) == []


def test_admin_deletes_an_organisation_without_projects(sign_in_as, browser, db, make_partner, make_user, upload_dir):
    partner = make_partner(logo=True)
    member = make_user(Role.PARTNER_COORDINATOR)
    db.add(PartnerMember(partner_id=partner.id, user_id=member.id))
    db.commit()
    partner_id = partner.id
    sign_in_as(Role.ADMIN)
    response = browser.submit(f"/admin/partners/{partner_id}/delete", {})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/partners/"
    db.expire_all()
    assert db.get(PartnerOrganisation, partner_id) is None
    assert db.get(PartnerMember, (partner_id, member.id)) is None and db.get(User, member.id) is not None
    assert stored_files(upload_dir) == []
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "partner.deleted")).one()
    assert entry.object_id == str(partner_id) and entry.before["name"] == "NABU Ortsgruppe Beispielstadt"


def test_the_admin_list_needs_the_same_number_of_queries_for_any_number(app, sign_in_as, browser, make_partner):
    from tests.ideas.test_browse import count_queries

    sign_in_as(Role.ADMIN)
    counts = []
    for number in range(1, 6):
        make_partner(f"Verein {number}")
        if number in (1, 5):
            with count_queries(app) as statements:
                assert browser.get("/admin/partners/").status_code == 200
            counts.append(len(statements))
    assert counts[0] == counts[1]


def test_saving_unchanged_leaves_no_audit_entry(sign_in_as, browser, db, make_partner):
    partner = make_partner(**{key: value for key, value in fields().items() if key != "name"})
    sign_in_as(Role.ADMIN)
    assert browser.submit(f"/admin/partners/{partner.id}/edit", fields()).status_code == 302
    assert partner_actions(db) == []
