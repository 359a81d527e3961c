"""The DCAT-AP.de catalogue (JSON-LD) names every dataset and each of its files, and the OParl interface."""

import json
from urllib.parse import urlsplit

from participation.opendata.catalog import licence_uri
from tests.opendata.conftest import AUTHOR_NAME, STAFF_NAME
from tests.opendata.test_downloads import EMAIL

PREFIXES = {"dcat", "dct", "dcatde", "foaf", "xsd"}
DATASETS = {"ideas": ["csv", "json"], "measures": ["csv", "json"], "measure-reviews": ["csv"],
            "meetings": ["csv", "json"], "agenda-items": ["csv", "json"], "projects": ["csv", "json"]}


def catalog(client) -> dict:
    response = client.get("/open-data/catalog.jsonld")
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    return json.loads(response.get_data(as_text=True))


def prefixed_terms(node) -> set[str]:
    """Every prefix used in a key or a type anywhere in the document."""
    found = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if ":" in key and not key.startswith("@"):
                found.add(key.split(":", 1)[0])
            if key == "@type":
                found.add(value.split(":", 1)[0])
            found |= prefixed_terms(value)
    elif isinstance(node, list):
        for value in node:
            found |= prefixed_terms(value)
    return found


def in_language(texts: list[dict], language: str) -> str:
    return next(text["@value"] for text in texts if text["@language"] == language)


def test_catalog_names_each_dataset_and_distribution(client, record):
    document = catalog(client)
    assert set(document["@context"]) >= PREFIXES
    assert prefixed_terms(document) <= set(document["@context"]), "every prefix is declared"
    assert document["@type"] == "dcat:Catalog"
    assert document["dct:publisher"]["foaf:name"] == "Stadt Beispielstadt"
    datasets = {node["@id"].rsplit("#dataset-", 1)[1]: node for node in document["dcat:dataset"]}
    assert set(datasets) == set(DATASETS)
    for slug, formats in DATASETS.items():
        node = datasets[slug]
        assert node["@type"] == "dcat:Dataset"
        assert {text["@language"] for text in node["dct:title"]} == {"de", "en"}
        assert {text["@language"] for text in node["dct:description"]} == {"de", "en"}
        assert node["dct:modified"]["@type"] == "xsd:dateTime"
        distributions = node["dcat:distribution"]
        assert [urlsplit(dist["dcat:downloadURL"]["@id"]).path for dist in distributions] == [
            f"/open-data/{slug}.{file_format}" for file_format in formats]
        for distribution in distributions:
            assert distribution["@type"] == "dcat:Distribution"
            assert distribution["dct:license"] == {"@id": "http://dcat-ap.de/def/licenses/cc-by/4.0"}
            assert distribution["dcat:mediaType"]["@id"].startswith("https://www.iana.org/assignments/media-types/")
            assert urlsplit(distribution["dcat:accessURL"]["@id"]).path == "/open-data/"
            download = client.get(urlsplit(distribution["dcat:downloadURL"]["@id"]).path, buffered=True)
            assert download.status_code == 200
            assert distribution["dcat:mediaType"]["@id"].endswith(download.mimetype)
    assert in_language(datasets["ideas"]["dct:title"], "en") == "Ideas of residents"


def test_catalog_describes_the_oparl_interface(client, record):
    service = catalog(client)["dcat:service"][0]
    assert service["@type"] == "dcat:DataService"
    assert urlsplit(service["dcat:endpointURL"]["@id"]).path == "/oparl/v1/system"
    assert client.get("/oparl/v1/system").status_code == 200
    assert [urlsplit(served["@id"]).fragment for served in service["dcat:servesDataset"]] == [
        "dataset-meetings", "dataset-agenda-items"]


def test_catalog_answers_304_when_nothing_changed(client, record):
    first = client.get("/open-data/catalog.jsonld")
    again = client.get("/open-data/catalog.jsonld", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 304


def test_licences_are_named_by_their_dcat_ap_de_uris():
    assert licence_uri("https://creativecommons.org/licenses/by/4.0/") == "http://dcat-ap.de/def/licenses/cc-by/4.0"
    assert licence_uri("https://www.govdata.de/dl-de/zero-2-0") == "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"
    assert licence_uri("https://example.org/own-licence") == "https://example.org/own-licence"


def test_catalog_and_page_name_no_email_address_or_person(client, record):
    for path in ("/open-data/catalog.jsonld", "/open-data/?lang=en"):
        text = client.get(path).get_data(as_text=True)
        assert not EMAIL.search(text), path
        assert AUTHOR_NAME not in text and STAFF_NAME not in text
