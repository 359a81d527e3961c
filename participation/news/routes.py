"""News."""

from flask import Blueprint, render_template

blueprint = Blueprint("news", __name__)


@blueprint.route("/news/")
def index():
    return render_template("news/index.html")
