"""Open data."""

from flask import Blueprint, render_template

blueprint = Blueprint("opendata", __name__)


@blueprint.route("/open-data/")
def index():
    return render_template("opendata/index.html")
