"""Only members see a coordination space: its coordinators, the partner organisation's members and the volunteers a
coordinator added. Everyone else gets the same 404 as for a space that does not exist, on every address."""

from pathlib import Path

import pytest
from flask import render_template_string
from sqlalchemy import func
from sqlmodel import select

from participation.accounts.models import Role
from participation.coordination import services
from participation.coordination.models import SpaceDocument, SpacePost, SpaceThread
from participation.coordination.permissions import Standing
from participation.coordination.queries import standing
from tests.conftest import Browser
from tests.coordination.helpers import PDF, post, upload


@pytest.fixture
def furnished(app, db, space):
    """The space with a discussion and a document in it; returns the addresses of its pages."""
    with app.test_request_context():
        thread = services.start_thread(db, space.coordinator, space.project, "Schnitttermin", "Wer kommt?")
        version = services.add_document(db, space.coordinator, space.project, "Plan",
                                        services.FileUpload("Plan.pdf", PDF), Path(app.config["UPLOAD_DIR"]), 1024 ** 2)
    db.commit()
    base = space.path
    return {
        "overview": base,
        "new thread": f"{base}/threads/new",
        "thread": f"{base}/threads/{thread.id}",
        "documents": f"{base}/documents",
        "document": f"{base}/documents/{version.document_id}",
        "download": f"{base}/documents/{version.document_id}/versions/{version.id}/Plan.pdf",
        "tasks": f"{base}/tasks",
        "members": f"{base}/members",
        "message": f"{base}/message",
    }


def count(db, model) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


OUTSIDERS = ["anonymous", "resident", "admin", "volunteer of another project", "volunteer not added",
             "partner coordinator of another organisation"]


@pytest.fixture
def outsider(request, app, space, make_user, signed_in):
    kind = request.param
    if kind == "anonymous":
        return Browser(app.test_client())
    user = {"resident": lambda: make_user(Role.RESIDENT), "admin": lambda: make_user(Role.ADMIN),
            "volunteer of another project": lambda: space.other_volunteer,
            "volunteer not added": lambda: space.morning_volunteers[0],
            "partner coordinator of another organisation": lambda: make_user(Role.PARTNER_COORDINATOR)}[kind]()
    return signed_in(user)


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
def test_outsiders_get_404_on_every_page_of_the_space(outsider, furnished, space):
    for name, path in furnished.items():
        response = outsider.get(path)
        assert response.status_code == 404, name
        page = response.get_data(as_text=True)
        assert "Schnitttermin" not in page and space.project.title not in page, name
        assert response.data != PDF


@pytest.mark.parametrize("outsider", OUTSIDERS[1:], indirect=True)
def test_outsiders_cannot_post_into_the_space_with_a_valid_token(outsider, furnished, db, upload_dir):
    assert post(outsider, furnished["thread"], {"body": "Hallo"}).status_code == 404
    assert post(outsider, furnished["new thread"], {"title": "Ich auch", "body": "Hallo"}).status_code == 404
    assert upload(outsider, furnished["documents"], PDF, "Fremd.pdf").status_code == 404
    assert post(outsider, furnished["tasks"], {"title": "Fremde Aufgabe", "assignee": "0"}).status_code == 404
    assert post(outsider, furnished["message"], {"audience": "0", "subject": "x", "body": "y"}).status_code == 404
    assert count(db, SpacePost) == count(db, SpaceThread) == count(db, SpaceDocument) == 1


def test_the_404_of_a_space_looks_like_that_of_a_project_that_does_not_exist(make_user, signed_in, space, furnished):
    browser = signed_in(make_user(Role.RESIDENT))
    hidden = browser.get(furnished["overview"])
    missing = browser.get("/volunteer/projects/999999/space")
    assert hidden.status_code == missing.status_code == 404
    # The same page, but for the address itself (in the language switcher's links).
    hidden_page = hidden.get_data(as_text=True).replace(f"/projects/{space.project.id}/", "/projects/N/")
    assert hidden_page == missing.get_data(as_text=True).replace("/projects/999999/", "/projects/N/")


@pytest.mark.parametrize("member", ["coordinator", "partner_member"])
def test_members_open_every_page_of_the_space(member, furnished, space, signed_in):
    browser = signed_in(getattr(space, member))
    for name, path in furnished.items():
        if name == "message":
            continue  # coordinators only, see test_message
        assert browser.get(path).status_code == 200, name
    overview = browser.get(furnished["overview"]).get_data(as_text=True)
    assert "Schnitttermin" in overview and "Plan" in overview
    assert "Carla Koordination" in overview and "Nils Naturschutz" in overview


def test_a_blocked_coordinator_is_no_member(db, space, furnished, signed_in):
    browser = signed_in(space.coordinator)
    space.coordinator.is_blocked = True
    db.add(space.coordinator)
    db.commit()
    assert browser.get(furnished["overview"]).status_code == 404


def test_standing_names_why_someone_belongs(db, space):
    assert standing(db, space.project.id, space.coordinator.id) == Standing(coordinator=True)
    assert standing(db, space.project.id, space.partner_member.id) == Standing(partner_member=True)
    assert standing(db, space.project.id, space.afternoon_volunteer.id) == Standing()
    assert standing(db, space.other_project.id, space.coordinator.id) == Standing()


def test_the_project_page_can_ask_for_the_link_to_the_space(app, space, signed_in, make_user):
    app.add_url_rule("/_test/space-link/<int:project_id>", "space_link",
                     lambda project_id: render_template_string("[{{ coordination_space_url(project_id) }}]",
                                                               project_id=project_id))
    assert Browser(app.test_client()).get(f"/_test/space-link/{space.project.id}").get_data(as_text=True) == "[None]"
    member = signed_in(space.partner_member)
    assert member.get(f"/_test/space-link/{space.project.id}").get_data(as_text=True) == f"[{space.path}]"
    assert member.get(f"/_test/space-link/{space.other_project.id}").get_data(as_text=True) == "[None]"
    admin = signed_in(make_user(Role.ADMIN))
    assert admin.get(f"/_test/space-link/{space.project.id}").get_data(as_text=True) == "[None]"
