"""Administration: users and their roles, the audit log, the legal pages, the development concept's structure and
the administration's units."""


from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from participation.accounts.models import Role, User
from participation.accounts.permissions import is_admin
from participation.accounts.queries import search_users
from participation.accounts.services import AccountError, count_users, set_roles
from participation.admin.forms import (
    ActionAreaForm,
    AuditFilterForm,
    OrgUnitForm,
    RolesForm,
    SitePageForm,
    StrategyForm,
    UserSearchForm,
    population_form,
)
from participation.audit.queries import AuditFilter, distinct_actions, distinct_object_types, search_audit_log
from participation.db import get_session
from participation.forms import ConfirmForm, as_choices
from participation.i18n import _, ngettext
from participation.measures.queries import list_units
from participation.municipality import services as municipality_services
from participation.municipality.models import ActionArea, OrgUnit, Strategy
from participation.municipality.queries import list_districts, strategies_with_action_areas
from participation.site.queries import LEGAL_PAGES, default_page_text, edited_texts
from participation.site.services import save_page_texts
from participation.statistics.services import population_field, set_populations
from participation.views import form_page, page_number, permission_required

blueprint = Blueprint("admin", __name__, url_prefix="/admin")


admin_required = permission_required(is_admin)


@blueprint.route("/")
@admin_required
def dashboard():
    return render_template("admin/dashboard.html", user_count=count_users(get_session()), legal_pages=LEGAL_PAGES)


@blueprint.route("/users")
@admin_required
def users():
    form = UserSearchForm(request.args)
    form.role.choices = as_choices([("", _("All roles"))] + [(role.value, role.label) for role in Role])
    form.validate()
    role = Role(form.role.data) if form.role.data and not form.role.errors else None
    page = search_users(get_session(), form.q.data or "", role, page_number(), current_app.config["ADMIN_PAGE_SIZE"])
    return render_template("admin/users.html", form=form, page=page)


@blueprint.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def user_roles(user_id: int):
    db = get_session()
    user = db.get(User, user_id) or abort(404)
    form = RolesForm(data={"roles": [role.value for role in user.roles]} if request.method == "GET" else None)
    if not form.validate_on_submit():
        return render_template("admin/user_roles.html", user=user, form=form), 422 if form.is_submitted() else 200
    try:
        changed = set_roles(db, current_user, user, {Role(value) for value in form.roles.data}, form.reason.data)
    except AccountError:
        form.roles.errors.append(_("You cannot take the administrator role from yourself."))
        return render_template("admin/user_roles.html", user=user, form=form), 422
    db.commit()
    flash(_("The roles of %(name)s have been saved.", name=user.display_name) if changed
          else _("Nothing was changed."), "success" if changed else "info")
    return redirect(url_for("admin.user_roles", user_id=user.id))


@blueprint.route("/audit")
@admin_required
def audit_log():
    db = get_session()
    form = AuditFilterForm(request.args)
    form.action.choices = as_choices([("", _("All actions"))] + [(a, a) for a in distinct_actions(db)])
    form.object_type.choices = as_choices([("", _("All object types"))] + [(t, t) for t in distinct_object_types(db)])
    form.validate()
    criteria = AuditFilter(
        actor=form.actor.data or "", action=form.action.data or "", object_type=form.object_type.data or "",
        object_id=form.object_id.data or "",
        since=None if form.since.errors else form.since.data, until=None if form.until.errors else form.until.data,
    )
    page = search_audit_log(db, criteria, page_number(), current_app.config["ADMIN_PAGE_SIZE"])
    return render_template("admin/audit.html", form=form, page=page), 400 if form.errors else 200


@blueprint.route("/pages/<slug>", methods=["GET", "POST"])
@admin_required
def edit_page(slug: str):
    if slug not in LEGAL_PAGES:
        abort(404)
    db = get_session()
    texts = edited_texts(db, slug)
    form = SitePageForm(data={"body_de": texts.get("de") or default_page_text(slug, "de"),
                              "body_en": texts.get("en", "")} if request.method == "GET" else None)
    if not form.validate_on_submit():
        return render_template("admin/edit_page.html", form=form, slug=slug), 422 if form.is_submitted() else 200
    save_page_texts(db, current_user, slug, {"de": form.body_de.data, "en": form.body_en.data})
    db.commit()
    flash(_("The page has been saved."), "success")
    return redirect(url_for("site.legal_page", slug=slug))


@blueprint.route("/structure")
@admin_required
def structure():
    return render_template("admin/structure.html", form=ConfirmForm(),
                           strategies=strategies_with_action_areas(get_session(), include_archived=True))


def title_taken() -> str:
    return _("This title is already in use. Please choose another one.")


