"""The page /open-data/ explains every dataset and links its files, the catalogue, OParl and the feeds."""

import re


def test_page_explains_and_links_every_dataset(client):
    response = client.get("/open-data/?lang=en")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for name in ("ideas.csv", "ideas.json", "measures.csv", "measures.json", "measure-reviews.csv", "meetings.csv",
                 "meetings.json", "agenda-items.csv", "agenda-items.json", "projects.csv", "projects.json"):
        assert f'href="/open-data/{name}"' in page
    assert "Ideas of residents" in page and "Public agenda items" in page
    assert "<code>support_count</code>" in page, "each dataset's fields are explained"
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in page
    assert "Live" in page
    assert "publish no names of people" in page
    for path in ("/open-data/catalog.jsonld", "/oparl/v1/system", "/feeds/ideas.atom", "/feeds/measures.atom",
                 "/feeds/news.atom", "/calendar.ics"):
        assert f'href="{path}"' in page


def test_page_is_linked_from_every_page(client):
    assert re.search(r'<a href="/open-data/">[^<]+</a>', client.get("/").get_data(as_text=True))
