"""The administration's forms for partner organisations and their members."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from participation.forms import email_field
from participation.i18n import _l
from participation.partners.services import is_web_address

LOGO_MAX_MEGABYTES = 2


def web_address(_form, field) -> None:
    if field.data and not is_web_address(field.data.strip()):
        raise ValidationError(_l("Please enter a web address that starts with https:// or http://, such as "
                                 "https://www.example.org."))


class PartnerForm(FlaskForm):
    """`remove_logo` is only offered while the organisation has a logo; the route deletes it otherwise."""

    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Please enter the name of the organisation.")),
        Length(max=200, message=_l("The name may have at most 200 characters."))])
    kind = StringField(_l("Kind of organisation (optional)"), validators=[
        Optional(), Length(max=100, message=_l("The kind may have at most 100 characters."))],
        description=_l("For example “Umweltverband” or “Trägerverbund”."))
    description = TextAreaField(_l("Description (optional)"), validators=[
        Optional(), Length(max=10000, message=_l("The text may have at most 10,000 characters."))],
        description=_l("What the organisation does in the municipality. You can use Markdown: **bold**, - lists, "
                       "[links](https://…)."))
    contact = TextAreaField(_l("Contact (optional)"), validators=[
        Optional(), Length(max=300, message=_l("The contact may have at most 300 characters."))],
        description=_l("Shown publicly: a contact person, an e-mail address or a telephone number."))
    website = URLField(_l("Website (optional)"), validators=[
        Optional(), Length(max=300, message=_l("The address may have at most 300 characters.")), web_address],
        render_kw={"autocomplete": "url", "spellcheck": "false"})
    logo = FileField(_l("Logo (optional)"),
                     description=_l("JPEG, PNG or WebP, at most %(size)d MB. A new file replaces the current logo.",
                                    size=LOGO_MAX_MEGABYTES),
                     render_kw={"accept": "image/jpeg,image/png,image/webp"})
    remove_logo = BooleanField(_l("Remove the current logo"))


class MemberForm(FlaskForm):
    email = email_field(_l("E-mail address of the member"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Another person's address: the browser must not fill in the admin's own.
        self.email.render_kw = {"autocomplete": "off"}
        self.email.description = _l("The person needs an account on the portal. Members become partner "
                                    "coordinators, if they are not already.")
