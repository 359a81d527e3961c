from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from participation.forms import MultiCheckboxField
from participation.i18n import _l
from participation.measures.rules import CONTRIBUTION_MIN_LENGTH


class MeasureForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Please give the measure a title.")),
        Length(min=5, max=200, message=_l("The title must have 5 to 200 characters."))])
    description = TextAreaField(
        _l("Description"),
        validators=[DataRequired(_l("Please describe the measure.")),
                    Length(max=20000, message=_l("The description may have at most 20,000 characters."))],
        description=_l("What will be done, where, and for whom? You can use Markdown."))
    contribution = TextAreaField(
        _l("Contribution to the urban-development project"),
        validators=[DataRequired(_l("Please describe what this contributes to the urban-development project.")),
                    Length(min=CONTRIBUTION_MIN_LENGTH, max=5000,
                           message=_l("Please describe in at least %(min)d characters what this contributes to the "
                                      "urban-development project.", min=CONTRIBUTION_MIN_LENGTH))],
        description=_l("Mandatory for every measure: the development concept binds the administration to say what "
                       "each measure contributes to the urban-development project, so that the project stays "
                       "coherent and the advisory board can weigh it. At least %(min)d characters.",
                       min=CONTRIBUTION_MIN_LENGTH))
    action_areas = MultiCheckboxField(
        _l("Action areas"), coerce=int, validators=[DataRequired(_l("Please choose at least one action area."))],
        description=_l("Mandatory: which action areas of the development concept does the measure serve?"))
    unit = SelectField(_l("Responsible unit"), coerce=int,
                       validators=[DataRequired(_l("Please choose a responsible unit."))])
    responsible = SelectField(_l("Responsible person"), coerce=int,
                              validators=[DataRequired(_l("Please choose the responsible person."))])
    deputy = SelectField(_l("Deputy (optional)"), coerce=int, validators=[Optional()])
    districts = MultiCheckboxField(_l("Districts (optional)"), coerce=int, validators=[Optional()],
                                   description=_l("Leave empty if the measure concerns the whole municipality."))
    is_core = BooleanField(_l("Core measure (Kernmaßnahme)"),
                           description=_l("One of the measures the development concept names as essential."))
    planned_start = DateField(_l("Planned start (optional)"), validators=[Optional()])
    planned_end = DateField(_l("Planned end (optional)"), validators=[Optional()])
    estimated_cost = IntegerField(_l("Estimated cost in euros (optional)"), validators=[
        Optional(), NumberRange(min=0, message=_l("The estimated cost cannot be negative."))])
    funding_source = StringField(_l("Funding source (optional)"), validators=[Optional(), Length(max=300)])
    partner_organisations = StringField(_l("Partner organisations (optional)"),
                                        validators=[Optional(), Length(max=500)])


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), validators=[DataRequired(_l("Please choose the new status."))])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=5000)],
                           description=_l("Shown on the measure's public timeline. Required when pausing or "
                                          "discarding a measure."))


class MilestoneForm(FlaskForm):
    title = StringField(_l("Milestone"), validators=[
        DataRequired(_l("Please name the milestone.")),
        Length(max=200, message=_l("The name may have at most 200 characters."))])
    due_on = DateField(_l("Due date"), validators=[DataRequired(_l("Please enter a due date."))])
    owner = SelectField(_l("Owner (optional)"), coerce=int, validators=[Optional()])
    done_on = DateField(_l("Done on (optional)"), validators=[Optional()])


class ReviewForm(FlaskForm):
    quarter = SelectField(_l("Quarter"), validators=[DataRequired(_l("Please choose the quarter."))])
    progress = IntegerField(_l("Progress in percent"), validators=[
        InputRequired(_l("Please enter the progress as a number from 0 to 100.")),
        NumberRange(min=0, max=100, message=_l("Please enter the progress as a number from 0 to 100."))],
        description=_l("How much of the measure is done, from 0 to 100."))
    traffic_light = RadioField(_l("Assessment"), validators=[DataRequired(_l("Please choose an assessment."))])
    done = TextAreaField(_l("What was done"), validators=[
        DataRequired(_l("Please say what was done in this quarter.")), Length(max=5000)])
    next_steps = TextAreaField(_l("Next steps (optional)"), validators=[Optional(), Length(max=5000)])
    deviations = TextAreaField(_l("Deviations from the plan (optional)"), validators=[Optional(), Length(max=5000)],
                               description=_l("Delays, cost changes, changed goals — and why."))


class LinkIdeaForm(FlaskForm):
    idea = IntegerField(_l("Number of the idea"), validators=[DataRequired(_l("Please enter the idea's number."))],
                        description=_l("The number at the end of the idea's address, e.g. 12 for /ideas/12."))


class MeasureFilterForm(FlaskForm):
    """The list's filters (GET). Unknown values are ignored by the route, never an error."""

    class Meta:
        csrf = False

    action_area = SelectField(_l("Action area"), validators=[Optional()], validate_choice=True)
    district = SelectField(_l("District"), validators=[Optional()], validate_choice=True)
    status = SelectField(_l("Status"), validators=[Optional()], validate_choice=True)
    unit = SelectField(_l("Responsible unit"), validators=[Optional()], validate_choice=True)
    core = BooleanField(_l("Core measures only"))
    sort = SelectField(_l("Sort by"), validators=[Optional()], validate_choice=True)
