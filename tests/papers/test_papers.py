"""Staff draft, correct and submit papers over HTTP; the public reads the submitted ones."""

import pytest
from sqlalchemy import event
from sqlmodel import select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.measures.models import MeasureStatus
from participation.papers.models import Paper, PaperActionArea, PaperStatus, PaperType
from participation.papers.queries import action_area_ids
from tests.conftest import Browser, csrf_token_from
from tests.papers.conftest import CONTRIBUTION, paper_form


def paper_titled(db, title) -> Paper | None:
    return db.exec(select(Paper).where(Paper.title == title)).first()


def audit_actions(db, paper: Paper) -> list[str]:
    return list(db.exec(select(AuditEntry.action).where(AuditEntry.object_type == "paper",
                                                        AuditEntry.object_id == str(paper.id))
                        .order_by(AuditEntry.id)))


def test_staff_saves_an_incomplete_draft_and_only_staff_see_it(app, sign_in_as, browser, structure, db, make_user):
    sign_in_as(Role.STAFF)
    response = browser.submit("/papers/new", paper_form(structure, contribution="", action_areas=[],
                                                        action="save"))
    paper = paper_titled(db, "Fortschrittsbericht Q3 2026")
    assert response.status_code == 302 and response.headers["Location"] == f"/papers/{paper.id}"
    assert paper.status == PaperStatus.DRAFT.value and paper.reference.startswith("V-") and paper.number == 1
    page = browser.get(f"/papers/{paper.id}?lang=en").get_data(as_text=True)
    assert "only the administration sees it" in page and paper.reference in page
    assert "Before the paper can be submitted" in page and "at least 50 characters" in page
    assert audit_actions(db, paper) == ["paper.created"]

    anonymous = Browser(app.test_client())
    assert anonymous.get(f"/papers/{paper.id}").status_code == 404
    assert "Fortschrittsbericht" not in anonymous.get("/papers/").get_data(as_text=True)
    assert "Fortschrittsbericht" not in anonymous.get("/papers/?status=draft").get_data(as_text=True)
    for role in (Role.RESIDENT, Role.MODERATOR, Role.BOARD_MEMBER):
        other = Browser(app.test_client())
        other.sign_in(make_user(role).email)
        assert other.get(f"/papers/{paper.id}").status_code == 404, role
    assert "Fortschrittsbericht" in browser.get("/papers/?status=draft").get_data(as_text=True)
    assert "Fortschrittsbericht" not in browser.get("/papers/").get_data(as_text=True)


def test_staff_creates_and_submits_a_paper_that_everyone_can_read(app, sign_in_as, browser, structure, db,
                                                                   make_measure):
    measure = make_measure("Bürgersprechstunde am Abend")
    sign_in_as(Role.STAFF)
    response = browser.submit("/papers/new?lang=en", paper_form(structure, measures=[str(measure.id)]))
    paper = paper_titled(db, "Fortschrittsbericht Q3 2026")
    assert response.status_code == 302
    assert paper.status == PaperStatus.SUBMITTED.value and paper.submitted_at is not None
    assert audit_actions(db, paper) == ["paper.created", "paper.submitted"]

    anonymous = app.test_client()
    page = anonymous.get(f"/papers/{paper.id}?lang=en").get_data(as_text=True)
    assert paper.reference in page and "Progress report" in page
    assert "<strong>Plan</strong>" in page  # the text, rendered from Markdown
    assert CONTRIBUTION in page and "Kooperation stärken" in page
    assert f'<a href="/measures/{measure.id}">Bürgersprechstunde am Abend</a>' in page
    assert "Edit paper" not in page
    listing = anonymous.get("/papers/").get_data(as_text=True)
    assert paper.reference in listing and "Fortschrittsbericht Q3 2026" in listing


