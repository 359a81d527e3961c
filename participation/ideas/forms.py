from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import FloatField, HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from participation.forms import MultiCheckboxField, as_choices, district_field
from participation.i18n import _l
from participation.ideas.models import Stance


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


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[
        DataRequired(_l("Please write a comment.")),
        Length(max=5000, message=_l("A comment may have at most 5,000 characters."))])
    stance = RadioField(_l("Your stance"), default=Stance.NEUTRAL.value, validators=[DataRequired()])
    parent_id = IntegerField(validators=[Optional()], widget=HiddenField.widget)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stance.choices = as_choices((stance.value, stance.label) for stance in Stance)


class FlagForm(FlaskForm):
    reason = TextAreaField(_l("Why should the moderators look at this comment?"), validators=[
        DataRequired(_l("Please give a reason.")),
        Length(min=3, max=1000, message=_l("The reason must have 3 to 1,000 characters."))])


class IdeaFilterForm(FlaskForm):
    """The list's filters (GET). Unknown values are ignored by the route, never an error."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200)])
    district = SelectField(_l("District"), validators=[Optional()], validate_choice=True)
    action_area = SelectField(_l("Action area"), validators=[Optional()], validate_choice=True)
    status = SelectField(_l("Status"), validators=[Optional()], validate_choice=True)
    sort = SelectField(_l("Sort by"), validators=[Optional()], validate_choice=True)
