"""A new resident proposes an idea with an image, finds it after publication, supports it, comments, hears
of a reply by mail and in the portal, and stops following it: in German by keyboard (axe on every page),
in English by mouse.

New ideas wait for the moderators; as there is no moderation page yet, the test publishes the idea through
the service. The mails go to the file backend; `flask send-mail` sends the outbox.
"""

import re
from email.header import decode_header, make_header

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    DEMO_PASSWORD,
    NEW_PASSWORD,
    RESIDENT_EMAIL,
    confirm_mailed_link,
    expect_signed_in,
    idea_id_from,
    open_confirmation_link,
    path_is,
    publish_idea,
    register,
    send_queued_mail,
    sign_in,
    tab_and_type,
    tab_to,
    wait_for_similar_ideas,
    write_png,
)
from tests.e2e.test_accessibility import assert_accessible

pytestmark = pytest.mark.e2e

REPLIER_NAME = "Anna Bewohnerin"  # the demo resident
IMAGE_LOADED = """() => { const image = document.querySelector('img.idea-image');
    return image !== null && image.complete && image.naturalWidth > 0; }"""


def comment_id_from(url: str) -> int:
    match = re.search(r"#comment-(\d+)$", url)
    assert match, f"{url} does not point to a comment"
    return int(match.group(1))


def press_and_wait(page: Page, key: str = "Enter") -> None:
    """Press a key on the focused link or button, and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def reply_as_demo_resident(new_context, idea_id: int, comment_id: int, text: str) -> int:
    """Another resident answers the comment, in a browser of her own; returns the reply's id."""
    context = new_context()
    try:
        page = context.new_page()
        sign_in(page, RESIDENT_EMAIL, DEMO_PASSWORD)
        page.goto(f"/ideas/{idea_id}")
        comment = page.locator(f"#comment-{comment_id}")
        comment.locator("details.reply summary").click()
        comment.locator(f"#reply-{comment_id}").fill(text)
        with page.expect_navigation():
            comment.locator("details.reply button[type=submit]").click()
        reply_id = comment_id_from(page.url)
        expect(page.locator(f".replies #comment-{reply_id}")).to_contain_text(text)
        return reply_id
    finally:
        context.close()


def expect_reply_mail(mailbox, address: str, idea_id: int, reply_id: int, title: str) -> str:
    """The notification mail about the reply links to it; returns its text."""
    link = f"/ideas/{idea_id}#comment-{reply_id}"
    mails = [message for message in mailbox.to(address) if link in mailbox.body(message)]
    assert len(mails) == 1, f"expected one mail to {address} linking to {link}, got {len(mails)}"
    (message,) = mails
    body = mailbox.body(message)
    assert re.search(r"https?://[^/\s]+" + re.escape(link) + r"(\s|$)", body), body
    subject = " ".join(str(make_header(decode_header(message["Subject"]))).split())
    assert title in subject, subject
    assert "/notifications/unsubscribe/" in body
    return body


