from participation.municipality.demo import seed_municipality
from participation.papers.demo import seed_demo_papers
from participation.papers.models import PaperStatus
from participation.papers.queries import action_area_ids


def test_demo_papers_are_three_submitted_and_one_draft_with_action_areas(app, db, staff_user):
    seed_municipality(db)
    with app.test_request_context("/?lang=en"):
        papers = seed_demo_papers(db, staff_user)
    db.commit()
    assert [paper.status for paper in papers].count(PaperStatus.SUBMITTED.value) == 3
    assert [paper.status for paper in papers].count(PaperStatus.DRAFT.value) == 1
    assert "Geschäftsordnung des Projektbeirats" in [paper.title for paper in papers]
    assert len({paper.reference for paper in papers}) == 4
    assert all(action_area_ids(db, paper.id) for paper in papers)
