import io

import pytest
from PIL import Image
from sqlmodel import select

from participation.ideas.models import Idea, IdeaStatus
from participation.ideas.services import IdeaDraft, change_status, propose_idea
from participation.municipality.models import ActionArea, District, Strategy


@pytest.fixture
def structure(db):
    """Two districts and two action areas."""
    strategy = Strategy(title="Gemeinsam für Teststadt")
    db.add(strategy)
    db.flush()
    areas = [ActionArea(strategy_id=strategy.id, title=title) for title in ("Kooperation stärken", "Information")]
    districts = [District(name="Seedorf"), District(name="Altstadt")]
    db.add_all(areas + districts)
    db.commit()
    return {"districts": districts, "areas": areas}


@pytest.fixture
def make_idea(app, db, make_user, structure):
    """An idea by `author` (a new resident if None), published unless told otherwise, committed."""

    def make(title="Neuer Spielplatz am Seeufer", body="Kinder brauchen Platz zum Spielen.", author=None,
             status=IdeaStatus.PUBLISHED, district=0, areas=(0,)):
        author = author or make_user()
        draft = IdeaDraft(title=title, body=body, district_id=structure["districts"][district].id,
                          action_area_ids=[structure["areas"][i].id for i in areas])
        with app.app_context():  # moderators are told of ideas to review: that renders mails
            idea = propose_idea(db, author, draft, premoderated=status != IdeaStatus.PUBLISHED)
            if status not in (IdeaStatus.PUBLISHED, IdeaStatus.SUBMITTED):
                change_status(db, author, idea, status)
        db.commit()
        return db.exec(select(Idea).where(Idea.id == idea.id)).one()

    return make


def idea_form(structure, **changes):
    data = {"title": "Bänke am Mühlenbach", "body": "Auf dem Weg fehlt eine **Bank**.",
            "district": str(structure["districts"][0].id), "action_areas": [str(structure["areas"][0].id)],
            "place": "", "latitude": "", "longitude": "", "step": "submit"}
    data.update(changes)
    return data


def image_bytes(image_format="PNG", size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, image_format)
    return buffer.getvalue()
