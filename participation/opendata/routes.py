"""Open data: `/open-data/` explains the datasets; `/open-data/<dataset>.csv` and `.json` are the files, and
`/open-data/catalog.jsonld` their DCAT-AP.de description.

The files are the same for everyone, whoever asks and whatever cookies they send: only public objects, never an
author's name or an e-mail address. Each carries its licence (a `Link` header, and in JSON a member) and the
moment its newest row changed (`Last-Modified`), so clients can ask for it again with `If-Modified-Since`.
"""

import json
from collections.abc import Iterator

from flask import Blueprint, Response, abort, current_app, render_template, request, stream_with_context
from flask_babel import force_locale

from participation.db import get_session, utcnow
from participation.i18n import _l
from participation.mail import public_url_for
from participation.opendata import catalog as dcat
from participation.opendata import files
from participation.opendata.datasets import AGENDA_ITEMS, BY_SLUG, DATASETS, MEETINGS, Dataset, Values

blueprint = Blueprint("opendata", __name__, url_prefix="/open-data")

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8; header=present", "json": "application/json; charset=utf-8"}
CATALOG_TYPE = "application/ld+json; charset=utf-8"
# Caches may keep a file, but must ask whether it changed (a cheap 304) before handing it out again.
CACHE_CONTROL = "public, no-cache"
CATALOG_TITLE = _l("Open data of the participation portal")
CATALOG_DESCRIPTION = _l("Ideas of residents, the administration's measures with their quarterly reviews, the boards' "
                         "public meetings and agenda items, and the volunteer projects, as CSV and JSON files; and "
                         "the OParl interface to the boards' work.")
OPARL_TITLE = _l("OParl interface")
OPARL_DESCRIPTION = _l("The boards, their public meetings and agenda items, papers and measures, read-only, as "
                       "specified by OParl 1.1.")


def _licence() -> tuple[str, str]:
    config = current_app.config
    return config["OPEN_DATA_LICENCE_NAME"], config["OPEN_DATA_LICENCE_URL"]


@blueprint.route("/")
def index():
    name, url = _licence()
    return render_template("opendata/index.html", datasets=DATASETS, licence_name=name, licence_url=url)


def _dataset_file(dataset: Dataset, file_format: str) -> Response:
    """A client whose copy is current gets 304 before any row is read; the others get the rows as they come."""
    licence_name, licence_url = _licence()
    headers = {"Content-Disposition": f'attachment; filename="{dataset.slug}.{file_format}"',
               "Link": f'<{licence_url}>; rel="license"', "Cache-Control": CACHE_CONTROL,
               "Access-Control-Allow-Origin": "*"}
    modified = dataset.modified(get_session())
    unchanged = Response(status=200, headers=headers)
    unchanged.last_modified = modified
    if unchanged.make_conditional(request).status_code == 304:
        return unchanged
    config = current_app.config
    values = Values(public_url_for, config["BABEL_DEFAULT_TIMEZONE"])

    def body() -> Iterator[str]:
        # Words such as status labels in the municipality's language, whoever asks.
        with force_locale(config["BABEL_DEFAULT_LOCALE"]):
            records = dataset.records(get_session(), values)
            if file_format == "csv":
                yield from files.csv_lines(dataset.csv_keys, records)
            else:
                head = {"licence": {"name": licence_name, "url": licence_url},
                        "source": {"name": config["SITE_NAME"], "publisher": config["SITE_OPERATOR"],
                                   "url": public_url_for("opendata.index")},
                        "generated": values.moment(utcnow())}
                yield from files.json_chunks(head, records)

    response = Response(stream_with_context(body()), content_type=CONTENT_TYPES[file_format], headers=headers)
    response.last_modified = modified
    return response


@blueprint.route("/<slug>.<any(csv, json):file_format>")
def download(slug: str, file_format: str):
    dataset = BY_SLUG.get(slug)
    if dataset is None or file_format not in dataset.formats:
        abort(404)
    return _dataset_file(dataset, file_format)


def _in_each_language(text) -> dict[str, str]:
    """The text in each language of the portal (German and English), for the catalogue."""
    texts = {}
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            texts[language] = str(text)
    return texts


@blueprint.route("/catalog.jsonld")
def catalog():
    config = current_app.config
    db = get_session()
    described = [dcat.DescribedDataset(dataset, _in_each_language(dataset.title),
                                          _in_each_language(dataset.description), dataset.modified(db))
                 for dataset in DATASETS]
    document = dcat.catalog(
        url=public_url_for,
        publisher=dcat.Publisher(config["SITE_OPERATOR"], public_url_for("site.home")),
        title=_in_each_language(CATALOG_TITLE), description=_in_each_language(CATALOG_DESCRIPTION),
        datasets=described, licence=config["OPEN_DATA_LICENCE_URL"],
        oparl=(_in_each_language(OPARL_TITLE), _in_each_language(OPARL_DESCRIPTION),
               config["OPARL_LICENSE_URL"]),
        oparl_datasets=(MEETINGS.slug, AGENDA_ITEMS.slug))
    response = Response(json.dumps(document, ensure_ascii=False, indent=1), content_type=CATALOG_TYPE)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["Access-Control-Allow-Origin"] = "*"
    modified = [entry.modified for entry in described if entry.modified is not None]
    if modified:
        response.last_modified = max(modified)
    return response.make_conditional(request)
