from sqlalchemy import or_
from sqlmodel import Session, col, select

from participation.accounts.models import Role, RoleGrant, User
from participation.pagination import Page, paginate


def search_users(session: Session, text: str, role: Role | None, page: int, per_page: int) -> Page[User]:
    """Users whose name or e-mail contains `text`, optionally only those holding `role`; by name."""
    query = select(User)
    if text:
        pattern = f"%{text.strip().lower()}%"
        query = query.where(or_(col(User.email).like(pattern), col(User.display_name).ilike(pattern)))
    if role is not None:
        query = query.where(col(User.id).in_(select(RoleGrant.user_id).where(RoleGrant.role == role.value)))
    return paginate(session, query.order_by(User.display_name, User.id), page, per_page)


def users_with_role(session: Session, role: Role) -> list[User]:
    """Active accounts holding `role`, e.g. the moderators to tell about new ideas."""
    holders = select(RoleGrant.user_id).where(RoleGrant.role == role.value)
    return list(session.exec(select(User).where(col(User.id).in_(holders), col(User.is_blocked).is_(False))
                             .order_by(User.id)))
