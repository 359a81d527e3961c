"""Reading partner organisations, their projects and members; each page loads in a constant number of queries."""

from dataclasses import dataclass

from sqlalchemy import and_
from sqlmodel import Session, col, func, select

from participation.accounts.models import User
from participation.volunteering.models import PartnerMember, PartnerOrganisation, Project, ProjectStatus

#: The order of the project groups on an organisation's page.
PROJECT_GROUPS = (ProjectStatus.ACTIVE, ProjectStatus.PLANNING, ProjectStatus.FINISHED)


@dataclass(frozen=True)
class PartnerRow:
    partner: PartnerOrganisation
    active_projects: int


@dataclass(frozen=True)
class AdminPartnerRow:
    partner: PartnerOrganisation
    members: int
    projects: int


def _by_name():
    return func.lower(PartnerOrganisation.name), PartnerOrganisation.id


def list_partners(session: Session) -> list[PartnerRow]:
    """Every organisation, by name, with the number of its active projects: one query."""
    statement = (select(PartnerOrganisation, func.count(col(Project.id)))
                 .outerjoin(Project, and_(col(Project.partner_id) == PartnerOrganisation.id,
                                          col(Project.status) == ProjectStatus.ACTIVE.value))
                 .group_by(col(PartnerOrganisation.id)).order_by(*_by_name()))
    return [PartnerRow(partner, count) for partner, count in session.exec(statement)]


def list_partners_for_admin(session: Session) -> list[AdminPartnerRow]:
    """Every organisation, by name, with its numbers of members and projects: one query."""
    members = (select(func.count()).select_from(PartnerMember)
               .where(col(PartnerMember.partner_id) == PartnerOrganisation.id).correlate(PartnerOrganisation)
               .scalar_subquery())
    projects = (select(func.count()).select_from(Project)
                .where(col(Project.partner_id) == PartnerOrganisation.id).correlate(PartnerOrganisation)
                .scalar_subquery())
    statement = select(PartnerOrganisation, members, projects).order_by(*_by_name())
    return [AdminPartnerRow(partner, member_count, project_count)
            for partner, member_count, project_count in session.exec(statement)]


def projects_by_status(session: Session, partner_id: int) -> dict[ProjectStatus, list[Project]]:
    """The organisation's projects, grouped active, planning, finished (empty groups included), each by title."""
    groups: dict[ProjectStatus, list[Project]] = {status: [] for status in PROJECT_GROUPS}
    statement = (select(Project).where(Project.partner_id == partner_id)
                 .order_by(func.lower(Project.title), col(Project.id)))
    for project in session.exec(statement):
        try:
            groups[ProjectStatus(project.status)].append(project)
        except ValueError:  # a status this page does not know is not shown
            continue
    return groups


def project_count(session: Session, partner_id: int) -> int:
    return session.exec(select(func.count()).select_from(Project).where(Project.partner_id == partner_id)).one()


def members(session: Session, partner_id: int) -> list[User]:
    """The organisation's members, by name."""
    statement = (select(User).join(PartnerMember, col(PartnerMember.user_id) == User.id)
                 .where(PartnerMember.partner_id == partner_id)
                 .order_by(func.lower(User.display_name), col(User.id)))
    return list(session.exec(statement))


def is_member(session: Session, partner_id: int, user_id: int) -> bool:
    return session.get(PartnerMember, (partner_id, user_id)) is not None


def partner_named(session: Session, name: str) -> PartnerOrganisation | None:
    """The organisation whose name is `name`, ignoring case and outer spaces."""
    return session.exec(select(PartnerOrganisation)
                        .where(func.lower(PartnerOrganisation.name) == name.strip().lower())).first()
