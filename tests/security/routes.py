"""Every route the app registers, with values for its parameters taken from the demo municipality.

The security tests walk `app.url_map` instead of a hand-made list, so a new route is covered the day it is added.
Parameters are filled with objects that belong together (a comment of that idea, a version of that document), so a
refusal is the permission check's and not a 404 of mismatched ids.
"""

from dataclasses import dataclass

from sqlalchemy import text
from werkzeug.routing import AnyConverter, Rule

# Parameters a sample value cannot come from the database for: tokens from mails, free names.
LITERAL_VALUES = {"token": "not-a-real-token", "slug": "imprint", "name": "file.pdf", "rest": "unknown",
                  "filename": "app.css", "person_key": "user-1", "kind": "districts", "operation": "up"}


@dataclass(frozen=True)
class RouteCase:
    rule: Rule
    path: str

    @property
    def endpoint(self) -> str:
        return self.rule.endpoint

    def __str__(self) -> str:
        return f"{self.endpoint} {self.path}"


def _first(db, sql: str, **params):
    return db.execute(text(sql), params).scalar()


def _comment_subject(path: str) -> str:
    for prefix, column in (("/measures/", "measure_id"), ("/news/", "news_post_id")):
        if path.startswith(prefix):
            return column
    return "idea_id"


def sample_values(db, rule: Rule) -> dict:
    """Values for the rule's parameters, consistent with each other, from the demo data in `db`."""
    values: dict = {}
    arguments = set(rule.arguments)
    path = rule.rule

    def pick(name, sql, **params):
        if name in arguments:
            values[name] = _first(db, sql, **params) or 1

    if "comment_id" in arguments:
        column = _comment_subject(path)
        row = db.execute(text(f"SELECT id, {column} FROM comment WHERE {column} IS NOT NULL ORDER BY id")).first()
        values["comment_id"], subject_id = row if row else (1, 1)
        values.update({"idea_id": subject_id} if column == "idea_id" and "idea_id" in arguments else {})
        values.update({"measure_id": subject_id} if column == "measure_id" else {})
        values.update({"post_id": subject_id} if column == "news_post_id" else {})
    pick("idea_id", "SELECT id FROM idea WHERE status = 'published' AND NOT is_hidden ORDER BY id")
    pick("measure_id", "SELECT measure_id FROM milestone ORDER BY id")
    pick("milestone_id", "SELECT id FROM milestone WHERE measure_id = :m ORDER BY id", m=values.get("measure_id"))
    pick("review_id", "SELECT id FROM quarterly_review WHERE measure_id = :m ORDER BY id", m=values.get("measure_id"))
    pick("post_id", "SELECT id FROM news_post ORDER BY id")
    pick("meeting_id", "SELECT meeting_id FROM agenda_item ORDER BY id")
    pick("item_id", "SELECT id FROM agenda_item WHERE meeting_id = :m ORDER BY id", m=values.get("meeting_id"))
    pick("agenda_item_id", "SELECT id FROM agenda_item ORDER BY id")
    pick("board_id", "SELECT board_id FROM membership ORDER BY id")
    pick("membership_id", "SELECT id FROM membership WHERE board_id = :b ORDER BY id", b=values.get("board_id"))
    if "proposal_id" in arguments:
        row = db.execute(text("SELECT id, board_id FROM agenda_proposal ORDER BY id")).first()
        values["proposal_id"], values["board_id"] = row if row else (1, values.get("board_id", 1))
    pick("document_id", "SELECT document_id FROM document_version ORDER BY id")
    pick("number", "SELECT number FROM document_version WHERE document_id = :d ORDER BY id",
         d=values.get("document_id"))
    pick("paper_id", "SELECT paper_id FROM document WHERE paper_id IS NOT NULL ORDER BY id")
    pick("file_id", "SELECT id FROM document WHERE paper_id = :p ORDER BY id", p=values.get("paper_id"))
    pick("project_id", "SELECT project_id FROM space_thread ORDER BY id")
    if path.startswith("/volunteer/projects/<int:project_id>/space/documents"):
        pick("document_id", "SELECT id FROM space_document WHERE project_id = :p ORDER BY id", p=values["project_id"])
        pick("version_id", "SELECT id FROM space_document_version WHERE document_id = :d ORDER BY id",
             d=values.get("document_id"))
    pick("thread_id", "SELECT id FROM space_thread WHERE project_id = :p ORDER BY id", p=values.get("project_id"))
    if path.startswith("/volunteer/projects/<int:project_id>/space/tasks"):
        pick("task_id", "SELECT id FROM space_task WHERE project_id = :p ORDER BY id", p=values.get("project_id"))
    pick("task_id", "SELECT id FROM task ORDER BY id")
    pick("shift_id", "SELECT id FROM shift WHERE starts_at > CURRENT_TIMESTAMP ORDER BY id")
    pick("partner_id", "SELECT id FROM partner_organisation ORDER BY id")
    pick("user_id", "SELECT id FROM user_account ORDER BY id")
    pick("unit_id", "SELECT id FROM org_unit ORDER BY id")
    pick("area_id", "SELECT id FROM action_area ORDER BY id")
    pick("strategy_id", "SELECT id FROM strategy ORDER BY id")
    pick("district_id", "SELECT id FROM district ORDER BY id")
    pick("notification_id", "SELECT id FROM notification ORDER BY id")
    for name in ("body_id", "organization_id", "consultation_id", "location_id"):
        pick(name, "SELECT 1")
    for name in arguments - values.keys():
        converter = rule._converters.get(name)
        if isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        else:
            values[name] = LITERAL_VALUES.get(name, 1)
    return values


def route_cases(app, db, method: str) -> list[RouteCase]:
    """One case per rule that accepts `method`, with its path built from demo data."""
    cases = []
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
            if method not in rule.methods or rule.endpoint == "static":
                continue
            cases.append(RouteCase(rule, adapter.build(rule.endpoint, sample_values(db, rule), method=method)))
    return cases


def row_counts(db) -> dict[str, int]:
    """The number of rows of every table: an action that was refused changes none of them."""
    from sqlmodel import SQLModel

    return {table.name: db.execute(text(f'SELECT COUNT(*) FROM "{table.name}"')).scalar()
            for table in SQLModel.metadata.sorted_tables}
