"""Documents of a volunteer project: filed in the library with the project named, listed on the project's page for
those who may see them, linked back from the document's page."""

import pytest

from participation.documents.models import DocumentAudience
from participation.volunteering.models import Project, ProjectStatus
from tests.documents.conftest import new_document_fields, pdf, stored_files, upload


@pytest.fixture
def project(db):
    project = Project(title="Repair-Café in der Altstadt", status=ProjectStatus.ACTIVE.value)
    db.add(project)
    db.commit()
    return project


def test_the_project_page_lists_the_documents_its_reader_may_see(library, file_document, project, signed_in):
    file_document("Hausordnung Repair-Café", name="Hausordnung.pdf", project_id=project.id)
    file_document("Kalkulation Repair-Café", name="Kalkulation.pdf", project_id=project.id,
                  audience=DocumentAudience.STAFF)
    file_document("Geschäftsordnung")  # of no project

    visitor_page = signed_in(None).get(f"/volunteer/projects/{project.id}?lang=en").get_data(as_text=True)
    assert "Hausordnung Repair-Café" in visitor_page
    assert "Kalkulation Repair-Café" not in visitor_page and "Geschäftsordnung" not in visitor_page
    staff_page = signed_in(library.staff).get(f"/volunteer/projects/{project.id}?lang=en").get_data(as_text=True)
    assert "Hausordnung Repair-Café" in staff_page and "Kalkulation Repair-Café" in staff_page


def test_a_document_filed_for_a_project_links_back_to_it(db, library, project, signed_in):
    staff = signed_in(library.staff)
    response = upload(staff, "/documents/new?lang=en", pdf("Bitte nur eigene Geräte mitbringen."), "Hausordnung.pdf",
                      **new_document_fields(library, title="Hausordnung", project_id=str(project.id)))
    assert response.status_code == 302
    page = staff.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Volunteer project" in page and f'href="/volunteer/projects/{project.id}"' in page


def test_an_unknown_project_is_refused_at_the_field(db, library, project, signed_in, upload_dir):
    staff = signed_in(library.staff)
    response = upload(staff, "/documents/new?lang=en", pdf("Text."), "Hausordnung.pdf",
                      **new_document_fields(library, project_id=str(project.id + 1)))
    assert response.status_code == 422 and 'id="project_id-error"' in response.get_data(as_text=True)
    assert stored_files(upload_dir) == []