@pytest.mark.parametrize(("changes", "fields", "message"), [
    ({"contribution": ""}, ["contribution"], "Please describe what this contributes"),
    ({"contribution": "Zu kurz." + " " * 60}, ["contribution"], "at least 50 characters; it has 8"),
    ({"action_areas": []}, ["action_areas"], "Please choose at least one action area"),
    ({"contribution": "", "action_areas": []}, ["contribution", "action_areas"], "Please choose at least one"),
])
def test_a_paper_without_its_mandatory_fields_is_not_submitted(sign_in_as, browser, structure, db, changes, fields,
                                                               message):
    sign_in_as(Role.STAFF)
    response = browser.submit("/papers/new?lang=en", paper_form(structure, **changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for field in fields:
        assert f'id="{field}-error"' in page and f'aria-describedby="{field}-hint {field}-error"' in page
    assert message in page
    assert paper_titled(db, "Fortschrittsbericht Q3 2026") is None


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": ""}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"paper_type": "memo"}, "paper_type"),
    ({"contribution": "x" * 5001}, "contribution"),
    ({"action_areas": ["999999"]}, "action_areas"),
])
def test_bad_input_is_refused_at_the_field_even_for_a_draft(sign_in_as, browser, structure, db, changes, field):
    sign_in_as(Role.STAFF)
    response = browser.submit("/papers/new", paper_form(structure, action="save", **changes))
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert db.exec(select(Paper)).all() == []


def test_the_form_explains_why_the_contribution_is_mandatory(sign_in_as, browser, structure):
    sign_in_as(Role.STAFF)
    page = browser.get("/papers/new?lang=en").get_data(as_text=True)
    assert "requires every administrative proposal to state what it contributes" in page
    assert '<legend>Action areas</legend>' in page and "<legend>Gemeinsam für Teststadt</legend>" in page
    assert "Kooperation stärken" in page and "Alte Ortsmitte" not in page  # archived: not for new papers
    assert 'name="csrf_token"' in page


def test_submitting_an_incomplete_draft_shows_what_is_missing(sign_in_as, browser, make_paper, db):
    paper = make_paper(contribution="Noch offen.", areas=(), submitted=False)
    sign_in_as(Role.STAFF)
    response = browser.submit(f"/papers/{paper.id}/submit?lang=en", {}, form_page=f"/papers/{paper.id}/edit")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "cannot be submitted yet" in page
    assert 'id="contribution-error"' in page and 'id="action_areas-error"' in page
    assert "Noch offen." in page  # the stored text, to complete
    db.refresh(paper)
    assert paper.status == PaperStatus.DRAFT.value and audit_actions(db, paper) == ["paper.created"]


def test_submitting_a_complete_draft_from_its_page(sign_in_as, browser, make_paper, db, app):
    paper = make_paper(submitted=False)
    sign_in_as(Role.STAFF)
    page = browser.get(f"/papers/{paper.id}").get_data(as_text=True)
    assert f'action="/papers/{paper.id}/submit"' in page and 'name="csrf_token"' in page
    response = browser.submit(f"/papers/{paper.id}/submit", {}, form_page=f"/papers/{paper.id}")
    assert response.status_code == 302
    db.refresh(paper)
    assert paper.status == PaperStatus.SUBMITTED.value
    assert app.test_client().get(f"/papers/{paper.id}").status_code == 200
    again = browser.submit(f"/papers/{paper.id}/submit", {}, form_page=f"/papers/{paper.id}/edit")
    assert again.status_code == 302
    assert audit_actions(db, paper) == ["paper.created", "paper.submitted"]


def test_submit_without_csrf_token_is_refused(sign_in_as, browser, make_paper, db):
    paper = make_paper(submitted=False)
    sign_in_as(Role.STAFF)
    assert browser.client.post(f"/papers/{paper.id}/submit").status_code == 400
    db.refresh(paper)
    assert paper.status == PaperStatus.DRAFT.value


def test_staff_edit_a_draft_and_the_change_is_audited(sign_in_as, browser, structure, make_paper, db):
    paper = make_paper(submitted=False)
    sign_in_as(Role.STAFF)
    edit_page = browser.get(f"/papers/{paper.id}/edit").get_data(as_text=True)
    assert "Geschäftsordnung des Projektbeirats" in edit_page and 'name="csrf_token"' in edit_page
    response = browser.submit(f"/papers/{paper.id}/edit", paper_form(
        structure, title="Geschäftsordnung des Projektbeirats (geändert)", paper_type="decision",
        text="Der Beirat **beschließt**.", action_areas=[str(structure["areas"][1].id)], action="save"))
    assert response.status_code == 302
    db.refresh(paper)
    assert paper.title == "Geschäftsordnung des Projektbeirats (geändert)" and paper.status == "draft"
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "paper.changed")).one()
    assert entry.object_label == f"{paper.reference} Geschäftsordnung des Projektbeirats (geändert)"
    assert entry.before == {"title": "Geschäftsordnung des Projektbeirats",
                            "action_area_ids": [structure["areas"][0].id]}
    assert entry.after == {"title": "Geschäftsordnung des Projektbeirats (geändert)",
                           "action_area_ids": [structure["areas"][1].id]}


