"""The space's overview loads in a constant number of queries, however much the space holds."""

from pathlib import Path

from participation.coordination import services
from tests.coordination.helpers import PDF
from tests.query_count import recorded_statements, selects


def _fill(app, db, space, numbers: range) -> None:
    with app.test_request_context():
        for number in numbers:
            thread = services.start_thread(db, space.coordinator, space.project, f"Thema {number}", "Text")
            services.reply(db, space.partner_member, space.project, thread, "Antwort")
            services.add_document(db, space.partner_member, space.project, f"Dokument {number}",
                                  services.FileUpload("Plan.pdf", PDF), Path(app.config["UPLOAD_DIR"]), 1024 ** 2)
            services.create_task(db, space.coordinator, space.project, f"Aufgabe {number}", space.partner_member.id)
    db.commit()


def _selects_on_overview(app, browser, space) -> int:
    path = space.path  # read before counting: the test's own session may reload the project
    with recorded_statements(app.extensions["database"].engine) as statements:
        response = browser.get(path)
    assert response.status_code == 200
    return len(selects(statements))


def test_the_overview_needs_as_many_queries_for_one_item_as_for_many(app, db, space, signed_in):
    browser = signed_in(space.partner_member)
    _fill(app, db, space, range(1))
    few = _selects_on_overview(app, browser, space)
    _fill(app, db, space, range(1, 7))
    assert "Thema 6" in browser.get(space.path).get_data(as_text=True)
    assert _selects_on_overview(app, browser, space) == few
