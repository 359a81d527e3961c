"""Fields and validators shared by the areas' forms."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, SelectMultipleField, StringField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from participation.accounts.services import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH
from participation.i18n import _, _l


def display_name_field() -> StringField:
    return StringField(
        _l("Display name"),
        validators=[DataRequired(_l("Please enter a name.")),
                    Length(min=2, max=80, message=_l("The name must have 2 to 80 characters."))],
        description=_l("Shown with your ideas and comments. You may use a pseudonym."),
        render_kw={"autocomplete": "nickname"},
    )


def email_field(label=None) -> EmailField:
    return EmailField(
        label or _l("E-mail address"),
        validators=[DataRequired(_l("Please enter your e-mail address.")),
                    Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
                    Email(_l("Please enter a valid e-mail address, such as name@example.org."),
                          check_deliverability=False)],
        render_kw={"autocomplete": "email"},
    )


def new_password_fields() -> tuple[PasswordField, PasswordField]:
    """A new password and its repetition; any characters, at least 12 of them."""
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Please choose a password.")),
                    Length(min=PASSWORD_MIN_LENGTH, max=PASSWORD_MAX_LENGTH,
                           message=_l("The password must have at least %(min)d characters.",
                                      min=PASSWORD_MIN_LENGTH))],
        description=_l("At least %(min)d characters. A sentence you can remember works well.",
                       min=PASSWORD_MIN_LENGTH),
        render_kw={"autocomplete": "new-password"},
    )
    confirmation = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(_l("Please repeat the password.")),
                    EqualTo("password", _l("The two passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirmation


def district_field() -> SelectField:
    """Choices are set by the route from the districts in the database."""
    return SelectField(_l("District (optional)"), coerce=int, validators=[Optional()], validate_choice=True)


def as_choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as choices of a select field."""
    return [SelectChoice(value, label) for value, label in pairs]


def district_choices(districts) -> list[SelectChoice]:
    return as_choices([(0, _("No district"))] + [(district.id, district.name) for district in districts])


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ConfirmForm(FlaskForm):
    """A button and its CSRF token, e.g. to sign out or to support an idea."""