def test_a_submitted_paper_can_be_corrected_but_never_lose_its_mandatory_fields(sign_in_as, browser, structure,
                                                                                 make_paper, db):
    paper = make_paper()
    sign_in_as(Role.STAFF)
    emptied = browser.submit(f"/papers/{paper.id}/edit?lang=en", paper_form(
        structure, title=paper.title, contribution=" ", action_areas=[], action="save"))
    page = emptied.get_data(as_text=True)
    assert emptied.status_code == 422
    assert 'id="contribution-error"' in page and 'id="action_areas-error"' in page
    db.refresh(paper)
    assert paper.contribution == CONTRIBUTION

    corrected = browser.submit(f"/papers/{paper.id}/edit", paper_form(
        structure, title=paper.title, paper_type="decision", text="Der Beirat **beschließt** einstimmig.",
        action="save"))
    assert corrected.status_code == 302
    db.refresh(paper)
    assert paper.text == "Der Beirat **beschließt** einstimmig." and paper.status == PaperStatus.SUBMITTED.value
    assert audit_actions(db, paper)[-1] == "paper.changed"


def test_an_archived_action_area_stays_with_the_paper_on_edit(sign_in_as, browser, structure, make_paper, db):
    archived = structure["areas"][2]
    paper = make_paper(submitted=False)
    # Linked while it was current; archived since.
    db.add(PaperActionArea(paper_id=paper.id, action_area_id=archived.id))
    db.commit()
    sign_in_as(Role.STAFF)
    page = browser.get(f"/papers/{paper.id}/edit?lang=en").get_data(as_text=True)
    assert "Alte Ortsmitte (archived)" in page
    response = browser.submit(f"/papers/{paper.id}/edit", paper_form(
        structure, title=paper.title, paper_type="decision", text="Der Beirat **beschließt**.",
        action_areas=[str(structure["areas"][0].id), str(archived.id)], action="save"))
    assert response.status_code == 302
    assert action_area_ids(db, paper.id) == sorted([structure["areas"][0].id, archived.id])


def test_discarded_measures_cannot_be_linked_and_draft_measures_stay_internal(app, sign_in_as, browser, structure,
                                                                                make_paper, make_measure):
    draft_measure = make_measure("Interner Entwurf", MeasureStatus.DRAFT)
    discarded = make_measure("Verworfene Maßnahme", MeasureStatus.DISCARDED)
    paper = make_paper(measures=[draft_measure])
    sign_in_as(Role.STAFF)
    new_page = browser.get("/papers/new").get_data(as_text=True)
    assert "Interner Entwurf" in new_page and "Verworfene Maßnahme" not in new_page
    refused = browser.submit("/papers/new", paper_form(structure, measures=[str(discarded.id)]))
    assert refused.status_code == 422 and 'id="measures-error"' in refused.get_data(as_text=True)
    assert "Interner Entwurf" in browser.get(f"/papers/{paper.id}").get_data(as_text=True)
    assert "Interner Entwurf" not in app.test_client().get(f"/papers/{paper.id}").get_data(as_text=True)


def test_the_list_filters_by_action_area_and_type(client, structure, make_paper):
    make_paper(title="Geschäftsordnung des Projektbeirats", paper_type=PaperType.DECISION, areas=(0,))
    make_paper(title="Fortschrittsbericht Q3 2026", paper_type=PaperType.REPORT, areas=(1,))
    by_area = client.get(f"/papers/?action_area={structure['areas'][1].id}").get_data(as_text=True)
    assert "Fortschrittsbericht" in by_area and "Geschäftsordnung" not in by_area
    by_type = client.get("/papers/?paper_type=decision").get_data(as_text=True)
    assert "Geschäftsordnung" in by_type and "Fortschrittsbericht" not in by_type
    unknown = client.get("/papers/?paper_type=memo&action_area=abc")
    assert unknown.status_code == 200
    assert "Geschäftsordnung" in unknown.get_data(as_text=True) and "Fortschrittsbericht" in unknown.get_data(
        as_text=True)


