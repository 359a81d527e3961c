"""WCAG 1.4.10 reflow, 2.1.1 keyboard, 2.4.7 visible focus and 3.3.1 error identification: at 400 % zoom (a 320
CSS pixel wide window) no page needs sideways scrolling, a wide table scrolls in a box of its own that the keyboard
can reach and scroll, wherever the keyboard goes the focus can be seen, and a form's errors are announced and
linked to their fields."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import ADMIN_EMAIL, RESIDENT_EMAIL, path_is, tab_to

# 1280 pixels at 400 % zoom.
ZOOMED_WIDTH = 320
PAGES = {
    "": ["/", "/ideas/", "/ideas/1", "/ideas/outcomes", "/measures/", "/boards/", "/volunteer/", "/news/",
         "/documents/", "/search?q=Park", "/statistics", "/open-data/", "/leichte-sprache", "/accessibility",
         "/auth/register", "/accessibility/feedback"],
    RESIDENT_EMAIL: ["/account/", "/account/export", "/account/consents", "/account/delete", "/ideas/new",
                     "/volunteer/my-shifts"],
    ADMIN_EMAIL: ["/admin/", "/admin/audit", "/admin/users", "/admin/units", "/admin/partners/", "/moderation/",
                  "/measures/overview", "/measures/1", "/meetings/1", "/boards/1/members", "/manual/",
                  "/admin/feedback"],
}
OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  // Closed <details> hide their content: open them, so that what they hold is measured too.
  document.querySelectorAll('details').forEach(details => { details.open = true; });
  const scrolls = element => ['auto', 'scroll'].includes(getComputedStyle(element).overflowX);
  const wide = [...document.querySelectorAll('body *')].filter(element => {
    const box = element.getBoundingClientRect();
    if (box.right <= width + 1) return false;
    // Inside a container that scrolls on its own (wide data tables): allowed by 1.4.10.
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      if (scrolls(parent) && parent.clientWidth <= width) return false;
    }
    return getComputedStyle(element).visibility !== 'hidden';
  });
  // A box that scrolls must be reachable by keyboard, or its hidden part is lost without a mouse (2.1.1).
  const focusable = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';
  const unreachable = [...document.querySelectorAll('body *')].filter(element =>
    scrolls(element) && element.scrollWidth > element.clientWidth + 1
    && !element.matches(focusable) && !element.querySelector(focusable));
  const name = element => element.tagName.toLowerCase() + (element.className ? '.' + element.className : '');
  return {scroll: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5).map(name),
          unreachable: unreachable.map(name)};
}"""
FOCUS_SCRIPT = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  return {visible: outline || style.boxShadow !== 'none',
          element: element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
                   + (element.className ? '.' + element.className : '') + ' '
                   + (element.textContent || '').trim().slice(0, 30)};
}"""
# Pages with forms, tables and their scrolling boxes, for the keyboard: (who, path).
FOCUS_PAGES = [
    ("", "/"), ("", "/ideas/1"), ("", "/auth/register"), ("", "/accessibility/feedback"), ("", "/statistics"),
    (RESIDENT_EMAIL, "/account/"), (RESIDENT_EMAIL, "/account/consents"), (RESIDENT_EMAIL, "/volunteer/my-shifts"),
    (ADMIN_EMAIL, "/admin/audit"), (ADMIN_EMAIL, "/admin/users"), (ADMIN_EMAIL, "/measures/1"),
]
MAX_TABS = 150


@pytest.mark.parametrize("who", list(PAGES), ids=["visitor", "resident", "admin"])
def test_no_page_scrolls_sideways_at_400_percent_zoom(signed_in, who):
    page = signed_in(who, "de")
    page.set_viewport_size({"width": ZOOMED_WIDTH, "height": 640})
    problems = {}
    try:
        for path in PAGES[who]:
            page.goto(path)
            result = page.evaluate(OVERFLOW_SCRIPT)
            if result["scroll"] > 1 or result["unreachable"]:
                problems[path] = result
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
    assert problems == {}


@pytest.mark.parametrize(("who", "path"), FOCUS_PAGES, ids=[path for _, path in FOCUS_PAGES])
def test_the_keyboard_focus_is_always_visible(signed_in, who, path):
    page = signed_in(who, "de")
    page.goto(path)
    hidden, seen = [], []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_SCRIPT)
        if focus["element"].startswith("body"):
            break
        seen.append(focus["element"])
        if not focus["visible"]:
            hidden.append(focus["element"])
    assert seen, f"Tab reached nothing on {path}"
    if page.locator("main .table-scroll").count():
        assert any(element.startswith("div.table-scroll") for element in seen), "Tab skipped the table boxes"
    assert hidden == []


def test_a_wide_table_scrolls_in_its_own_box_with_the_keyboard(signed_in):
    page = signed_in(ADMIN_EMAIL, "de")
    page.set_viewport_size({"width": ZOOMED_WIDTH, "height": 640})
    try:
        page.goto("/admin/audit")
        box = page.locator("main .table-scroll")
        # A named region, so that a screen reader says what it holds when the keyboard lands on it.
        expect(box).to_have_attribute("role", "region")
        expect(box).to_have_accessible_name(page.locator("main table caption").inner_text())
        assert box.evaluate("element => element.scrollWidth > element.clientWidth"), "the table fits: nothing to test"
        tab_to(page, box)
        assert page.evaluate(FOCUS_SCRIPT)["visible"]
        page.keyboard.press("ArrowRight")
        # Keyboard scrolling is animated: wait until it has moved.
        page.wait_for_function("element => element.scrollLeft > 0", arg=box.element_handle())
        assert page.evaluate("document.documentElement.scrollLeft") == 0  # the page itself stays put
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def test_an_empty_form_announces_its_errors_and_links_them_to_the_fields(signed_in):
    page = signed_in("", "de")
    page.goto("/auth/register")
    submit = page.locator("main form button[type=submit]")
    tab_to(page, submit)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(path_is("/auth/register"))
    summary = page.locator("main .error-summary")
    expect(summary).to_be_visible()
    # A screen reader reads the summary out as soon as the page shows it (or the focus is already there).
    assert summary.get_attribute("role") == "alert" or summary.evaluate("e => e.contains(document.activeElement)")
    links = summary.locator("a[href^='#']")
    assert links.count() >= 4  # name, e-mail address, password, consent at least
    for target in [link.get_attribute("href")[1:] for link in links.all()]:
        field = page.locator(f"[id='{target}']")
        expect(field).to_have_count(1)
        assert field.evaluate("e => ['INPUT', 'SELECT', 'TEXTAREA'].includes(e.tagName)"), f"#{target} is no field"
        # The field says it is wrong and which error it has: aria-invalid and aria-describedby on the message.
        expect(field).to_have_attribute("aria-invalid", "true")
        described = (field.get_attribute("aria-describedby") or "").split()
        messages = [page.locator(f"[id='{id_}'].error-message") for id_ in described]
        assert any(message.count() == 1 and message.inner_text().strip() for message in messages), (
            f"#{target} is not described by its error message: aria-describedby={described}")
