"""The shapes every area's pages share: a form page that runs one service call and commits once, a refusal shown
at its field, the `?page=` of a list."""

from collections.abc import Callable
from functools import wraps

from flask import abort, flash, redirect, render_template, request
from flask_login import current_user, login_required

from participation.db import get_session
from participation.refusals import Refused

INVALID_FORM = 422


def permission_required(may: Callable):
    """A view for those for whom `may(current_user)` holds: visitors are asked to sign in, everyone else gets 403.
    The services check again, per object."""

    def decorate(view):
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if not may(current_user):
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate


def show_refusal(form, refusal: Refused) -> None:
    """A service's refusal as an error of the field it names (or of the whole form)."""
    target = getattr(form, refusal.field, None)
    if target is not None:
        target.errors = [*target.errors, refusal.message]
    else:
        form.form_errors.append(refusal.message)


def form_page(form, template: str, save: Callable, done: Callable, **context):
    """The life of a form page: shown on GET; a valid submission runs `save(db)` (one service call), commits,
    flashes and redirects as `done(result)` says — (message, url), or (message, flash category, url). A refusal is
    shown at its field and nothing is written; invalid submissions answer 422."""
    if form.validate_on_submit():
        db = get_session()
        try:
            result = save(db)
        except Refused as refusal:
            db.rollback()
            show_refusal(form, refusal)
        else:
            db.commit()
            message, *category, url = done(result)
            flash(message, category[0] if category else "success")
            return redirect(url)
    return render_template(template, form=form, **context), INVALID_FORM if form.is_submitted() else 200


def page_number() -> int:
    return request.args.get("page", 1, type=int) or 1
