"""Who sees which document: public ones everyone; a board's documents its current members, staff and admins;
the administration's own documents staff and admins. Everyone else gets 404 on every route, as if the document
did not exist, and lists never show it."""

import pytest

from participation.accounts.models import Role
from participation.documents.models import DocumentAudience, DocumentCategory
from tests.documents.conftest import pdf, upload

INTERNAL_TITLE = "Entwurf Haushaltsanmeldung"


def routes(document_id: int) -> list[str]:
    return [f"/documents/{document_id}", f"/documents/{document_id}/file", f"/documents/{document_id}/versions/1/file",
            f"/documents/{document_id}/versions/2/file", f"/documents/{document_id}/edit",
            f"/documents/{document_id}/versions/new"]


@pytest.fixture
def internal(app, db, library, file_document, signed_in):
    """A board document with two versions."""
    document = file_document(INTERNAL_TITLE, audience=DocumentAudience.BOARD, board_id=library.board.id,
                             content=pdf("Eigenmittel von 180.000 Euro."))
    assert upload(signed_in(library.staff), f"/documents/{document.id}/versions/new", pdf("Zweite Fassung."),
                  "v2.pdf").status_code == 302
    return document


@pytest.mark.parametrize("who", [None, "resident", "other_member", "former_member"])
def test_a_board_document_does_not_exist_for_outsiders(library, internal, signed_in, who):
    browser = signed_in(getattr(library, who) if who else None)
    for path in routes(internal.id):
        response = browser.get(path)
        # Visitors are asked to sign in for the forms; that tells nothing about the document.
        expected = (302,) if who is None and path.endswith(("/edit", "/versions/new")) else (404,)
        assert response.status_code in expected, path
    for path in ("/documents/", "/documents/?q=haushaltsanmeldung", f"/documents/?board={library.board.id}"):
        assert INTERNAL_TITLE not in browser.get(path).get_data(as_text=True)


@pytest.mark.parametrize("who", ["member", "secretary", "staff"])
def test_a_board_document_opens_for_its_members_and_staff(library, internal, signed_in, who):
    browser = signed_in(getattr(library, who))
    for path in routes(internal.id)[:4]:
        assert browser.get(path).status_code == 200, path
    listed = browser.get("/documents/?q=haushaltsanmeldung&lang=en").get_data(as_text=True)
    assert INTERNAL_TITLE in listed and "Only for: Members of the board" in listed
    # The page says it is not public; members who do not run the board cannot change it.
    page = browser.get(f"/documents/{internal.id}?lang=en").get_data(as_text=True)
    assert "This document is not public" in page
    assert (f"/documents/{internal.id}/edit" in page) == (who != "member")


def test_an_admin_sees_board_documents(library, internal, make_user, signed_in):
    admin = signed_in(make_user(Role.ADMIN))
    assert admin.get(f"/documents/{internal.id}/versions/1/file").status_code == 200


@pytest.mark.parametrize(("who", "status"), [(None, 404), ("resident", 404), ("member", 404), ("secretary", 404),
                                             ("staff", 200)])
def test_a_staff_document_is_for_the_administration_only(library, file_document, signed_in, who, status):
    document = file_document("Interne Abstimmung", audience=DocumentAudience.STAFF, board_id=library.board.id)
    browser = signed_in(getattr(library, who) if who else None)
    for path in routes(document.id)[:3]:
        assert browser.get(path).status_code == status, path
    assert ("Interne Abstimmung" in browser.get("/documents/").get_data(as_text=True)) == (status == 200)


def test_non_public_files_are_never_cached(library, internal, file_document, signed_in):
    public = file_document("Öffentlich")
    member = signed_in(library.member)
    assert member.get(f"/documents/{internal.id}/file").headers["Cache-Control"] == "no-store"
    assert "max-age=3600" in member.get(f"/documents/{public.id}/file").headers["Cache-Control"]


def test_a_meeting_lists_its_documents_for_the_viewer_minutes_first(db, library, file_document, signed_in):
    meeting_id = library.meeting.id
    file_document("Einladung", category=DocumentCategory.OTHER, meeting_id=meeting_id)
    file_document("Niederschrift", category=DocumentCategory.MINUTES, meeting_id=meeting_id)
    file_document("Tischvorlage intern", audience=DocumentAudience.BOARD, meeting_id=meeting_id,
                  board_id=library.board.id)
    file_document("Andere Sitzung")

    visitor = signed_in(None).get(f"/meetings/{meeting_id}?lang=en").get_data(as_text=True)
    section = visitor[visitor.index('id="documents"'):]
    assert section.index("Niederschrift") < section.index("Einladung")
    assert "Tischvorlage intern" not in visitor and "Andere Sitzung" not in visitor
    member = signed_in(library.member).get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "Tischvorlage intern" in member
