"""The development concept's mandatory fields (Pflichtfelder) of every administrative proposal — measures and
papers alike: what it contributes to the urban-development project, and which action areas it belongs to."""

from collections.abc import Iterable

from participation.i18n import _

CONTRIBUTION_MIN_LENGTH = 50


def contribution_problems(contribution: str, action_area_ids: Iterable[int]) -> dict[str, str]:
    """A translated message per mandatory field that is missing, keyed by the form field's name; empty if none."""
    problems = {}
    length = len((contribution or "").strip())
    if length == 0:
        problems["contribution"] = _(
            "Please describe what this contributes to the urban-development project (at least %(min)d characters).",
            min=CONTRIBUTION_MIN_LENGTH)
    elif length < CONTRIBUTION_MIN_LENGTH:
        problems["contribution"] = _(
            "The contribution to the urban-development project must have at least %(min)d characters; "
            "it has %(count)d.", min=CONTRIBUTION_MIN_LENGTH, count=length)
    if not list(action_area_ids):
        problems["action_areas"] = _("Please choose at least one action area.")
    return problems
