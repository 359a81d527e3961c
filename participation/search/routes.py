"""Search."""

from flask import Blueprint, render_template

blueprint = Blueprint("search", __name__)


@blueprint.route("/search")
def index():
    return render_template("search/index.html")