@blueprint.route("/structure/strategies/new", methods=["GET", "POST"], defaults={"strategy_id": None})
@blueprint.route("/structure/strategies/<int:strategy_id>", methods=["GET", "POST"])
@admin_required
def edit_strategy(strategy_id: int | None):
    db = get_session()
    strategy = db.get(Strategy, strategy_id) or abort(404) if strategy_id else None
    form = StrategyForm(obj=strategy)
    if form.validate_on_submit():
        try:
            municipality_services.save_strategy(db, current_user, strategy, form.data)
        except municipality_services.StructureError:
            form.title.errors.append(title_taken())
        else:
            db.commit()
            flash(_("The strategy has been saved."), "success")
            return redirect(url_for("admin.structure"))
    heading = _("Edit strategy") if strategy else _("New strategy")
    return render_template("admin/structure_form.html", form=form, heading=heading), \
        422 if form.is_submitted() else 200


@blueprint.route("/structure/action-areas/new", methods=["GET", "POST"], defaults={"area_id": None})
@blueprint.route("/structure/action-areas/<int:area_id>", methods=["GET", "POST"])
@admin_required
def edit_action_area(area_id: int | None):
    db = get_session()
    area = db.get(ActionArea, area_id) or abort(404) if area_id else None
    form = ActionAreaForm(obj=area, strategy_id=area.strategy_id if area else request.args.get("strategy", type=int))
    form.strategy_id.choices = as_choices(
        (strategy.id, strategy.title) for strategy, _areas in strategies_with_action_areas(db, include_archived=True))
    if form.validate_on_submit():
        try:
            municipality_services.save_action_area(db, current_user, area, form.data)
        except municipality_services.StructureError:
            form.title.errors.append(title_taken())
        else:
            db.commit()
            flash(_("The action area has been saved."), "success")
            return redirect(url_for("admin.structure"))
    heading = _("Edit action area") if area else _("New action area")
    return render_template("admin/structure_form.html", form=form, heading=heading), \
        422 if form.is_submitted() else 200


def _change_order_or_archive(db, item, operation: str) -> None:
    """The POST buttons of the structure and unit lists: move up/down, archive/restore (404 for others)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if operation in ("up", "down"):
        municipality_services.move(db, current_user, item, -1 if operation == "up" else 1)
    elif operation in ("archive", "restore"):
        municipality_services.set_archived(db, current_user, item, operation == "archive")
    else:
        abort(404)
    db.commit()


@blueprint.route("/structure/<kind>/<int:item_id>/<operation>", methods=["POST"])
@admin_required
def change_structure(kind: str, item_id: int, operation: str):
    model = {"strategies": Strategy, "action-areas": ActionArea}.get(kind) or abort(404)
    db = get_session()
    item = db.get(model, item_id) or abort(404)
    _change_order_or_archive(db, item, operation)
    return redirect(url_for("admin.structure", _anchor=f"{kind}-{item.id}"))


@blueprint.route("/units")
@admin_required
def units():
    return render_template("admin/units.html", form=ConfirmForm(),
                           units=list_units(get_session(), include_archived=True))


@blueprint.route("/units/new", methods=["GET", "POST"], defaults={"unit_id": None})
@blueprint.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_unit(unit_id: int | None):
    db = get_session()
    unit = db.get(OrgUnit, unit_id) or abort(404) if unit_id else None
    form = OrgUnitForm(obj=unit)
    if form.validate_on_submit():
        try:
            municipality_services.save_org_unit(db, current_user, unit, form.name.data)
        except municipality_services.StructureError:
            form.name.errors.append(_("This name is already in use. Please choose another one."))
        else:
            db.commit()
            flash(_("The unit has been saved."), "success")
            return redirect(url_for("admin.units"))
    heading = _("Edit unit") if unit else _("New unit")
    return render_template("admin/structure_form.html", form=form, heading=heading,
                           back_url=url_for("admin.units"), back_label=_("Administrative units")), \
        422 if form.is_submitted() else 200


@blueprint.route("/units/<int:unit_id>/<operation>", methods=["POST"])
@admin_required
def change_unit(unit_id: int, operation: str):
    db = get_session()
    unit = db.get(OrgUnit, unit_id) or abort(404)
    _change_order_or_archive(db, unit, operation)
    return redirect(url_for("admin.units", _anchor=f"unit-{unit.id}"))


@blueprint.route("/populations", methods=["GET", "POST"])
@admin_required
def populations():
    """The districts' numbers of inhabitants, for the statistics' figures per 1,000 inhabitants."""
    districts = list_districts(get_session())
    form = population_form(districts)

    def save(db):
        values = {district.id: form[population_field(district.id)].data for district in districts}
        return set_populations(db, current_user, values)

    def done(changed):
        if not changed:
            return _("Nothing was changed."), "info", url_for("admin.populations")
        return (ngettext("The population of %(num)d district has been saved.",
                         "The populations of %(num)d districts have been saved.", len(changed)),
                url_for("admin.populations"))

    return form_page(form, "admin/populations.html", save, done, districts=districts)
