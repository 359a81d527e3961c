"""Partner organisations: the public list and pages with their projects, and the administration's pages to
maintain them and their members."""

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_login import current_user

from participation.accounts.models import User
from participation.db import get_session
from participation.forms import ConfirmForm
from participation.i18n import _
from participation.ideas.images import ImageRejected, StoredImage, image_path, store_image
from participation.partners import queries, services
from participation.partners.forms import LOGO_MAX_MEGABYTES, MemberForm, PartnerForm
from participation.partners.permissions import may_manage_partners
from participation.refusals import Refused
from participation.text import render_markdown
from participation.views import permission_required
from participation.volunteering.models import PartnerOrganisation

blueprint = Blueprint("partners", __name__)

INVALID_FORM = 422
CONFLICT = 409
LOGO_MAX_BYTES = LOGO_MAX_MEGABYTES * 1024 * 1024
LOGO_PROBLEMS = {
    "type": lambda: _("This file is not a JPEG, PNG or WebP image. Please choose the logo in one of these formats."),
    "size": lambda: _("The logo is too large. Please choose a file of at most %(size)d MB.", size=LOGO_MAX_MEGABYTES),
    "broken": lambda: _("The image could not be read. Please choose another file."),
}


admin_required = permission_required(may_manage_partners)


def _load_partner(partner_id: int) -> PartnerOrganisation:
    partner = get_session().get(PartnerOrganisation, partner_id)
    if partner is None:
        abort(404)
    return partner


def _upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def _discard_logo(name: str | None) -> None:
    """Remove a stored logo file nobody refers to (any more, or ever: a save that was refused)."""
    if name:
        image_path(_upload_dir(), name).unlink(missing_ok=True)


# --- public ---------------------------------------------------------------------------------------------------

@blueprint.route("/partners/")
def index():
    return render_template("partners/index.html", rows=queries.list_partners(get_session()))


@blueprint.route("/partners/<int:partner_id>")
def show(partner_id: int):
    partner = _load_partner(partner_id)
    return render_template("partners/show.html", partner=partner, description=render_markdown(partner.description),
                           groups=queries.projects_by_status(get_session(), partner.id),
                           may_manage=may_manage_partners(current_user))


@blueprint.route("/partners/<int:partner_id>/logo")
def logo(partner_id: int):
    partner = _load_partner(partner_id)
    if not partner.logo_name:
        abort(404)
    path = image_path(_upload_dir(), partner.logo_name)
    if not path.is_file():
        abort(404)
    download_name = f"partner-{partner.id}{path.suffix}"
    response = send_file(path, mimetype=partner.logo_content_type, max_age=3600, download_name=download_name)
    response.headers["Content-Disposition"] = f'inline; filename="{download_name}"'
    return response


# --- administration -------------------------------------------------------------------------------------------

@blueprint.route("/admin/partners/")
@admin_required
def admin_list():
    return render_template("partners/admin_list.html", rows=queries.list_partners_for_admin(get_session()))


def _take_logo(form: PartnerForm) -> StoredImage | None:
    """The uploaded logo, checked and stored; None without one. A bad file becomes the field's error."""
    upload = form.logo.data
    if not (upload and getattr(upload, "filename", "")):
        return None
    try:
        return store_image(upload.read(LOGO_MAX_BYTES + 1), _upload_dir(), LOGO_MAX_BYTES)
    except ImageRejected as rejection:
        form.logo.errors = [LOGO_PROBLEMS[rejection.reason]()]
        return None


def _draft(form: PartnerForm) -> services.PartnerDraft:
    return services.PartnerDraft(name=form.name.data or "", kind=form.kind.data or "",
                                 description=form.description.data or "", contact=form.contact.data or "",
                                 website=form.website.data or "")


def _show_refusal(form, refusal: Refused) -> None:
    target = getattr(form, refusal.field, None)
    if target is not None:
        target.errors = [*target.errors, refusal.message]
    else:
        form.form_errors.append(refusal.message)