def test_german_journey_by_keyboard(page: Page, new_context, live_server, mailbox, unique_email,
                                    idea_upload_dir, tmp_path):
    email_address = unique_email("ideen-tastatur")
    title = "Spielplatz am Seeufer erneuern"
    image = write_png(tmp_path / "spielplatz.png")

    def axe(label: str) -> None:
        expect(page.locator("html")).to_have_attribute("lang", "de")
        assert_accessible(page, f"{label} [de, keyboard journey]")

    # Register, confirm the address from the mail, sign in: keys only.
    page.goto("/auth/register")
    axe("register")
    tab_and_type(page, "#display_name", "Rosa Tastatur")
    tab_and_type(page, "#email", email_address)
    tab_and_type(page, "#password", NEW_PASSWORD)
    tab_and_type(page, "#password_confirmation", NEW_PASSWORD)
    tab_to(page, page.locator("#privacy_consent"))
    page.keyboard.press("Space")
    tab_to(page, page.locator("main form button[type=submit]"))
    press_and_wait(page)
    expect(page).to_have_url(path_is("/auth/check-mail"))
    axe("check mail")
    open_confirmation_link(page, mailbox.link(email_address, "/auth/verify/"))
    axe("confirmation link")
    tab_to(page, page.locator("main form button[type=submit]"))
    press_and_wait(page)
    expect(page).to_have_url(path_is("/auth/login"))
    axe("sign-in")
    tab_and_type(page, "#email", email_address)
    tab_and_type(page, "#password", NEW_PASSWORD)
    press_and_wait(page)
    expect_signed_in(page, "Abmelden")
    axe("home, signed in")

    # Ideas → "Propose an idea".
    tab_to(page, page.locator("nav.main-nav a[href='/ideas/']"))
    press_and_wait(page)
    expect(page).to_have_url(path_is("/ideas/"))
    axe("ideas list")
    tab_to(page, page.locator("main a[href='/ideas/new']"))
    press_and_wait(page)
    expect(page).to_have_url(path_is("/ideas/new"))
    expect(page.locator("h1")).to_have_text("Idee vorschlagen")
    axe("new idea")

    # A title like a demo idea's: while typing, the similar ideas show up (fetched by the script).
    tab_and_type(page, "#title", title)
    similar = wait_for_similar_ideas(page)
    expect(similar.locator("h2")).to_have_text("Ist Ihre Idee schon dabei?")
    expect(similar.locator("a", has_text="Spielplatz am Seeufer").first).to_be_visible()
    tab_and_type(page, "#body", "Die Schaukel ist **kaputt**.\n- neue Schaukel\n- Sonnensegel")
    district = page.locator("#district")
    tab_to(page, district)
    page.keyboard.press("ArrowDown")
    assert district.input_value() not in ("", "0"), "ArrowDown on the district list must choose a district"
    area = page.locator("#action_areas-0")
    tab_to(page, area)
    page.keyboard.press("Space")
    expect(area).to_be_checked()
    # The file input is reached by keyboard; Enter would open the system's file dialog, so the file is set.
    tab_to(page, page.locator("#image"))
    page.locator("#image").set_input_files(image)

    # Preview: the text rendered, the image kept for the final step, the similar ideas listed again.
    tab_to(page, page.locator(".idea-form button[name=step][value=preview]"))
    press_and_wait(page)
    preview = page.locator("section.preview")
    expect(preview.locator("h2")).to_have_text("Vorschau")
    expect(preview.locator(".preview-box h3")).to_have_text(title)
    expect(preview.locator(".preview-box strong")).to_have_text("kaputt")
    expect(page.locator("#image_token")).not_to_have_value("")
    expect(page.locator("main .similar-box a").first).to_be_visible()
    expect(page.locator("#title")).to_have_value(title)
    axe("new idea, preview")
    tab_to(page, page.locator(".idea-form button[name=step][value=submit]"))
    press_and_wait(page)
    idea_id = idea_id_from(page.url)
    expect(page).to_have_url(path_is(f"/ideas/{idea_id}"))
    expect(page.locator(".flash-success")).to_contain_text("wartet auf die Prüfung")
    expect(page.locator("h1")).to_have_text(title)
    axe("own idea, waiting for review")

    publish_idea(live_server, idea_id)

    # Search with an inflected form of a word of the title.
    tab_to(page, page.locator("nav.main-nav a[href='/ideas/']"))
    press_and_wait(page)
    axe("ideas list, with the new idea")
    tab_and_type(page, "#q", "Spielplätze")
    press_and_wait(page)  # Enter in the search field submits the filter form
    expect(page).to_have_url(re.compile(r"/ideas/\?.*q=Spielpl%C3%A4tze"))
    result = page.locator(f"main .idea-card a[href='/ideas/{idea_id}']")
    expect(result).to_have_text(title)
    axe("search results")
    tab_to(page, result)
    press_and_wait(page)
    expect(page).to_have_url(path_is(f"/ideas/{idea_id}"))
    page.wait_for_function(IMAGE_LOADED)
    axe("published idea")

    # Support: the script sends it and updates the page without loading it again.
    support_form = page.locator("form[data-support-form]")
    button = support_form.locator("button")
    count = page.locator("[data-support-count]")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button).to_have_text("Diese Idee unterstützen")
    expect(count).to_have_text("0 Bürger*innen unterstützen diese Idee.")
    url_before = page.url
    page.evaluate("() => { window.stillTheSamePage = true; }")
    tab_to(page, button)
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_have_text("Meine Unterstützung zurückziehen")
    expect(count).to_have_text("1 Bürger*in unterstützt diese Idee.")
    expect(support_form).to_have_attribute("action", f"/ideas/{idea_id}/support/withdraw")
    assert page.url == url_before
    assert page.evaluate("() => window.stillTheSamePage === true"), "supporting must not load the page again"

    # Without JavaScript the same buttons work by POST and redirect.
    plain = new_context(java_script_enabled=False, storage_state=page.context.storage_state()).new_page()
    try:
        plain.goto(f"/ideas/{idea_id}")
        plain_button = plain.locator("form[data-support-form] button")
        expect(plain_button).to_have_attribute("aria-pressed", "true")
        for pressed_after, label_after, count_after in (
                ("false", "Diese Idee unterstützen", "0 Bürger*innen unterstützen diese Idee."),
                ("true", "Meine Unterstützung zurückziehen", "1 Bürger*in unterstützt diese Idee.")):
            tab_to(plain, plain_button)
            press_and_wait(plain)
            expect(plain).to_have_url(re.compile(rf"/ideas/{idea_id}#support$"))
            expect(plain.locator(".flash-success")).to_be_visible()
            expect(plain_button).to_have_attribute("aria-pressed", pressed_after)
            expect(plain_button).to_have_text(label_after)
            expect(plain.locator("[data-support-count]")).to_have_text(count_after)
        expect(plain.locator("html")).to_have_attribute("lang", "de")
        # (axe itself needs JavaScript: the same page is checked below, in the page with scripts.)
    finally:
        plain.context.close()

    # Comment, with a stance chosen by the arrow keys.
    page.reload()
    axe("idea, supported")
    tab_and_type(page, ".comment-form textarea", "Ich helfe gern beim Aufbau.")
    tab_to(page, page.locator(".comment-form input[name=stance]:checked"))
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#stance-0")).to_be_checked()
    tab_to(page, page.locator(".comment-form button[type=submit]"))
    press_and_wait(page)
    comment_id = comment_id_from(page.url)
    expect(page.locator(".flash-success")).to_have_text("Ihr Kommentar wurde veröffentlicht.")
    expect(page.locator(f"#comment-{comment_id}")).to_contain_text("Ich helfe gern beim Aufbau.")
    expect(page.locator(f"#comment-{comment_id} .stance-for")).to_have_count(1)
    axe("idea with the comment")

    # Another resident replies; the mail about it links to the reply.
    reply_id = reply_as_demo_resident(new_context, idea_id, comment_id, "Da mache ich mit!")
    send_queued_mail(live_server)
    body = expect_reply_mail(mailbox, email_address, idea_id, reply_id, title)
    assert f"{REPLIER_NAME} hat auf Ihren Kommentar zu „{title}“ geantwortet" in body, "a German mail"

    # The notification in the portal leads to the reply.
    page.reload()
    unread = page.locator("nav.main-nav a[href='/account/notifications']")
    expect(unread).to_contain_text(re.compile(r"\d"))
    tab_to(page, unread)
    press_and_wait(page)
    expect(page).to_have_url(path_is("/account/notifications"))
    notification = page.locator(f".notification.unread a[href='/ideas/{idea_id}#comment-{reply_id}']")
    expect(notification).to_have_text(f"{REPLIER_NAME} hat auf Ihren Kommentar zu „{title}“ geantwortet")
    axe("notifications")
    tab_to(page, notification)
    press_and_wait(page)
    expect(page.locator(f"#comment-{reply_id}")).to_contain_text("Da mache ich mit!")
    axe("idea, opened from the notification")

    # Stop following: the button says the opposite afterwards.
    follow_form = page.locator("#follow form")
    follow_button = follow_form.locator("button")
    expect(follow_form).to_have_attribute("action", f"/ideas/{idea_id}/unfollow")
    expect(follow_button).to_have_text("Nicht mehr folgen")
    tab_to(page, follow_button)
    press_and_wait(page)
    expect(page).to_have_url(re.compile(rf"/ideas/{idea_id}#follow$"))
    expect(follow_form).to_have_attribute("action", f"/ideas/{idea_id}/follow")
    expect(follow_button).to_have_text("Idee folgen")
    expect(page.locator(".flash-success")).to_have_text("Sie folgen dieser Idee nicht mehr.")
    axe("idea, no longer followed")


