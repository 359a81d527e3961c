from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField
from wtforms.validators import AnyOf, InputRequired

from participation.forms import as_choices
from participation.i18n import _l
from participation.notifications.models import EmailMode

EMAIL_MODE_LABELS = {
    EmailMode.IMMEDIATE: _l("One e-mail for each notification"),
    EmailMode.DIGEST: _l("One e-mail a week with everything new (weekly summary)"),
    EmailMode.OFF: _l("No e-mails: notifications only here in the portal"),
}

CHOOSE_MODE = _l("Please choose how you want to be notified by e-mail.")


class EmailModeForm(FlaskForm):
    email_mode = RadioField(
        _l("Notification e-mails"),
        choices=as_choices((mode.value, label) for mode, label in EMAIL_MODE_LABELS.items()),
        validators=[InputRequired(CHOOSE_MODE), AnyOf([mode.value for mode in EmailMode], message=CHOOSE_MODE)],
        validate_choice=False,  # AnyOf says it in our words
        description=_l("You always see your notifications in the portal, whichever you choose."),
    )


class ButtonForm(FlaskForm):
    """A button and its CSRF token; `next` is where to go afterwards (a path on this site)."""

    next = HiddenField()
