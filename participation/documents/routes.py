"""Documents."""

from flask import Blueprint, render_template

blueprint = Blueprint("documents", __name__)


@blueprint.route("/documents/")
def index():
    return render_template("documents/index.html")
