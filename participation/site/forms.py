"""The accessibility feedback form (§12b BGG) and the admins' note on a handled report."""

from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from participation.i18n import _l
from participation.site.services import (
    ANSWER_NOTE_MAX_LENGTH,
    FEEDBACK_EMAIL_MAX_LENGTH,
    FEEDBACK_MESSAGE_MAX_LENGTH,
    FEEDBACK_NAME_MAX_LENGTH,
)


class AccessibilityFeedbackForm(FlaskForm):
    message = TextAreaField(_l("What is the barrier?"), validators=[
        DataRequired(_l("Please describe the barrier.")),
        Length(max=FEEDBACK_MESSAGE_MAX_LENGTH, message=_l("The description may have at most 5,000 characters."))],
        description=_l("For example: which part of the page you could not use, and with which aid "
                       "(screen reader, keyboard, magnification)."),
        render_kw={"rows": 8})
    name = StringField(_l("Your name (optional)"), validators=[
        Optional(), Length(max=FEEDBACK_NAME_MAX_LENGTH, message=_l("The name may have at most 120 characters."))],
        render_kw={"autocomplete": "name"})
    email = EmailField(_l("Your e-mail address (optional)"), validators=[
        Optional(),
        Length(max=FEEDBACK_EMAIL_MAX_LENGTH, message=_l("An e-mail address has at most 254 characters.")),
        Email(_l("Please enter a valid e-mail address, such as name@example.org."), check_deliverability=False)],
        description=_l("Only if you would like an answer. We use it for nothing else."),
        render_kw={"autocomplete": "email"})


class HandleFeedbackForm(FlaskForm):
    answer_note = TextAreaField(_l("What was done"), validators=[
        DataRequired(_l("Please note what was done, for the other administrators.")),
        Length(max=ANSWER_NOTE_MAX_LENGTH, message=_l("The note may have at most 5,000 characters."))],
        description=_l("For example: the barrier was fixed, or the answer sent to the person who reported it."),
        render_kw={"rows": 5})
