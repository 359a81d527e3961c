"""Register, verify, sign in and out, reset and change the password, change the e-mail address."""

from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from participation.accounts.services import AccountError, find_user_by_email, normalise_email
from participation.auth import mails, services
from participation.auth.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    EmailOnlyForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)
from participation.auth.sessions import end_login_session, end_other_login_sessions, start_login_session
from participation.auth.tokens import TokenError
from participation.db import get_session
from participation.extensions import limiter
from participation.forms import ConfirmForm, district_choices
from participation.i18n import _, _l, select_locale
from participation.municipality.queries import list_districts
from participation.privacy.consents import record_privacy_consent
from participation.security import is_safe_redirect

blueprint = Blueprint("auth", __name__)

INVALID_FORM = 422

TOKEN_PROBLEMS = {
    "invalid": _l("This link is not valid. Please copy the whole link from the e-mail, or request a new one."),
    "expired": _l("This link has expired. Please request a new one."),
    "used": _l("This link has already been used. It works only once."),
}


def token_settings() -> services.TokenSettings:
    config = current_app.config
    return services.TokenSettings(
        secret_key=config["SECRET_KEY"],
        email_max_age=timedelta(hours=config["EMAIL_TOKEN_MAX_AGE_HOURS"]),
        reset_max_age=timedelta(hours=config["RESET_TOKEN_MAX_AGE_HOURS"]),
    )


def _is_failure(response) -> bool:
    return response.status_code >= 400


def _login_attempt_account() -> str:
    return "login-account:" + normalise_email(request.form.get("email", ""))


@blueprint.route("/auth/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_REGISTER"], methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.profile"))
    form = RegisterForm()
    form.district.choices = district_choices(list_districts(get_session()))
    if not form.validate_on_submit():
        return render_template("auth/register.html", form=form), INVALID_FORM if form.is_submitted() else 200
    db = get_session()
    registration = services.register(
        db, email=form.email.data, display_name=form.display_name.data, password=form.password.data,
        district_id=form.district.data or None, locale=select_locale(),
    )
    if registration.is_new:
        record_privacy_consent(db, registration.user)
    db.commit()
    if registration.is_new or not registration.user.is_verified:
        mails.send_verification_mail(token_settings(), registration.user)
    else:
        mails.send_account_exists_mail(registration.user)
    return redirect(url_for("auth.check_mail"))


@blueprint.route("/auth/check-mail")
def check_mail():
    return render_template("auth/check_mail.html")


def token_problem(error: TokenError, retry_endpoint: str):
    return render_template("auth/token_problem.html", problem=TOKEN_PROBLEMS[error.reason],
                           retry_endpoint=retry_endpoint), 400


# Mailed links open a page with a button: mail scanners that fetch links must not use up the token.
@blueprint.route("/auth/verify/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    db = get_session()
    form = ConfirmForm()
    try:
        if not form.validate_on_submit():
            services.user_for_verification_token(db, token_settings(), token)
            return render_template("auth/confirm_link.html", form=form, title=_("Confirm your e-mail address"),
                                   text=_("Please confirm that this is your e-mail address."),
                                   button=_("Confirm e-mail address"))
        services.verify_email(db, token_settings(), token)
    except TokenError as error:
        return token_problem(error, "auth.resend_verification")
    db.commit()
    flash(_("Thank you: your e-mail address is confirmed. You can sign in now."), "success")
    return redirect(url_for("auth.login"))


@blueprint.route("/auth/resend", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET"], methods=["POST"])
def resend_verification():
    form = EmailOnlyForm()
    if not form.validate_on_submit():
        return render_template("auth/resend.html", form=form), INVALID_FORM if form.is_submitted() else 200
    user = find_user_by_email(get_session(), form.email.data)
    if user is not None and not user.is_verified:
        mails.send_verification_mail(token_settings(), user)
    return redirect(url_for("auth.check_mail"))


@blueprint.route("/auth/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"], deduct_when=_is_failure)
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN_PER_ACCOUNT"], methods=["POST"],
               key_func=_login_attempt_account, deduct_when=_is_failure)
