"""The search index follows every change to the searched tables by itself: no service has to remember it."""

import pytest
from sqlalchemy import text
from sqlmodel import select

from participation.documents.models import DocumentVersion
from tests.search.conftest import result_links, search_page

# One FTS5 table per kind, each with its triggers; documents also follow their versions (migration 0020).
SQLITE_TABLES = ("idea", "measure", "paper", "meeting", "agenda_item", "minutes", "news", "document", "project")


def test_every_index_table_and_trigger_exists(db):
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL indexes the columns themselves")
    names = set(db.execute(text("SELECT name FROM sqlite_master WHERE name LIKE 'site_search%'")).scalars())
    expected = {f"site_search_{table}{suffix}" for table in SQLITE_TABLES for suffix in ("", "_insert", "_update",
                                                                                         "_delete")}
    expected |= {f"site_search_document_version_{event}" for event in ("insert", "update", "delete")}
    assert expected <= names, "a later migration that rebuilds a searched table must create its triggers again"


def test_a_changed_text_is_found_by_its_new_words_only(client, content):
    idea = content.idea(title="Bank am Teich")
    idea.title = "Bank am Mühlenbach"
    content.db.add(idea)
    content.db.commit()
    assert result_links(search_page(client, "Mühlenbach")[1]) == [f"/ideas/{idea.id}"]
    assert result_links(search_page(client, "Teich")[1]) == []


def test_a_deleted_object_is_no_longer_found(client, content):
    post = content.news(title="Lindenfest abgesagt")
    content.db.delete(post)
    content.db.commit()
    assert result_links(search_page(client, "Lindenfest")[1]) == []


def test_a_new_version_replaces_the_file_text_and_removing_it_brings_back_the_old(client, content):
    document = content.document(title="Bebauungsplan", file_texts=["Entwurf mit Tiefgarage."])
    newest = content.version(document, "Fassung mit Quartiersgarage.")
    assert result_links(search_page(client, "Tiefgarage")[1]) == []
    assert result_links(search_page(client, "Quartiersgarage")[1]) == [f"/documents/{document.id}"]
    content.db.delete(content.db.exec(select(DocumentVersion).where(DocumentVersion.id == newest.id)).one())
    content.db.commit()
    assert result_links(search_page(client, "Tiefgarage")[1]) == [f"/documents/{document.id}"]
    assert result_links(search_page(client, "Quartiersgarage")[1]) == []


def test_a_documents_description_is_searched_and_its_title_change_followed(client, content):
    document = content.document(title="Lageplan", description="Standorte der Trinkbrunnen.", file_texts=["Karte"])
    assert result_links(search_page(client, "Trinkbrunnen")[1]) == [f"/documents/{document.id}"]
    document.title = "Übersichtsplan"
    content.db.add(document)
    content.db.commit()
    assert result_links(search_page(client, "Übersichtsplan")[1]) == [f"/documents/{document.id}"]
    assert result_links(search_page(client, "Karte")[1]) == [f"/documents/{document.id}"], "the file text stays"
