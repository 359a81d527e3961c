from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import FloatField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from participation.forms import MultiCheckboxField, district_field
from participation.i18n import _l


class IdeaForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Please give your idea a title.")),
                    Length(min=5, max=150, message=_l("The title must have 5 to 150 characters."))],
        description=_l("In a few words: what do you suggest?"),
    )
    body = TextAreaField(
        _l("Description"),
        validators=[DataRequired(_l("Please describe your idea.")),
                    Length(max=10000, message=_l("The description may have at most 10,000 characters."))],
        description=_l("What should change, where, and why? You can use Markdown: **bold**, - lists, [links](https://…)."),
    )
    district = district_field()
    action_areas = MultiCheckboxField(_l("Action areas"), coerce=int,
                                      validators=[DataRequired(_l("Please choose at least one action area."))])
    image = FileField(_l("Image (optional)"), description=_l("A photo or sketch: JPEG, PNG or WebP, at most 5 MB."),
                      render_kw={"accept": "image/jpeg,image/png,image/webp"})
    image_token = HiddenField()  # an image uploaded on the preview step, kept for the final submit
    place = StringField(_l("Place (optional)"), validators=[Optional(), Length(max=300)],
                        description=_l("An address or a description such as “at the playground behind the school”."))
    latitude = FloatField(_l("Latitude (optional)"), validators=[
        Optional(), NumberRange(-90, 90, message=_l("Please enter a latitude between -90 and 90."))])
    longitude = FloatField(_l("Longitude (optional)"), validators=[
        Optional(), NumberRange(-180, 180, message=_l("Please enter a longitude between -180 and 180."))])


class IdeaFilterForm(FlaskForm):
    """The list's filters (GET). Unknown values are ignored by the route, never an error."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200)])
    district = SelectField(_l("District"), validators=[Optional()], validate_choice=True)
    action_area = SelectField(_l("Action area"), validators=[Optional()], validate_choice=True)
    status = SelectField(_l("Status"), validators=[Optional()], validate_choice=True)
    sort = SelectField(_l("Sort by"), validators=[Optional()], validate_choice=True)


class ReportForm(FlaskForm):
    reason = TextAreaField(_l("Why should the moderators look at this idea?"), validators=[
        DataRequired(_l("Please give a reason.")),
        Length(min=3, max=1000, message=_l("The reason must have 3 to 1,000 characters."))])


class AppealForm(FlaskForm):
    message = TextAreaField(_l("Why should the idea be shown again?"), validators=[
        DataRequired(_l("Please write why the idea should be shown again.")),
        Length(max=2000, message=_l("The text may have at most %(max)d characters."))],
        description=_l("You can appeal once. The moderators read your message and decide."))