def login():
    next_url = request.args.get("next")
    if not is_safe_redirect(next_url):
        next_url = None
    if current_user.is_authenticated:
        return redirect(next_url or url_for("site.home"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), INVALID_FORM if form.is_submitted() else 200
    db = get_session()
    user = services.authenticate(db, form.email.data, form.password.data)
    if user is None or not user.is_active:
        form.password.errors.append(_("E-mail address or password is wrong."))
        return render_template("auth/login.html", form=form), 401
    if not user.is_verified:
        form.email.errors.append(_("Please confirm your e-mail address first: follow the link in the mail we sent "
                                   "you. You can request a new link below."))
        return render_template("auth/login.html", form=form, offer_resend=True), 403
    remember = bool(form.remember.data)
    config = current_app.config
    lifetime = (timedelta(days=config["REMEMBER_COOKIE_DURATION_DAYS"]) if remember
                else timedelta(hours=config["LOGIN_SESSION_HOURS"]))
    start_login_session(db, user, lifetime, remember)
    db.commit()
    session.clear()  # a fresh session for the signed-in user: nothing from before carries over
    login_user(user, remember=remember, duration=lifetime)
    flash(_("Welcome, %(name)s. You are signed in.", name=user.display_name), "success")
    return redirect(next_url or url_for("site.home"))


@blueprint.route("/auth/logout", methods=["GET", "POST"])
def logout():
    form = ConfirmForm()
    if request.method == "GET" or not form.validate_on_submit():
        if not current_user.is_authenticated:
            return redirect(url_for("site.home"))
        return render_template("auth/logout.html", form=form)
    if current_user.is_authenticated:
        db = get_session()
        end_login_session(db, current_user.get_id())
        db.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out."), "success")
    return redirect(url_for("site.home"))


@blueprint.route("/auth/reset", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET"], methods=["POST"])
def request_reset():
    form = EmailOnlyForm()
    if not form.validate_on_submit():
        return render_template("auth/reset_request.html", form=form), INVALID_FORM if form.is_submitted() else 200
    user = find_user_by_email(get_session(), form.email.data)
    if user is not None and user.is_active:
        mails.send_reset_mail(token_settings(), user)
    return redirect(url_for("auth.check_mail"))


@blueprint.route("/auth/reset/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET"], methods=["POST"])
def reset_password(token: str):
    db = get_session()
    try:
        services.user_for_reset_token(db, token_settings(), token)
    except TokenError as error:
        return token_problem(error, "auth.request_reset")
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/reset_password.html", form=form), INVALID_FORM if form.is_submitted() else 200
    services.reset_password(db, token_settings(), token, form.password.data)
    db.commit()
    if current_user.is_authenticated:
        logout_user()
    session.clear()
    flash(_("Your password has been changed. Please sign in with the new password."), "success")
    return redirect(url_for("auth.login"))


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/change_password.html", form=form), INVALID_FORM if form.is_submitted() else 200
    db = get_session()
    try:
        services.change_password(db, current_user, form.current_password.data, form.password.data)
    except AccountError:
        form.current_password.errors.append(_("The current password is wrong."))
        return render_template("auth/change_password.html", form=form), INVALID_FORM
    db.commit()
    flash(_("Your password has been changed. You were signed out on all other devices."), "success")
    return redirect(url_for("accounts.profile"))


@blueprint.route("/account/email", methods=["GET", "POST"])
@login_required
def change_email():
    form = ChangeEmailForm()
    if not form.validate_on_submit():
        return render_template("auth/change_email.html", form=form), INVALID_FORM if form.is_submitted() else 200
    try:
        address_is_free = services.request_email_change(get_session(), current_user, form.current_password.data,
                                                        form.email.data)
    except AccountError:
        form.current_password.errors.append(_("The current password is wrong."))
        return render_template("auth/change_email.html", form=form), INVALID_FORM
    if address_is_free:
        mails.send_email_change_mail(token_settings(), current_user, form.email.data)
    flash(_("We have sent a confirmation link to the new address. Your address changes once you follow it."),
          "info")
    return redirect(url_for("accounts.profile"))


@blueprint.route("/account/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str):
    db = get_session()
    form = ConfirmForm()
    try:
        if not form.validate_on_submit():
            _user, new_email = services.email_change_for_token(db, token_settings(), token)
            return render_template("auth/confirm_link.html", form=form, title=_("Confirm your new e-mail address"),
                                   text=_("Your account's e-mail address will change to %(email)s.", email=new_email),
                                   button=_("Change e-mail address"))
        user = services.confirm_email_change(db, token_settings(), token)
    except TokenError as error:
        return token_problem(error, "auth.change_email")
    signed_in_here = current_user.is_authenticated and current_user.id == user.id
    end_other_login_sessions(db, user, keep_token=current_user.get_id() if signed_in_here else None)
    db.commit()
    flash(_("Your e-mail address has been changed."), "success")
    return redirect(url_for("accounts.profile") if current_user.is_authenticated else url_for("auth.login"))