def test_the_list_is_paginated(app, client, make_paper):
    app.config["PAPERS_PAGE_SIZE"] = 2
    for number in range(3):
        make_paper(title=f"Vorlage Nummer {number}")
    first = client.get("/papers/?lang=en").get_data(as_text=True)
    assert "Vorlage Nummer 2" in first and "Vorlage Nummer 1" in first and "Vorlage Nummer 0" not in first
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get("/papers/?page=2").get_data(as_text=True)
    assert "Vorlage Nummer 0" in second and "Vorlage Nummer 2" not in second


STAFF_PAGES = ["/papers/new", "/papers/{paper_id}/edit"]
STAFF_POSTS = ["/papers/new", "/papers/{paper_id}/edit", "/papers/{paper_id}/submit"]


def test_visitors_are_asked_to_sign_in(client, make_paper):
    paper = make_paper(submitted=False)
    for path in STAFF_PAGES:
        response = client.get(path.format(paper_id=paper.id))
        assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login?next=")


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.MODERATOR])
@pytest.mark.parametrize("submitted", [False, True])
def test_residents_and_moderators_may_not_write_papers(sign_in_as, browser, structure, make_paper, db, role,
                                                       submitted):
    paper = make_paper(submitted=False, title="Unverändert")
    if submitted:
        paper = make_paper(title="Unverändert eingereicht")
    sign_in_as(role)
    for path in STAFF_PAGES:
        assert browser.get(path.format(paper_id=paper.id)).status_code == 403, path
    token = csrf_token_from(browser.get("/account/password").get_data(as_text=True))
    for path in STAFF_POSTS:
        response = browser.client.post(path.format(paper_id=paper.id),
                                       data={**paper_form(structure, title="Geändert"), "csrf_token": token})
        assert response.status_code == 403, path
    db.refresh(paper)
    assert paper.title.startswith("Unverändert") and paper.status == ("submitted" if submitted else "draft")
    assert paper_titled(db, "Geändert") is None
    assert "New paper" not in browser.get("/papers/?lang=en").get_data(as_text=True)


def test_unknown_paper_is_404(client):
    assert client.get("/papers/999999").status_code == 404


def count_queries(app, client, path) -> int:
    statements = []

    def remember(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = app.extensions["database"].engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    return len(statements)


def test_list_and_page_take_the_same_number_of_queries_however_many_papers(app, client, make_paper, make_measure):
    few = make_paper(title="Eine Vorlage", areas=(0,), measures=[make_measure("Erste Maßnahme")])
    few_list = count_queries(app, client, "/papers/")
    few_page = count_queries(app, client, f"/papers/{few.id}")
    many = make_paper(title="Viele Bezüge", areas=(0, 1), measures=[make_measure(f"Maßnahme {n}") for n in range(4)])
    for number in range(4):
        make_paper(title=f"Weitere Vorlage {number}", areas=(0, 1))
    assert count_queries(app, client, "/papers/") == few_list
    assert count_queries(app, client, f"/papers/{many.id}") == few_page


def test_the_measure_page_lists_its_submitted_papers_and_staff_also_see_drafts(app, sign_in_as, browser,
                                                                              make_paper, make_measure):
    measure = make_measure("Bürgersprechstunde am Abend")
    submitted = make_paper(title="Sprechstunde ausweiten", measures=[measure])
    draft = make_paper(title="Sprechstunde im Rathaus", measures=[measure], submitted=False)
    public = app.test_client().get(f"/measures/{measure.id}?lang=en").get_data(as_text=True)
    assert f'<a href="/papers/{submitted.id}">{submitted.reference} Sprechstunde ausweiten</a>' in public
    assert "Sprechstunde im Rathaus" not in public
    sign_in_as(Role.STAFF)
    internal = browser.get(f"/measures/{measure.id}?lang=en").get_data(as_text=True)
    assert f"{draft.reference} Sprechstunde im Rathaus</a>\n            (Proposal for a decision, Draft)" in internal