def test_english_journey(page: Page, new_context, live_server, mailbox, unique_email, idea_upload_dir, tmp_path):
    email_address = unique_email("ideas-english")
    title = "New swings for the Spielplatz am Seeufer"
    image = write_png(tmp_path / "swings.png", size=(80, 60))

    def expect_english() -> None:
        expect(page.locator("html")).to_have_attribute("lang", "en")

    register(page, email_address, NEW_PASSWORD, display_name="Robin Mouse", lang="en")
    expect_english()
    confirm_mailed_link(page, mailbox.link(email_address, "/auth/verify/"))
    expect(page).to_have_url(path_is("/auth/login"))
    page.get_by_label("E-mail address").fill(email_address)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign in").click()
    expect_signed_in(page, "Sign out")

    page.locator("nav.main-nav").get_by_role("link", name="Ideas").click()
    expect(page).to_have_url(path_is("/ideas/"))
    expect_english()
    page.locator("main").get_by_role("link", name="Propose an idea").click()
    expect(page).to_have_url(path_is("/ideas/new"))
    expect(page.locator("h1")).to_have_text("Propose an idea")

    page.get_by_label("Title").press_sequentially(title)
    similar = wait_for_similar_ideas(page)
    expect(similar.locator("h2")).to_have_text("Is yours one of these ideas?")
    page.get_by_label("Description").fill("The old swings are broken. Two new ones and some shade, please.")
    page.locator("#action_areas-0").check()
    page.get_by_label("Image (optional)").set_input_files(image)
    with page.expect_navigation():
        page.get_by_role("button", name="Preview").click()
    expect(page.locator("section.preview h2")).to_have_text("Preview")
    expect(page.locator(".preview-box")).to_contain_text("With your image.")
    expect(page.locator("main .similar-box h2")).to_have_text("Is yours one of these ideas?")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit idea").click()
    idea_id = idea_id_from(page.url)
    expect(page.locator(".flash-success")).to_contain_text("waiting for review")
    expect_english()

    publish_idea(live_server, idea_id)

    page.locator("nav.main-nav").get_by_role("link", name="Ideas").click()
    page.get_by_role("textbox", name="Search").fill("Spielplätze")
    with page.expect_navigation():
        page.get_by_role("button", name="Show ideas").click()
    expect(page).to_have_url(re.compile(r"/ideas/\?.*q=Spielpl%C3%A4tze"))
    expect_english()
    page.locator(f"main .idea-card a[href='/ideas/{idea_id}']").click()
    expect(page).to_have_url(path_is(f"/ideas/{idea_id}"))
    page.wait_for_function(IMAGE_LOADED)
    expect(page.get_by_role("img", name=re.compile("Image for the idea"))).to_be_visible()

    support = page.locator("form[data-support-form] button")
    expect(support).to_have_text("Support this idea")
    expect(page.locator("[data-support-count]")).to_have_text("0 residents support this idea.")
    url_before = page.url
    page.evaluate("() => { window.stillTheSamePage = true; }")
    support.click()
    expect(support).to_have_text("Withdraw my support")
    expect(page.locator("[data-support-count]")).to_have_text("1 resident supports this idea.")
    assert page.url == url_before and page.evaluate("() => window.stillTheSamePage === true")

    page.get_by_label("Your comment").fill("I can help to build them.")
    page.get_by_label("For", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Publish comment").click()
    comment_id = comment_id_from(page.url)
    expect(page.locator(".flash-success")).to_have_text("Your comment has been published.")

    reply_id = reply_as_demo_resident(new_context, idea_id, comment_id, "Count me in!")
    send_queued_mail(live_server)
    body = expect_reply_mail(mailbox, email_address, idea_id, reply_id, title)
    assert f"{REPLIER_NAME} replied to your comment on “{title}”" in body, "the mail is in the reader's language"

    page.locator("nav.main-nav a[href='/account/notifications']").click()
    expect(page.locator("h1")).to_have_text("Notifications")
    expect_english()
    notification = page.locator(f".notification a[href='/ideas/{idea_id}#comment-{reply_id}']")
    expect(notification).to_have_text(f"{REPLIER_NAME} replied to your comment on “{title}”")
    notification.click()
    expect(page.locator(f"#comment-{reply_id}")).to_contain_text("Count me in!")

    follow = page.locator("#follow button")
    expect(follow).to_have_text("Stop following")
    with page.expect_navigation():
        follow.click()
    expect(follow).to_have_text("Follow idea")
    expect(page.locator(".flash-success")).to_have_text("You no longer follow this idea.")
    expect_english()
