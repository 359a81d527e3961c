"""The DCAT-AP.de description (JSON-LD) of the open data: a dcat:Catalog with a dcat:Dataset per dataset, a
dcat:Distribution per file, and the OParl interface as a dcat:DataService (https://www.dcat-ap.de/def/).

Titles and descriptions come in German and English; the caller passes them rendered in each language.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from participation.opendata.datasets import Dataset

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU_VOCABULARIES = "http://publications.europa.eu/resource/authority/"
THEMES = [EU_VOCABULARIES + "data-theme/GOVE", EU_VOCABULARIES + "data-theme/REGI"]
LANGUAGE = EU_VOCABULARIES + "language/DEU"
CONTINUOUS = EU_VOCABULARIES + "frequency/CONT"  # every file is generated when it is requested
PUBLISHER_TYPE = "http://purl.org/adms/publishertype/LocalAuthority"
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}
FILE_TYPES = {"csv": "CSV", "json": "JSON"}
OPARL_SPECIFICATION = "https://schema.oparl.org/1.1/"
# DCAT-AP.de names licences by URIs of its own; a licence it does not list is named by its own address.
DCAT_AP_DE_LICENCES = {
    "creativecommons.org/licenses/by/4.0": "http://dcat-ap.de/def/licenses/cc-by/4.0",
    "creativecommons.org/licenses/by-sa/4.0": "http://dcat-ap.de/def/licenses/cc-by-sa/4.0",
    "creativecommons.org/publicdomain/zero/1.0": "http://dcat-ap.de/def/licenses/cc-zero",
    "www.govdata.de/dl-de/by-2-0": "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
    "www.govdata.de/dl-de/zero-2-0": "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
}

Texts = dict[str, str]  # language code -> text


def licence_uri(url: str) -> str:
    """The DCAT-AP.de URI of the licence at `url`, e.g. https://creativecommons.org/licenses/by/4.0/."""
    bare = url.split("://", 1)[-1].rstrip("/")
    return DCAT_AP_DE_LICENCES.get(bare, url)


def _texts(texts: Texts) -> list[dict[str, str]]:
    return [{"@value": text, "@language": language} for language, text in texts.items()]


def _moment(value: datetime) -> dict[str, str]:
    return {"@value": value.isoformat(timespec="seconds"), "@type": "xsd:dateTime"}


def _ref(url: str) -> dict[str, str]:
    return {"@id": url}


@dataclass(frozen=True)
class Publisher:
    name: str
    homepage: str

    @property
    def node(self) -> dict[str, Any]:
        return {"@id": self.homepage + "#publisher", "@type": "foaf:Organization", "foaf:name": self.name,
                "foaf:homepage": _ref(self.homepage), "dct:type": _ref(PUBLISHER_TYPE)}


@dataclass(frozen=True)
class DescribedDataset:
    dataset: Dataset
    title: Texts
    description: Texts
    modified: datetime | None


def _distribution(described: DescribedDataset, file_format: str, url: Callable[..., str], page: str,
                  licence: str, attribution: str) -> dict[str, Any]:
    dataset = described.dataset
    download = url("opendata.download", slug=dataset.slug, file_format=file_format)
    node = {
        "@id": download,
        "@type": "dcat:Distribution",
        "dct:title": _texts({language: f"{title} ({FILE_TYPES[file_format]})"
                             for language, title in described.title.items()}),
        "dcat:accessURL": _ref(page),
        "dcat:downloadURL": _ref(download),
        "dcat:mediaType": _ref("https://www.iana.org/assignments/media-types/" + MEDIA_TYPES[file_format]),
        "dct:format": _ref(EU_VOCABULARIES + "file-type/" + FILE_TYPES[file_format]),
        "dct:license": _ref(licence_uri(licence)),
        "dcatde:licenseAttributionByText": attribution,
    }
    if described.modified is not None:
        node["dct:modified"] = _moment(described.modified)
    return node


def catalog(*, url: Callable[..., str], publisher: Publisher, title: Texts, description: Texts,
            datasets: list[DescribedDataset], licence: str, oparl: tuple[Texts, Texts, str],
            oparl_datasets: tuple[str, ...]) -> dict[str, Any]:
    """The catalogue as JSON-LD. `url` builds absolute addresses from endpoints; `oparl` is the interface's
    title, description and licence; `oparl_datasets` the slugs of the datasets it serves too."""
    page = url("opendata.index")
    attribution = publisher.name
    nodes = []
    for described in datasets:
        dataset = described.dataset
        node = {
            "@id": f"{page}#dataset-{dataset.slug}",
            "@type": "dcat:Dataset",
            "dct:identifier": f"{page}#dataset-{dataset.slug}",
            "dct:title": _texts(described.title),
            "dct:description": _texts(described.description),
            "dct:publisher": _ref(publisher.node["@id"]),
            "dcat:theme": [_ref(theme) for theme in THEMES],
            "dct:language": _ref(LANGUAGE),
            "dct:accrualPeriodicity": _ref(CONTINUOUS),
            "dcat:landingPage": _ref(f"{page}#{dataset.slug}"),
            "dcat:distribution": [_distribution(described, file_format, url, page, licence, attribution)
                                  for file_format in dataset.formats],
        }
        if described.modified is not None:
            node["dct:modified"] = _moment(described.modified)
        nodes.append(node)
    oparl_title, oparl_description, oparl_licence = oparl
    system = url("api.system")
    service = {
        "@id": system,
        "@type": "dcat:DataService",
        "dct:title": _texts(oparl_title),
        "dct:description": _texts(oparl_description),
        "dcat:endpointURL": _ref(system),
        "dct:conformsTo": _ref(OPARL_SPECIFICATION),
        "dct:license": _ref(licence_uri(oparl_licence)),
        "dct:publisher": _ref(publisher.node["@id"]),
        "dcat:servesDataset": [_ref(f"{page}#dataset-{slug}") for slug in oparl_datasets],
    }
    modified = [described.modified for described in datasets if described.modified is not None]
    document = {
        "@context": CONTEXT,
        "@id": url("opendata.catalog"),
        "@type": "dcat:Catalog",
        "dct:title": _texts(title),
        "dct:description": _texts(description),
        "dct:publisher": publisher.node,
        "foaf:homepage": _ref(page),
        "dct:language": _ref(LANGUAGE),
        "dcat:themeTaxonomy": _ref(EU_VOCABULARIES + "data-theme"),
        "dcat:dataset": nodes,
        "dcat:service": [service],
    }
    if modified:
        document["dct:modified"] = _moment(max(modified))
    return document
