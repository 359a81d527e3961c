from participation.accounts.models import User
from participation.municipality.models import District


def test_profile_shows_own_data(sign_in_as, browser):
    user = sign_in_as()
    page = browser.get("/account/").get_data(as_text=True)
    assert user.email in page and user.display_name in page


def test_profile_saves_name_district_and_mail_language(sign_in_as, browser, db):
    district = District(name="Seedorf")
    db.add(district)
    db.commit()
    user = sign_in_as()
    response = browser.submit("/account/", {"display_name": "Neuer Name", "district": str(district.id),
                                            "locale": "en"})
    assert response.status_code == 302
    saved = db.get(User, user.id)
    assert (saved.display_name, saved.district_id, saved.locale) == ("Neuer Name", district.id, "en")


def test_profile_rejects_an_empty_name(sign_in_as, browser, db):
    user = sign_in_as()
    response = browser.submit("/account/", {"display_name": "", "district": "0", "locale": "de"})
    assert response.status_code == 422
    assert 'id="display_name-error"' in response.get_data(as_text=True)
    assert db.get(User, user.id).display_name == user.display_name


def test_account_pages_need_sign_in(client):
    for path in ("/account/", "/account/password", "/account/email"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")
