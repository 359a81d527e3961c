"""`flask seed-demo`: each area adds its demo content, in dependency order."""

from pathlib import Path

from flask import current_app
from sqlmodel import Session, select

from participation.accounts.demo import seed_demo_users
from participation.accounts.models import User
from participation.accounts.services import count_users, find_user_by_email
from participation.boards.demo import seed_demo_boards
from participation.coordination.demo import seed_demo_spaces
from participation.db import utcnow
from participation.documents.demo import seed_demo_documents
from participation.ideas.demo import seed_demo_ideas
from participation.measures.demo import seed_demo_measures
from participation.measures.quarters import today_in
from participation.moderation.demo import seed_demo_moderation
from participation.municipality.demo import seed_municipality
from participation.municipality.queries import list_districts
from participation.news.demo import seed_demo_news
from participation.papers.demo import seed_demo_papers
from participation.partners.demo import seed_demo_partners
from participation.privacy.consents import record_privacy_consent
from participation.representatives.demo import seed_demo_proposals
from participation.volunteering.demo import seed_demo_projects


def seed_demo_data(session: Session) -> bool:
    """Load the demo municipality into an empty database; False (and nothing written) if it has users."""
    if count_users(session) > 0:
        return False
    seed_municipality(session)
    seed_demo_users(session, [district.id for district in list_districts(session)])
    seed_demo_partners(session, Path(current_app.config["UPLOAD_DIR"]))
    seed_demo_ideas(session)
    timezone_name = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    today = today_in(timezone_name)
    seed_demo_measures(session, today)
    seed_demo_papers(session, find_user_by_email(session, "verwaltung@beispielstadt.example"),
                     Path(current_app.config["UPLOAD_DIR"]))
    seed_demo_boards(session, find_user_by_email(session, "admin@beispielstadt.example"), today, timezone_name)
    seed_demo_proposals(session, today)
    seed_demo_moderation(session)
    seed_demo_projects(session, timezone_name)
    seed_demo_spaces(session, Path(current_app.config["UPLOAD_DIR"]))
    seed_demo_news(session, Path(current_app.config["UPLOAD_DIR"]), utcnow())
    seed_demo_documents(session, Path(current_app.config["UPLOAD_DIR"]), today)
    # Every demo person registered, so every one accepted the privacy notice.
    for user in session.exec(select(User)).all():
        record_privacy_consent(session, user)
    return True
