import re

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import TextInput

from participation.accounts.models import Role
from participation.forms import MultiCheckboxField, as_choices
from participation.i18n import _l
from participation.statistics.services import MAX_POPULATION, population_field, population_message


class RolesForm(FlaskForm):
    roles = MultiCheckboxField(_l("Roles"), choices=[])
    reason = StringField(
        _l("Reason for the change"),
        validators=[DataRequired(_l("Please give a reason; it is kept in the audit log.")),
                    Length(max=500, message=_l("The reason may have at most 500 characters."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labels are looked up per request, in the reader's language.
        self.roles.choices = as_choices((role.value, role.label) for role in Role)


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    q = StringField(_l("Name or e-mail contains"), validators=[Optional(), Length(max=100)])
    role = SelectField(_l("Role"), validators=[Optional()])


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    actor = StringField(_l("Actor"), validators=[Optional(), Length(max=100)])
    action = SelectField(_l("Action"), validators=[Optional()])
    object_type = SelectField(_l("Object type"), validators=[Optional()])
    object_id = StringField(_l("Object ID"), validators=[Optional(), Length(max=80)])
    since = DateField(_l("From (date)"), validators=[Optional()])
    until = DateField(_l("Until (date)"), validators=[Optional()])


class SitePageForm(FlaskForm):
    body_de = TextAreaField(_l("Text in German (Markdown)"),
                            validators=[DataRequired(_l("Please enter the German text.")),
                                        Length(max=50000, message=_l("The text may have at most 50,000 characters."))])
    body_en = TextAreaField(_l("Text in English (Markdown, optional)"),
                            description=_l("Left empty, English readers see the German text."),
                            validators=[Optional(),
                                        Length(max=50000, message=_l("The text may have at most 50,000 characters."))])


class StrategyForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Please enter a title.")),
        Length(max=200, message=_l("The title may have at most 200 characters."))])
    description = TextAreaField(_l("Description"), validators=[
        Optional(), Length(max=10000, message=_l("The text may have at most 10,000 characters."))])
    is_cross_cutting = BooleanField(_l("Cross-cutting task (Querschnittsaufgabe)"))


class ActionAreaForm(FlaskForm):
    strategy_id = SelectField(_l("Strategy"), coerce=int)
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Please enter a title.")),
        Length(max=200, message=_l("The title may have at most 200 characters."))])
    goal = TextAreaField(_l("Goal"), validators=[
        Optional(), Length(max=10000, message=_l("The text may have at most 10,000 characters."))])
    requirements = TextAreaField(_l("Requirements for action"), description=_l("One per line, as a Markdown list."),
                                 validators=[Optional(), Length(max=10000, message=_l(
                                     "The text may have at most 10,000 characters."))])


class OrgUnitForm(FlaskForm):
    name = StringField(_l("Name"), description=_l("For example “Fachbereich Bauen” or “Stabsstelle Stadtentwicklung”."),
                       validators=[DataRequired(_l("Please enter a name.")),
                                   Length(max=200, message=_l("The name may have at most 200 characters."))])



THOUSANDS = re.compile(r"\d{1,3}([. \u00a0\u202f]\d{3})+")  # "4.850", "4 850": as people write large numbers


class PopulationField(IntegerField):
    """A number of inhabitants: a whole number from 0 (thousands may be grouped with points or spaces), or empty
    for unknown. A text box: a number box would read "4.850" as a decimal fraction."""

    widget = TextInput()

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = valuelist[0].strip()
        if THOUSANDS.fullmatch(text):
            text = re.sub(r"\D", "", text)
        self.data = int(text) if text.isascii() and text.isdigit() else None
        if text and self.data is None:
            raise ValueError(population_message())


def _at_most_max_population(_form, field) -> None:
    if field.data is not None and field.data > MAX_POPULATION:
        raise ValidationError(population_message())


def population_form(districts) -> FlaskForm:
    """One field per district (named by `population_field`) with its population; the submitted values on POST."""

    class PopulationForm(FlaskForm):
        pass

    for district in districts:
        setattr(PopulationForm, population_field(district.id), PopulationField(
            district.name, validators=[_at_most_max_population],
            render_kw={"inputmode": "numeric", "autocomplete": "off", "size": 10}))
    return PopulationForm(data={population_field(district.id): district.population for district in districts})
