"""The command-line tasks an operator runs."""

import sqlite3

from sqlmodel import select

from participation import create_app
from participation.accounts.models import Role, User
from participation.municipality.models import ActionArea, District, Strategy
from tests.conftest import portal_test_config


def test_create_user_with_several_roles(runner, db):
    result = runner.invoke(args=["create-user", "--email", "Chefin@Example.org", "--name", "Chefin",
                                 "--password", "lange genug 12345", "--role", "admin", "--role", "staff"])
    assert result.exit_code == 0, result.output
    user = db.exec(select(User).where(User.email == "chefin@example.org")).one()
    assert user.roles == {Role.RESIDENT, Role.ADMIN, Role.STAFF} and user.is_verified


def test_create_user_with_unknown_role_fails_clearly(runner, db):
    result = runner.invoke(args=["create-user", "--email", "x@example.org", "--name", "X",
                                 "--password", "lange genug 12345", "--role", "emperor"])
    assert result.exit_code != 0
    assert "Invalid value for '--role'" in result.output and "emperor" in result.output
    assert db.exec(select(User)).all() == []


def test_create_user_with_short_password_fails_clearly(runner, db):
    result = runner.invoke(args=["create-user", "--email", "x@example.org", "--name", "X", "--password", "kurz"])
    assert result.exit_code == 1
    assert "12" in result.output
    assert db.exec(select(User)).all() == []


def test_create_user_with_taken_email_fails_clearly(runner, make_user):
    user = make_user()
    result = runner.invoke(args=["create-user", "--email", user.email, "--name", "X",
                                 "--password", "lange genug 12345"])
    assert result.exit_code == 1
    assert "exists" in result.output


def test_seed_demo_fills_an_empty_database_once(runner, db):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert len(db.exec(select(District)).all()) == 6
    titles = {area.title for area in db.exec(select(ActionArea))}
    assert {"Kooperation Stadt-Bürgerschaft stärken", "Transparente Informationskultur fördern",
            "Zusammenarbeit Verwaltung-Politik organisieren", "Zusammenarbeit mit Dritten ausbauen"} <= titles
    assert db.exec(select(Strategy).where(Strategy.title == "Organisation & Verbindlichkeit")).one().is_cross_cutting
    roles = set().union(*(user.roles for user in db.exec(select(User))))
    assert roles == set(Role)

    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and "already" in again.output
    assert len(db.exec(select(District)).all()) == 6


def test_db_upgrade_builds_a_new_database_and_backup_copies_it(tmp_path):
    app = create_app(portal_test_config(f"sqlite:///{tmp_path / 'fresh.db'}", tmp_path / "mail"))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    result = runner.invoke(args=["backup", "--output", str(tmp_path / "copy.db")])
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("select count(*) from district").fetchone() == (6,)
    copy.close()
    app.extensions["database"].dispose()
