"""Moderation forms. Each carries the idea's version, so a decision on an outdated view of the idea is refused."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from participation.forms import as_choices
from participation.i18n import _l


class _IdeaVersionForm(FlaskForm):
    version = HiddenField()

    def version_number(self) -> int:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return -1  # an altered form: refused as outdated


class DecisionForm(_IdeaVersionForm):
    action = RadioField(_l("Decision"), validators=[InputRequired(_l("Please choose a decision."))])
    reason = TextAreaField(
        _l("Reason or message to the author"),
        validators=[Length(max=2000, message=_l("The text may have at most %(max)d characters."))],
        description=_l("Required when you ask for changes, reject or decline. The author reads it on the idea's "
                       "timeline; a reason for declining a published idea is public there."))


class AnswerForm(_IdeaVersionForm):
    office = StringField(_l("Answering office"), validators=[
        DataRequired(_l("Please name the office that answers.")),
        Length(max=200, message=_l("The text may have at most %(max)d characters."))],
        description=_l("Shown with the answer, e.g. “Stadt Beispielstadt, Fachbereich Bauen und Umwelt”."))
    text = TextAreaField(_l("Official answer"), validators=[
        DataRequired(_l("Please write the answer.")),
        Length(max=10000, message=_l("The text may have at most %(max)d characters."))],
        description=_l("Markdown. Shown prominently on the idea; earlier answers stay readable."))


class AssignForm(_IdeaVersionForm):
    assignee = SelectField(_l("Looked after by"), coerce=int, validate_choice=True)


class QueueFilterForm(FlaskForm):
    """The queue's filters, read from the query string."""

    class Meta:
        csrf = False

    district = SelectField(_l("District"), coerce=int, validators=[Optional()], validate_choice=False)
    area = SelectField(_l("Action area"), coerce=int, validators=[Optional()], validate_choice=False)
    older_than = IntegerField(_l("Older than (days)"), validators=[
        Optional(), NumberRange(min=1, max=3650, message=_l("Please enter a number of days from 1 to 3650."))])


class MergeForm(_IdeaVersionForm):
    target = IntegerField(_l("Number of the idea to merge into"), validators=[
        InputRequired(_l("Please give the number of another idea.")),
        NumberRange(min=1, message=_l("Please give the number of another idea."))],
        description=_l("The idea the discussion continues in. Its supporters keep one support each; comments and "
                       "followers move along; this idea's address leads there."))


class RouteForm(_IdeaVersionForm):
    measure = SelectField(_l("Measure that takes up the idea"), coerce=int, validate_choice=True,
                          validators=[NumberRange(min=1, message=_l("Please choose a measure."))])


class AgendaForm(_IdeaVersionForm):
    meeting = SelectField(_l("Coming meeting"), coerce=int, validate_choice=True,
                          validators=[NumberRange(min=1, message=_l("Please choose a coming meeting."))],
                          description=_l("The idea becomes a public item at the end of the agenda; the board's chair "
                                         "or secretary can still move it. The board's decision flows back to the "
                                         "idea."))


def _broken_rule_field(label, missing) -> TextAreaField:
    return TextAreaField(label, validators=[
        DataRequired(missing), Length(max=2000, message=_l("The text may have at most %(max)d characters."))],
        description=_l("The author is told this and may appeal once."))


class HideCommentForm(FlaskForm):
    reason = _broken_rule_field(_l("Rule the comment breaks"),
                                _l("Please name the rule the comment breaks; its author reads it."))


class HideIdeaForm(_IdeaVersionForm):
    reason = _broken_rule_field(_l("Rule the idea breaks"),
                                _l("Please name the rule the idea breaks; its author reads it."))


class DismissFlagsForm(_IdeaVersionForm):
    """Only the idea's version: the button settles the flags."""


class EditOutForm(FlaskForm):
    body = TextAreaField(_l("Comment without the personal data"), validators=[
        DataRequired(_l("Please keep the rest of the comment; to remove it all, hide it.")),
        Length(max=5000, message=_l("The text may have at most %(max)d characters."))],
        description=_l("The comment then says that the moderators edited it; the removed text is not kept."))


class AppealDecisionForm(FlaskForm):
    decision = RadioField(_l("Decision on the appeal"), validators=[InputRequired(_l("Please choose a decision."))])
    reinstate_label = _l("Show the comment again")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = as_choices([("reinstate", self.reinstate_label), ("keep", _l("Keep it hidden"))])


class IdeaAppealDecisionForm(AppealDecisionForm, _IdeaVersionForm):
    reinstate_label = _l("Show the idea again")


class EditOutIdeaForm(_IdeaVersionForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Please keep a title.")),
        Length(max=150, message=_l("The text may have at most %(max)d characters."))])
    body = TextAreaField(_l("Idea without the personal data"), validators=[
        DataRequired(_l("Please keep the rest of the idea; to remove it all, hide it.")),
        Length(max=10000, message=_l("The text may have at most %(max)d characters."))],
        description=_l("The idea then says that the moderators edited it; the removed text and earlier versions "
                       "are not kept."))
