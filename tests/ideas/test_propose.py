"""Proposing an idea: preview, similar ideas, moderation, images, editing and withdrawing."""

import io

import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.ideas.models import Idea, IdeaStatus, IdeaVersion
from tests.conftest import Browser
from tests.ideas.conftest import idea_form, image_bytes


def new_idea(db, title):
    return db.exec(select(Idea).where(Idea.title == title)).first()


def test_visitors_are_asked_to_sign_in(client):
    response = client.get("/ideas/new")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_preview_shows_the_rendered_text_and_similar_ideas(sign_in_as, browser, structure, make_idea, db):
    make_idea(title="Sitzbänke entlang des Mühlenbachs")
    sign_in_as()
    response = browser.submit("/ideas/new", idea_form(structure, step="preview"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>Bank</strong>" in page  # the preview
    assert "Sitzbänke entlang des Mühlenbachs" in page  # a similar idea, before anything is saved
    assert 'value="submit"' in page
    assert new_idea(db, "Bänke am Mühlenbach") is None


def test_similar_ideas_fragment_for_the_typing_resident(client, make_idea):
    make_idea(title="Neuer Spielplatz am Seeufer")
    page = client.get("/ideas/similar?title=Spielplätze").get_data(as_text=True)
    assert "Neuer Spielplatz am Seeufer" in page
    assert client.get("/ideas/similar?title=Hundewiese").get_data(as_text=True).strip() == ""


def test_premoderated_idea_waits_for_review_and_is_hidden_from_others(app, sign_in_as, browser, structure, db,
                                                                      make_user):
    author = sign_in_as()
    response = browser.submit("/ideas/new", idea_form(structure))
    idea = new_idea(db, "Bänke am Mühlenbach")
    assert response.headers["Location"] == f"/ideas/{idea.id}"
    assert idea.status == IdeaStatus.SUBMITTED.value and idea.author_id == author.id
    page = browser.get(f"/ideas/{idea.id}?lang=en").get_data(as_text=True)
    assert "Waiting for review" in page and "Only you and the moderators can see this idea" in page
    other = Browser(app.test_client())
    assert other.get(f"/ideas/{idea.id}").status_code == 404
    assert "Bänke am Mühlenbach" not in other.get("/ideas/").get_data(as_text=True)
    assert "Bänke am Mühlenbach" not in other.get("/ideas/?q=Bänke").get_data(as_text=True)
    assert "Bänke am Mühlenbach" not in other.get("/ideas/similar?title=Bänke").get_data(as_text=True)
    moderator = make_user(Role.MODERATOR)
    other.sign_in(moderator.email)
    assert other.get(f"/ideas/{idea.id}").status_code == 200


def test_without_premoderation_the_idea_is_published_at_once(app, sign_in_as, browser, structure, db):
    app.config["IDEAS_PREMODERATED"] = False
    sign_in_as()
    browser.submit("/ideas/new", idea_form(structure))
    idea = new_idea(db, "Bänke am Mühlenbach")
    assert idea.status == IdeaStatus.PUBLISHED.value
    assert app.test_client().get(f"/ideas/{idea.id}").status_code == 200


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": "Bank"}, "title"),
    ({"title": "x" * 151}, "title"),
    ({"body": ""}, "body"),
    ({"body": "x" * 10001}, "body"),
    ({"action_areas": []}, "action_areas"),
    ({"latitude": "95"}, "latitude"),
    ({"district": "999999"}, "district"),
])
def test_bad_input_is_explained_and_nothing_saved(sign_in_as, browser, structure, db, changes, field):
    sign_in_as()
    response = browser.submit("/ideas/new", idea_form(structure, **changes))
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert db.exec(select(Idea)).all() == []


def upload(browser, structure, content: bytes, filename: str, step="submit"):
    data = idea_form(structure, step=step)
    data["image"] = (io.BytesIO(content), filename)
    return browser.submit("/ideas/new", data, form_page="/ideas/new", content_type="multipart/form-data")