def _partner_form_page(partner: PartnerOrganisation | None):
    """New and edit: a valid submission (with an acceptable logo) is saved, committed once and redirected; any
    problem is shown at its field with 422, and nothing is written (a logo stored for it is removed again)."""
    form = PartnerForm(obj=partner)
    has_logo = bool(partner and partner.logo_name)
    if not has_logo:
        del form.remove_logo
    if form.validate_on_submit():
        logo_file = _take_logo(form)
        if not form.logo.errors:
            db = get_session()
            try:
                saved = services.save_partner(db, current_user, partner, _draft(form), logo=logo_file,
                                              remove_logo=has_logo and bool(form.remove_logo.data))
            except Refused as refusal:
                db.rollback()
                _discard_logo(logo_file.name if logo_file else None)
                _show_refusal(form, refusal)
            else:
                db.commit()
                _discard_logo(saved.unused_logo)
                flash(_("%(name)s has been saved.", name=saved.partner.name), "success")
                return redirect(url_for(".admin_list", _anchor=f"partner-{saved.partner.id}"))
    return render_template("partners/form.html", form=form, partner=partner), \
        INVALID_FORM if form.is_submitted() else 200


@blueprint.route("/admin/partners/new", methods=["GET", "POST"])
@admin_required
def new():
    return _partner_form_page(None)


@blueprint.route("/admin/partners/<int:partner_id>/edit", methods=["GET", "POST"])
@admin_required
def edit(partner_id: int):
    return _partner_form_page(_load_partner(partner_id))


@blueprint.route("/admin/partners/<int:partner_id>/delete", methods=["GET", "POST"])
@admin_required
def delete(partner_id: int):
    """A page that asks before deleting; an organisation with projects is refused (409) and stays."""
    partner = _load_partner(partner_id)
    db = get_session()
    form = ConfirmForm()
    if form.validate_on_submit():
        name = partner.name
        try:
            logo_name = services.delete_partner(db, current_user, partner)
        except Refused as refusal:
            db.rollback()
            form.form_errors.append(refusal.message)
        else:
            db.commit()
            _discard_logo(logo_name)
            flash(_("%(name)s has been deleted.", name=name), "success")
            return redirect(url_for(".admin_list"))
    status = (CONFLICT if form.form_errors else INVALID_FORM) if form.is_submitted() else 200
    return render_template("partners/delete.html", partner=partner, form=form,
                           projects=queries.project_count(db, partner.id)), status


@blueprint.route("/admin/partners/<int:partner_id>/members", methods=["GET", "POST"])
@admin_required
def members(partner_id: int):
    """The member list; the form adds a member by the e-mail address of their account."""
    partner = _load_partner(partner_id)
    form = MemberForm()
    if form.validate_on_submit():
        db = get_session()
        try:
            member = services.add_member(db, current_user, partner, form.email.data or "")
        except Refused as refusal:
            db.rollback()
            _show_refusal(form, refusal)
        else:
            db.commit()
            flash(_("%(member)s is now a member of %(name)s.", member=member.display_name, name=partner.name),
                  "success")
            return redirect(url_for(".members", partner_id=partner.id))
    return render_template("partners/members.html", partner=partner, form=form, confirm_form=ConfirmForm(),
                           members=queries.members(get_session(), partner.id)), \
        INVALID_FORM if form.is_submitted() else 200


@blueprint.route("/admin/partners/<int:partner_id>/members/<int:user_id>/remove", methods=["POST"])
@admin_required
def remove_member(partner_id: int, user_id: int):
    partner = _load_partner(partner_id)
    db = get_session()
    user = db.get(User, user_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.remove_member(db, current_user, partner, user)
    except Refused as refusal:
        db.rollback()
        flash(refusal.message, "error")
    else:
        db.commit()
        flash(_("%(member)s is no longer a member of %(name)s.", member=user.display_name, name=partner.name),
              "success")
    return redirect(url_for(".members", partner_id=partner.id))
