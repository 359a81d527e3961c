from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FloatField,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from participation.forms import MultiCheckboxField, as_choices
from participation.i18n import _l
from participation.volunteering.models import PROJECT_STATUS_LABELS


class ProjectFilterForm(FlaskForm):
    """The list's filters (GET). Unknown values are ignored by the route, never an error."""

    class Meta:
        csrf = False

    district = SelectField(_l("District"), validators=[Optional()], validate_choice=True)
    date_from = DateField(_l("Shifts from"), validators=[Optional()])
    date_until = DateField(_l("Shifts until"), validators=[Optional()])
    skill = SelectField(_l("Skill"), validators=[Optional()], validate_choice=True)
    free_slots = BooleanField(_l("Only with free places"))
    status = SelectField(_l("Status"), validators=[Optional()], validate_choice=True)


class ProjectForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Please give the project a title.")),
        Length(min=5, max=200, message=_l("The title must have 5 to 200 characters."))])
    description = TextAreaField(_l("Description"), validators=[
        DataRequired(_l("Please describe the project.")),
        Length(max=20000, message=_l("The description may have at most 20,000 characters."))],
        description=_l("What is the project about, who is it for, what do volunteers do? You can use Markdown."))
    districts = MultiCheckboxField(_l("Districts"), coerce=int,
                                   validators=[DataRequired(_l("Please choose at least one district."))])
    status = SelectField(_l("Status"), validate_choice=True,
                         choices=as_choices([(status.value, label) for status, label in PROJECT_STATUS_LABELS.items()]))
    partner = SelectField(_l("On behalf of a partner organisation (optional)"), coerce=int, validators=[Optional()],
                          validate_choice=True)
    measure = SelectField(_l("Belongs to a measure of the backlog (optional)"), coerce=int, validators=[Optional()],
                          validate_choice=True)
    image = FileField(_l("Image (optional)"), description=_l("A photo: JPEG, PNG or WebP, at most 5 MB."),
                      render_kw={"accept": "image/jpeg,image/png,image/webp"})


class CoordinatorForm(FlaskForm):
    user = SelectField(_l("Add a coordinator"), coerce=int, validate_choice=True,
                       description=_l("Partner coordinators and the administration's staff can coordinate projects."))


class TaskForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Please give the task a title.")),
        Length(min=3, max=200, message=_l("The title must have 3 to 200 characters."))],
        description=_l("What volunteers do, e.g. “Accept and sort donated appliances”."))
    description = TextAreaField(_l("Description (optional)"), validators=[
        Length(max=5000, message=_l("The description may have at most 5,000 characters."))])
    place = StringField(_l("Place (optional)"), validators=[
        Length(max=300, message=_l("The place may have at most 300 characters."))],
        description=_l("Where volunteers meet, e.g. “Dorfgemeinschaftshaus, Hauptstraße 3”."))
    skills = StringField(_l("Skills wanted (optional)"), validators=[
        Length(max=300, message=_l("The skills may have at most 300 characters."))],
        description=_l("Separated by commas, e.g. “driving licence, carpentry”."))


class ShiftForm(FlaskForm):
    date = DateField(_l("Date"), validators=[DataRequired(_l("Please enter the date of the shift."))])
    start_time = TimeField(_l("Begins at"), validators=[DataRequired(_l("Please enter when the shift begins."))])
    end_time = TimeField(_l("Ends at"), validators=[DataRequired(_l("Please enter when the shift ends."))])
    slots = IntegerField(_l("Places"), validators=[
        InputRequired(_l("Please enter how many volunteers are needed.")),
        NumberRange(min=1, max=500, message=_l("Please enter a number from 1 to 500."))])
    cancel_cutoff_hours = IntegerField(_l("Volunteers can cancel until … hours before"), default=24, validators=[
        NumberRange(min=0, max=336, message=_l("Please enter a number of hours from 0 to 336 (two weeks)."))],
        description=_l("After that, volunteers are asked to tell the coordinators instead."))
    is_public = BooleanField(_l("Show in the portal's public calendar"), default=True)


class CancelShiftForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(_l("Please tell the volunteers why the shift is cancelled.")),
        Length(max=1000, message=_l("The reason may have at most 1,000 characters."))],
        description=_l("Everyone who signed up or waits for the shift receives it by e-mail."))


class AttendanceEntryForm(FlaskForm):
    class Meta:
        csrf = False  # part of AttendanceForm, which carries the token

    sign_up_id = HiddenField()
    attended = BooleanField(_l("Came"))
    hours = FloatField(_l("Hours"), validators=[
        Optional(), NumberRange(min=0.25, max=24, message=_l("Please enter between 0.25 and 24 hours."))])


class AttendanceForm(FlaskForm):
    entries = FieldList(FormField(AttendanceEntryForm))
