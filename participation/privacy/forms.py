from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, InputRequired

from participation.i18n import _l


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Current password"),
                             validators=[InputRequired(_l("Please enter your current password."))],
                             render_kw={"autocomplete": "current-password"})
    confirm = BooleanField(_l("I understand that my account is deleted for good; this cannot be undone."),
                           validators=[DataRequired(_l("Please confirm that you want to delete your account."))])
