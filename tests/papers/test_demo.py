from participation.documents.models import DocumentAudience, DocumentCategory
from participation.documents.queries import paper_attachments
from participation.files import file_path
from participation.municipality.demo import seed_municipality
from participation.papers.demo import seed_demo_papers
from participation.papers.models import PaperStatus
from participation.papers.queries import action_area_ids


def test_demo_papers_are_three_submitted_and_one_draft_with_action_areas(app, db, staff_user, upload_dir):
    seed_municipality(db)
    with app.test_request_context("/?lang=en"):
        papers = seed_demo_papers(db, staff_user, upload_dir)
    db.commit()
    assert [paper.status for paper in papers].count(PaperStatus.SUBMITTED.value) == 3
    assert [paper.status for paper in papers].count(PaperStatus.DRAFT.value) == 1
    assert "Geschäftsordnung des Projektbeirats" in [paper.title for paper in papers]
    assert len({paper.reference for paper in papers}) == 4
    assert all(action_area_ids(db, paper.id) for paper in papers)


def test_two_demo_papers_come_with_a_readable_pdf_annex(app, db, staff_user, upload_dir):
    seed_municipality(db)
    with app.test_request_context("/?lang=en"):
        papers = seed_demo_papers(db, staff_user, upload_dir)
    db.commit()
    files = [row for paper in papers for row in paper_attachments(db, paper.id)]
    assert [row.current.name for row in files] == ["Anlage 1 Geschäftsordnung Projektbeirat.pdf",
                                                   "Übersicht Maßnahmen Q3 2026.pdf"]
    # Filed in the library as the papers' documents, public with their submitted papers, their text searchable.
    assert {(row.document.category, row.document.audience) for row in files} == {
        (DocumentCategory.PAPER.value, DocumentAudience.PUBLIC.value)}
    assert "§ 4 Beschlussfähigkeit" in files[0].current.extracted_text
    content = file_path(upload_dir, files[0].current.stored_name, "documents").read_bytes()
    assert content.startswith(b"%PDF-1.4") and "§ 4 Beschlussfähigkeit".encode("cp1252") in content
