"""The site-wide search page: /search?q=…[&kind=…][&page=…]."""

import logging
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from participation.db import get_session, utcnow
from participation.forms import as_choices
from participation.i18n import _
from participation.search import queries
from participation.search.forms import SearchForm
from participation.views import INVALID_FORM, page_number

blueprint = Blueprint("search", __name__)
log = logging.getLogger(__name__)

# Hits per kind when all kinds are shown; when one kind is chosen, a page of it.
OVERVIEW_HITS_PER_KIND = 5
HITS_PER_PAGE = 20


@blueprint.route("/search")
def index():
    form = SearchForm(request.args)
    form.kind.choices = as_choices([("", _("All kinds"))] + [(key, str(label)) for key, label in queries.KINDS.items()])
    form.validate()
    kind = form.kind.data if form.kind.data and not form.kind.errors else None
    form.kind.errors = []  # an unknown kind shows all kinds
    query_text = (form.q.data or "").strip()
    if form.q.errors or not query_text:
        # Too long: the message at the field, nothing searched. Empty: the form and a hint.
        return _page(form, kind), INVALID_FORM if form.q.errors else 200
    db = get_session()
    local_now = utcnow().astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))
    try:
        results = queries.search(db, current_user, query_text, local_now, kinds=[kind] if kind else None,
                                 limit_per_kind=HITS_PER_PAGE if kind else OVERVIEW_HITS_PER_KIND,
                                 page=page_number() if kind else 1)
    except queries.SearchFailed as failure:
        db.rollback()
        log.warning("search refused by the database: %s", failure)
        return _page(form, kind, failed=True)
    return _page(form, kind, results)


def _page(form: SearchForm, kind: str | None, results: queries.SearchResults | None = None, failed: bool = False):
    return render_template("search/index.html", form=form, kind=kind, results=results, failed=failed,
                           kinds=queries.KINDS, kind_names=queries.KIND_NAMES)
