"""The open-data page in a real Chromium: axe finds no WCAG 2.1 AA violation, in both languages, also with a
dataset's fields opened; its download links deliver the files."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import LANGUAGES, visit_all
from tests.e2e.test_accessibility import assert_accessible

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", LANGUAGES)
def test_open_data_page_is_accessible(signed_in, lang):
    page = signed_in("", lang)
    visit_all(page, [("/open-data/", 200)], lang, "visitor")
    page.locator("#ideas details summary").click()
    expect(page.locator("#ideas table")).to_be_visible()
    assert_accessible(page, f"/open-data/ with the fields of the ideas [{lang}]")


def test_the_links_deliver_the_files(page):
    page.goto("/open-data/?lang=en")
    with page.expect_download() as download_info:
        page.locator("a[href='/open-data/ideas.csv']").click()
    download = download_info.value
    assert download.suggested_filename == "ideas.csv"
    with open(download.path(), encoding="utf-8") as downloaded:
        assert downloaded.readline().startswith("id,url,title,body,status")
