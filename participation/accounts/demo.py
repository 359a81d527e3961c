"""One demo account per role. Development only: the README lists these credentials."""

from sqlmodel import Session

from participation.accounts.models import Role
from participation.accounts.services import create_user

DEMO_PASSWORD = "demo-passwort-2026"

DEMO_USERS = [
    ("bewohnerin@beispielstadt.example", "Anna Bewohnerin", Role.RESIDENT),
    ("moderation@beispielstadt.example", "Mo Moderation", Role.MODERATOR),
    ("verwaltung@beispielstadt.example", "Vera Verwaltung", Role.STAFF),
    ("beirat@beispielstadt.example", "Bernd Beirat", Role.BOARD_MEMBER),
    ("partner@beispielstadt.example", "Paula Partner", Role.PARTNER_COORDINATOR),
    ("admin@beispielstadt.example", "Ada Admin", Role.ADMIN),
]


def seed_demo_users(session: Session, district_ids: list[int]) -> None:
    for index, (email, name, role) in enumerate(DEMO_USERS):
        create_user(session, email=email, display_name=name, password=DEMO_PASSWORD, roles={role},
                    district_id=district_ids[index % len(district_ids)], verified=True)
