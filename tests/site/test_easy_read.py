"""The page in Leichte Sprache (Easy Read): linked from the home page, a whole text in each language."""

import re

import pytest


def test_the_home_page_links_it(client):
    assert 'href="/leichte-sprache"' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(("lang", "heading", "words"), [
    ("de", "Informationen in Leichter Sprache", ["So machen Sie mit", "Was passiert mit Ihrer Idee?"]),
    ("en", "Easy Read", ["How to take part", "What happens with your idea?"]),
])
def test_it_is_written_in_the_readers_language(client, lang, heading, words):
    response = client.get(f"/leichte-sprache?lang={lang}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in page and f"<h1>{heading}</h1>" in page
    for text in words:
        assert text in page
    # How to take part leads to the pages where it happens, and help is one link away.
    for path in ("/auth/register", "/ideas/new", "/ideas/", "/volunteer/", "/accessibility"):
        assert f'href="{path}"' in page
    assert 'href="/accessibility/feedback?from=/leichte-sprache"' in page


def test_the_german_text_keeps_its_sentences_short(client):
    """Leichte Sprache: one statement per sentence, so no sentence runs long."""
    main = client.get("/leichte-sprache?lang=de").get_data(as_text=True).split("<main", 1)[1].split("</main>")[0]
    text = re.sub(r"<[^>]+>", "\n", main)
    sentences = [s.strip() for s in re.split(r"[.?!:]\s+|\n", text) if s.strip()]
    assert max(len(sentence.split()) for sentence in sentences) <= 10
