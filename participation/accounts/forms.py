from flask_wtf import FlaskForm
from wtforms import SelectField

from participation.forms import as_choices, display_name_field, district_field
from participation.i18n import LANGUAGE_NAMES, _l


class ProfileForm(FlaskForm):
    display_name = display_name_field()
    district = district_field()
    locale = SelectField(_l("Language of e-mails"), choices=as_choices(LANGUAGE_NAMES.items()))
