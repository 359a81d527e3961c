from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from participation.forms import as_choices, district_field
from participation.i18n import LANGUAGE_NAMES, _l


class ProfileForm(FlaskForm):
    display_name = StringField(
        _l("Display name"),
        validators=[DataRequired(_l("Please enter a name.")),
                    Length(min=2, max=80, message=_l("The name must have 2 to 80 characters."))],
        description=_l("Shown with your ideas and comments. You may use a pseudonym."),
        render_kw={"autocomplete": "nickname"},
    )
    district = district_field()
    locale = SelectField(_l("Language of e-mails"), choices=as_choices(LANGUAGE_NAMES.items()))
