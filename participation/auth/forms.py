from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, InputRequired

from participation.forms import display_name_field, district_field, email_field, new_password_fields
from participation.i18n import _l


class RegisterForm(FlaskForm):
    display_name = display_name_field()
    email = email_field()
    password, password_confirmation = new_password_fields()
    district = district_field()
    privacy_consent = BooleanField(
        _l("I have read the privacy notice and agree that my data is processed as described there."),
        validators=[DataRequired(_l("Please agree to the privacy notice to register."))],
    )


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Please enter your password."))],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Stay signed in on this device (30 days)"))


class EmailOnlyForm(FlaskForm):
    """Asks for the address to send a link to (password reset, new verification link)."""

    email = email_field()


class ResetPasswordForm(FlaskForm):
    password, password_confirmation = new_password_fields()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[InputRequired(_l("Please enter your current password."))],
                                     render_kw={"autocomplete": "current-password"})
    password, password_confirmation = new_password_fields()


class ChangeEmailForm(FlaskForm):
    email = email_field(_l("New e-mail address"))
    current_password = PasswordField(_l("Current password"),
                                     validators=[InputRequired(_l("Please enter your current password."))],
                                     render_kw={"autocomplete": "current-password"})
