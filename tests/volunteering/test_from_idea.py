"""An idea can grow into a volunteer project: the project links to the idea, the idea's page to the project."""

from sqlmodel import select

from participation.accounts.models import Role
from participation.ideas.models import IdeaStatus
from participation.volunteering.models import Project
from tests.ideas.conftest import make_idea, structure  # noqa: F401 - the ideas' fixtures, shared

EN = {"Accept-Language": "en"}


def test_a_published_idea_grows_into_a_project(db, make_idea, make_user, signed_in, structure):  # noqa: F811
    idea = make_idea(title="Gemeinsam den Spielplatz streichen")
    staff = make_user(Role.STAFF)
    browser = signed_in(staff)
    idea_page = browser.get(f"/ideas/{idea.id}", headers=EN).get_data(as_text=True)
    assert f"/volunteer/projects/new?idea={idea.id}" in idea_page
    form = browser.get(f"/volunteer/projects/new?idea={idea.id}", headers=EN).get_data(as_text=True)
    assert "Gemeinsam den Spielplatz streichen" in form  # the idea's text is the starting point
    response = browser.submit(f"/volunteer/projects/new?idea={idea.id}", {
        "title": "Spielplatz-Streichaktion", "description": "Farbe stellt die Stadt.",
        "districts": [str(structure["districts"][0].id)], "status": "planning", "partner": "0", "measure": "0"})
    assert response.status_code == 302
    project = db.exec(select(Project)).one()
    assert project.idea_id == idea.id
    assert "Spielplatz-Streichaktion" in signed_in(None).get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert f"/ideas/{idea.id}" in signed_in(None).get(f"/volunteer/projects/{project.id}").get_data(as_text=True)


def test_unpublished_ideas_and_residents_do_not_grow_projects(db, make_idea, make_user, signed_in,  # noqa: F811
                                                               structure):  # noqa: F811
    staff = signed_in(make_user(Role.STAFF))
    unpublished = make_idea(status=IdeaStatus.SUBMITTED)
    assert staff.get(f"/volunteer/projects/new?idea={unpublished.id}").status_code == 404
    published = make_idea(title="Eine bessere Idee")
    resident = signed_in(make_user())
    assert resident.get(f"/volunteer/projects/new?idea={published.id}").status_code == 403
    assert f"/volunteer/projects/new?idea={published.id}" not in resident.get(
        f"/ideas/{published.id}").get_data(as_text=True)
