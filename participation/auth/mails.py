"""The mails of the sign-up and sign-in flows, in the recipient's language."""

from participation.accounts.models import User
from participation.accounts.services import normalise_email
from participation.auth import services
from participation.i18n import _l
from participation.mail import public_url_for, send_templated_mail


def send_verification_mail(settings: services.TokenSettings, user: User) -> None:
    link = public_url_for("auth.verify_email", token=services.verification_token(settings, user))
    send_templated_mail(user.email, user.locale, "auth/verify", _l("Please confirm your e-mail address"),
                        user=user, link=link)


def send_account_exists_mail(user: User) -> None:
    send_templated_mail(user.email, user.locale, "auth/account_exists", _l("You already have an account"),
                        user=user, login_link=public_url_for("auth.login"),
                        reset_link=public_url_for("auth.request_reset"))


def send_reset_mail(settings: services.TokenSettings, user: User) -> None:
    link = public_url_for("auth.reset_password", token=services.reset_token(settings, user))
    send_templated_mail(user.email, user.locale, "auth/reset", _l("Reset your password"), user=user, link=link)


def send_email_change_mail(settings: services.TokenSettings, user: User, new_email: str) -> None:
    token = services.email_change_token(settings, user, new_email)
    link = public_url_for("auth.confirm_email_change", token=token)
    send_templated_mail(normalise_email(new_email), user.locale, "auth/change_email",
                        _l("Please confirm your new e-mail address"),
                        user=user, link=link)
