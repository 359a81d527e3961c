"""Statistics."""

from flask import Blueprint, render_template

blueprint = Blueprint("statistics", __name__)


@blueprint.route("/statistics")
def index():
    return render_template("statistics/index.html")
