"""The rules hold in the services themselves, whatever form or program calls them."""

import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.measures.rules import CONTRIBUTION_MIN_LENGTH
from participation.papers.models import PaperStatus, PaperType
from participation.papers.queries import action_area_ids
from participation.papers.services import (
    NotAllowed,
    PaperDraft,
    PaperIncomplete,
    PaperInvalid,
    create_paper,
    edit_paper,
    submit_paper,
)
from tests.papers.conftest import CONTRIBUTION


def draft_of(paper, structure, **changes) -> PaperDraft:
    values = {"title": paper.title, "paper_type": PaperType(paper.paper_type), "text": paper.text,
              "contribution": paper.contribution, "action_area_ids": (structure["areas"][0].id,)}
    values.update(changes)
    return PaperDraft(**values)


def test_a_draft_without_contribution_is_not_submitted(app, db, staff_user, make_paper):
    paper = make_paper(contribution="", submitted=False)
    with app.test_request_context("/?lang=en"), pytest.raises(PaperIncomplete) as refusal:
        submit_paper(db, staff_user, paper)
    assert isinstance(refusal.value, ValueError)
    assert set(refusal.value.problems) == {"contribution"}
    assert "contributes to the urban-development project" in str(refusal.value)
    db.refresh(paper)
    assert paper.status == PaperStatus.DRAFT.value and paper.submitted_at is None


def test_a_draft_without_action_area_is_not_submitted(app, db, staff_user, make_paper):
    paper = make_paper(areas=(), submitted=False)
    with app.test_request_context("/?lang=en"), pytest.raises(PaperIncomplete) as refusal:
        submit_paper(db, staff_user, paper)
    assert set(refusal.value.problems) == {"action_areas"}
    assert "at least one action area" in str(refusal.value)
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "paper.submitted")).all() == []


def test_the_contribution_counts_without_surrounding_spaces(app, db, staff_user, make_paper):
    short = make_paper(contribution="x" * (CONTRIBUTION_MIN_LENGTH - 1), submitted=False)
    short.contribution = "   " + short.contribution + "     "  # as another program might store it
    with app.test_request_context("/?lang=en"), pytest.raises(PaperIncomplete):
        submit_paper(db, staff_user, short)
    enough = make_paper(contribution="x" * CONTRIBUTION_MIN_LENGTH, submitted=False)
    with app.test_request_context("/?lang=en"):
        assert submit_paper(db, staff_user, enough) is True
    assert enough.status == PaperStatus.SUBMITTED.value


def test_a_submitted_paper_never_loses_its_mandatory_fields(app, db, staff_user, structure, make_paper):
    paper = make_paper()
    with app.test_request_context("/?lang=en"):
        with pytest.raises(PaperIncomplete) as refusal:
            edit_paper(db, staff_user, paper, draft_of(paper, structure, contribution="  "))
        assert set(refusal.value.problems) == {"contribution"}
        with pytest.raises(PaperIncomplete) as refusal:
            edit_paper(db, staff_user, paper, draft_of(paper, structure, action_area_ids=()))
        assert set(refusal.value.problems) == {"action_areas"}
    db.rollback()
    db.refresh(paper)
    assert paper.contribution == CONTRIBUTION and action_area_ids(db, paper.id) == [structure["areas"][0].id]


def test_a_draft_may_be_saved_incomplete(db, staff_user, structure, make_paper):
    paper = make_paper(submitted=False)
    assert edit_paper(db, staff_user, paper, draft_of(paper, structure, contribution="", action_area_ids=())) is True
    assert paper.contribution == "" and action_area_ids(db, paper.id) == []


def test_submitting_twice_submits_once(app, db, staff_user, make_paper):
    paper = make_paper(submitted=False)
    with app.test_request_context("/?lang=en"):
        assert submit_paper(db, staff_user, paper) is True
        assert submit_paper(db, staff_user, paper) is False
    entries = db.exec(select(AuditEntry).where(AuditEntry.action == "paper.submitted")).all()
    assert len(entries) == 1
    assert entries[0].object_label == f"{paper.reference} {paper.title}" and entries[0].actor_id == staff_user.id
    assert (entries[0].before, entries[0].after) == ({"status": "draft"}, {"status": "submitted"})


def test_a_new_link_to_an_archived_action_area_is_refused(app, db, staff_user, structure):
    draft = PaperDraft(title="Vorlage", paper_type=PaperType.REPORT, action_area_ids=(structure["areas"][2].id,))
    with app.test_request_context("/?lang=en"), pytest.raises(PaperInvalid) as refusal:
        create_paper(db, staff_user, draft, year=2026)
    assert set(refusal.value.problems) == {"action_areas"}


def test_an_unchanged_paper_writes_no_audit_entry(db, staff_user, structure, make_paper):
    paper = make_paper()
    assert edit_paper(db, staff_user, paper, draft_of(paper, structure)) is False
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "paper.changed")).all() == []


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.MODERATOR, Role.BOARD_MEMBER])
def test_only_staff_write_papers(app, db, make_user, structure, make_paper, role):
    other = make_user(role)
    paper = make_paper(submitted=False)
    with pytest.raises(NotAllowed):
        create_paper(db, other, PaperDraft(title="Vorlage", paper_type=PaperType.REPORT), year=2026)
    with pytest.raises(NotAllowed):
        edit_paper(db, other, paper, draft_of(paper, structure, title="Übernommen"))
    with pytest.raises(NotAllowed):
        submit_paper(db, other, paper)
    db.refresh(paper)
    assert paper.title != "Übernommen" and paper.status == PaperStatus.DRAFT.value


def test_admins_count_as_staff(db, make_user):
    admin = make_user(Role.ADMIN)
    paper = create_paper(db, admin, PaperDraft(title="Vorlage der Leitung", paper_type=PaperType.REPORT), year=2026)
    assert paper.reference == "V-2026-001" and paper.created_by_id == admin.id