def test_image_is_reencoded_and_served_with_its_type(app, sign_in_as, browser, structure, db):
    app.config["IDEAS_PREMODERATED"] = False
    sign_in_as()
    response = upload(browser, structure, image_bytes("PNG"), "spielplatz.png")
    assert response.status_code == 302
    idea = new_idea(db, "Bänke am Mühlenbach")
    assert idea.image_content_type == "image/png" and idea.image_name.endswith(".png")
    assert "spielplatz" not in idea.image_name
    image = app.test_client().get(f"/ideas/{idea.id}/image")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert image.data.startswith(b"\x89PNG")


def test_image_from_the_preview_step_is_kept_for_the_submit(app, sign_in_as, browser, structure, db):
    sign_in_as()
    preview = upload(browser, structure, image_bytes("JPEG"), "foto.jpg", step="preview")
    token = preview.get_data(as_text=True).split('name="image_token" type="hidden" value="')[1].split('"')[0]
    response = browser.submit("/ideas/new", idea_form(structure, image_token=token))
    assert response.status_code == 302
    assert new_idea(db, "Bänke am Mühlenbach").image_content_type == "image/jpeg"


@pytest.mark.parametrize(("content", "filename"), [
    (b"<html><script>alert(1)</script></html>", "foto.jpg"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "bild.svg"),
    (b"GIF89a" + bytes(30), "bild.png"),
])
def test_files_that_are_not_images_are_refused_at_the_field(sign_in_as, browser, structure, db, content, filename):
    sign_in_as()
    response = upload(browser, structure, content, filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="image-error"' in page and "JPEG" in page and "PNG" in page
    assert db.exec(select(Idea)).all() == []


def test_image_over_the_size_limit_is_refused(app, sign_in_as, browser, structure, db):
    app.config["IDEA_IMAGE_MAX_BYTES"] = 1000
    sign_in_as()
    response = upload(browser, structure, image_bytes("PNG", size=(400, 400)) + bytes(2000), "gross.png")
    assert response.status_code == 422 and "5 MB" in response.get_data(as_text=True)


def test_author_edits_until_the_first_reaction_and_versions_are_kept(app, sign_in_as, browser, structure, db,
                                                                     make_idea, make_user):
    author = sign_in_as()
    idea = make_idea(author=author)
    response = browser.submit(f"/ideas/{idea.id}/edit", idea_form(structure, title="Spielplatz mit Schatten"))
    assert response.status_code == 302
    assert db.get(Idea, idea.id).title == "Spielplatz mit Schatten"
    version = db.exec(select(IdeaVersion).where(IdeaVersion.idea_id == idea.id)).one()
    assert (version.title, version.editor_id) == ("Neuer Spielplatz am Seeufer", author.id)
    assert "Neuer Spielplatz am Seeufer" in browser.get(f"/ideas/{idea.id}").get_data(as_text=True)

    supporter = Browser(app.test_client())
    supporter.sign_in(make_user().email)
    supporter.submit(f"/ideas/{idea.id}/support", {}, form_page=f"/ideas/{idea.id}")
    assert browser.get(f"/ideas/{idea.id}/edit").status_code == 403


def test_another_resident_cannot_edit_or_withdraw(sign_in_as, browser, make_idea, structure, db):
    idea = make_idea()
    sign_in_as()
    assert browser.get(f"/ideas/{idea.id}/edit").status_code == 403
    response = browser.submit(f"/ideas/{idea.id}/edit", idea_form(structure), form_page="/ideas/new")
    assert response.status_code == 403
    assert browser.submit(f"/ideas/{idea.id}/delete", {}, form_page=f"/ideas/{idea.id}").status_code == 403
    assert db.get(Idea, idea.id).title == "Neuer Spielplatz am Seeufer"


def test_author_withdraws_an_idea_nobody_reacted_to(sign_in_as, browser, make_idea, db):
    author = sign_in_as()
    idea_id = make_idea(author=author).id
    assert browser.submit(f"/ideas/{idea_id}/delete", {}, form_page=f"/ideas/{idea_id}").status_code == 302
    assert db.get(Idea, idea_id) is None
    assert "Neuer Spielplatz" not in browser.get("/ideas/?q=Spielplatz").get_data(as_text=True)
