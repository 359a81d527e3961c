"""Maintaining partner organisations and their members: administrators only, every change audited. Services
flush; the route commits once.

A member of an organisation holds the partner coordinator role; adding a member grants it (audited as a role
change). Removing a member leaves the role alone: it may come from elsewhere, and the roles page changes it.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from participation.accounts.models import Role, User
from participation.accounts.services import find_user_by_email, set_roles
from participation.audit.services import record
from participation.i18n import _, ngettext
from participation.ideas.images import StoredImage
from participation.partners import queries
from participation.partners.permissions import may_manage_partners
from participation.refusals import NotAllowed, Refused
from participation.volunteering.models import PartnerMember, PartnerOrganisation

OBJECT_TYPE = "partner_organisation"
TEXT_FIELDS = ("name", "kind", "description", "contact", "website")
WEB_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True)
class PartnerDraft:
    name: str
    kind: str = ""
    description: str = ""  # Markdown, sanitised when shown
    contact: str = ""
    website: str = ""


@dataclass(frozen=True)
class SavedPartner:
    partner: PartnerOrganisation
    #: The stored logo file the organisation no longer uses; the caller removes it once the change is committed.
    unused_logo: str | None = None


def is_web_address(value: str) -> bool:
    """An absolute http(s) address with a host and no spaces: the only kind of link a partner page shows."""
    if not value or any(character.isspace() for character in value):
        return False
    try:
        parts = urlsplit(value)
        return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)
    except ValueError:  # e.g. a broken IPv6 host
        return False


def _check_admin(actor) -> None:
    if actor is None or not may_manage_partners(actor):
        raise NotAllowed


def _snapshot(partner: PartnerOrganisation) -> dict:
    return {**{name: getattr(partner, name) for name in TEXT_FIELDS}, "logo": partner.logo_name is not None}


def _name_taken() -> Refused:
    return Refused("name", _("An organisation with this name exists already. Please choose another name."))


def save_partner(session: Session, actor: User, partner: PartnerOrganisation | None, draft: PartnerDraft, *,
                 logo: StoredImage | None = None, remove_logo: bool = False) -> SavedPartner:
    """Create (`partner` None) or change an organisation; a new `logo` replaces the old one, `remove_logo` drops it.

    Raises NotAllowed for anyone but administrators; Refused("name") for a name in use (ignoring case) and
    Refused("website") for an address that is not http(s).
    """
    _check_admin(actor)
    values = {name: getattr(draft, name).strip() for name in TEXT_FIELDS}
    if not values["name"]:
        raise Refused("name", _("Please enter the name of the organisation."))
    clash = queries.partner_named(session, values["name"])
    if clash is not None and (partner is None or clash.id != partner.id):
        raise _name_taken()
    if values["website"] and not is_web_address(values["website"]):
        raise Refused("website", _("Please enter a web address that starts with https:// or http://."))
    before = _snapshot(partner) if partner else None
    partner = partner or PartnerOrganisation(name=values["name"])
    unused_logo = None
    for name, value in values.items():
        setattr(partner, name, value)
    if logo is not None or remove_logo:
        unused_logo = partner.logo_name
        partner.logo_name = logo.name if logo else None
        partner.logo_content_type = logo.content_type if logo else None
    session.add(partner)
    try:
        session.flush()
    except IntegrityError as clash_at_once:  # the same name saved by two admins at the same moment
        raise _name_taken() from clash_at_once
    after = _snapshot(partner)
    if after != before or logo is not None:  # saving unchanged leaves no entry; a new logo is a change
        record(session, actor, "partner.created" if before is None else "partner.updated", object_type=OBJECT_TYPE,
               object_id=partner.id, object_label=partner.name, before=before, after=after)
    return SavedPartner(partner, unused_logo)


def delete_partner(session: Session, actor: User, partner: PartnerOrganisation) -> str | None:
    """Delete an organisation that has no projects, with its member list; returns its logo file (if any) for the
    caller to remove once committed.

    Raises NotAllowed for anyone but administrators; Refused("partner") while projects name the organisation.
    """
    _check_admin(actor)
    projects = queries.project_count(session, partner.id)
    if projects:
        raise Refused("partner", ngettext(
            "%(name)s still has %(num)d project. Assign it to another organisation or remove it first; the "
            "organisation has not been deleted.",
            "%(name)s still has %(num)d projects. Assign them to another organisation or remove them first; the "
            "organisation has not been deleted.", projects, name=partner.name))
    before = _snapshot(partner)
    partner_id, logo_name = partner.id, partner.logo_name
    session.execute(delete(PartnerMember).where(col(PartnerMember.partner_id) == partner_id))
    session.delete(partner)
    session.flush()
    record(session, actor, "partner.deleted", object_type=OBJECT_TYPE, object_id=partner_id,
           object_label=before["name"], before=before)
    return logo_name


def add_member(session: Session, actor: User, partner: PartnerOrganisation, email: str) -> User:
    """Make the account with this e-mail address a member; it gets the partner coordinator role if it lacks it.

    Raises NotAllowed for anyone but administrators; Refused("email") for an unknown address or a member already.
    """
    _check_admin(actor)
    user = find_user_by_email(session, email)
    if user is None:
        raise Refused("email", _("There is no account with this e-mail address. The person must register first."))
    if queries.is_member(session, partner.id, user.id):
        raise Refused("email", _("%(name)s is already a member of this organisation.", name=user.display_name))
    session.add(PartnerMember(partner_id=partner.id, user_id=user.id))
    session.flush()
    if not user.has_role(Role.PARTNER_COORDINATOR):
        set_roles(session, actor, user, user.roles | {Role.PARTNER_COORDINATOR},
                  _("Member of the partner organisation %(name)s", name=partner.name))
    record(session, actor, "partner.member_added", object_type=OBJECT_TYPE, object_id=partner.id,
           object_label=partner.name, after={"user_id": user.id, "user": user.display_name})
    return user


def remove_member(session: Session, actor: User, partner: PartnerOrganisation, user: User) -> None:
    """End a membership; the account keeps its roles.

    Raises NotAllowed for anyone but administrators; Refused("member") if the user is no member.
    """
    _check_admin(actor)
    membership = session.get(PartnerMember, (partner.id, user.id))
    if membership is None:
        raise Refused("member", _("%(name)s is not a member of this organisation.", name=user.display_name))
    session.delete(membership)
    session.flush()
    record(session, actor, "partner.member_removed", object_type=OBJECT_TYPE, object_id=partner.id,
           object_label=partner.name, before={"user_id": user.id, "user": user.display_name})
