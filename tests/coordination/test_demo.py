"""The demo fills the coordination spaces of projects run with a partner organisation, and leaves others alone."""

from sqlmodel import select

from participation.coordination.demo import SPACES, seed_demo_spaces
from participation.coordination.models import SpaceDocumentVersion, SpacePost, SpaceTask, SpaceThread
from participation.coordination.queries import members


def test_the_demo_fills_the_space_of_a_partner_project(app, db, space, upload_dir, signed_in):
    with app.app_context():
        filled = seed_demo_spaces(db, upload_dir)
    db.commit()
    assert [project.id for project in filled] == [space.project.id]  # the other project has no partner
    threads = db.exec(select(SpaceThread)).all()
    assert len(threads) == len(SPACES[0].threads) and {thread.project_id for thread in threads} == {space.project.id}
    assert len(db.exec(select(SpacePost)).all()) > len(threads)  # with replies
    versions = db.exec(select(SpaceDocumentVersion).order_by(SpaceDocumentVersion.number)).all()
    assert [version.number for version in versions] == [1, 2]
    assert versions[0].uploaded_by_id != versions[1].uploaded_by_id
    assert len(db.exec(select(SpaceTask)).all()) == len(SPACES[0].tasks)
    added = [row.name for row in members(db, space.project) if row.standing.added]
    assert len(added) == 2  # two of the project's volunteers

    page = signed_in(space.partner_member).get(space.path).get_data(as_text=True)
    assert SPACES[0].threads[0][0] in page and "Einsatzplan" in page
    document = signed_in(space.coordinator).get(
        f"{space.path}/documents/{versions[0].document_id}/versions/{versions[0].id}/{versions[0].name}")
    assert document.status_code == 200 and document.data.startswith(b"%PDF")


def test_without_partner_projects_the_demo_adds_nothing(app, db, upload_dir):
    with app.app_context():
        assert seed_demo_spaces(db, upload_dir) == []
    assert db.exec(select(SpaceThread)).all() == []
