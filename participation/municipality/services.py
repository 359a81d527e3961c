"""Maintaining the development concept (strategies and their action areas) and the administration's units.
Every change is audited.

Nothing is ever deleted: archived strategies, action areas and units stay attached to the ideas and measures
that use them, and are no longer offered for new ones.
"""

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from participation.accounts.permissions import is_admin
from participation.audit.services import record
from participation.db import utcnow
from participation.municipality.models import ActionArea, OrgUnit, Strategy
from participation.refusals import NotAllowed

STRATEGY_FIELDS = ("title", "description", "is_cross_cutting")
ACTION_AREA_FIELDS = ("title", "goal", "requirements", "strategy_id")
ORG_UNIT_FIELDS = ("name",)

# The audit log's object type of each maintained kind of item.
OBJECT_TYPES = {Strategy: "strategy", ActionArea: "action_area", OrgUnit: "org_unit"}


class StructureError(ValueError):
    """The change would break the structure; `reason` says how ("title_taken", "name_taken")."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _check_admin(actor) -> None:
    if actor is None or not is_admin(actor):
        raise NotAllowed


def _snapshot(item, fields) -> dict:
    return {name: getattr(item, name) for name in fields}


def _label(item: Strategy | ActionArea | OrgUnit) -> str:
    return item.name if isinstance(item, OrgUnit) else item.title


def _ensure_unique(session: Session, column, value: str, own_id: int | None, reason: str) -> None:
    """Raise StructureError(reason) if another row has `value` in `column` (ignoring case and outer spaces)."""
    model = column.class_
    clash = session.exec(select(model.id).where(func.lower(column) == value.strip().lower())).first()
    if clash is not None and clash != own_id:
        raise StructureError(reason)


def _ensure_unique_title(session: Session, model, title: str, own_id: int | None) -> None:
    _ensure_unique(session, model.title, title, own_id, "title_taken")


def save_strategy(session: Session, actor, strategy: Strategy | None, values: dict) -> Strategy:
    """Create (strategy None) or change a strategy. Raises StructureError for a title in use."""
    _check_admin(actor)
    _ensure_unique_title(session, Strategy, values["title"], strategy.id if strategy else None)
    before = _snapshot(strategy, STRATEGY_FIELDS) if strategy else None
    if strategy is None:
        last = session.exec(select(func.max(Strategy.position))).one()
        strategy = Strategy(title="", position=(last or 0) + 1)
    for name in STRATEGY_FIELDS:
        setattr(strategy, name, values[name].strip() if isinstance(values[name], str) else values[name])
    session.add(strategy)
    session.flush()
    record(session, actor, "strategy.created" if before is None else "strategy.updated", object_type="strategy",
           object_id=strategy.id, object_label=strategy.title, before=before,
           after=_snapshot(strategy, STRATEGY_FIELDS))
    return strategy


def save_action_area(session: Session, actor, area: ActionArea | None, values: dict) -> ActionArea:
    """Create (area None) or change an action area. Raises StructureError for a title in use."""
    _check_admin(actor)
    _ensure_unique_title(session, ActionArea, values["title"], area.id if area else None)
    before = _snapshot(area, ACTION_AREA_FIELDS) if area else None
    if area is None:
        last = session.exec(select(func.max(ActionArea.position))
                            .where(ActionArea.strategy_id == values["strategy_id"])).one()
        area = ActionArea(title="", strategy_id=values["strategy_id"], position=(last or 0) + 1)
    for name in ACTION_AREA_FIELDS:
        setattr(area, name, values[name].strip() if isinstance(values[name], str) else values[name])
    session.add(area)
    session.flush()
    record(session, actor, "action_area.created" if before is None else "action_area.updated",
           object_type="action_area", object_id=area.id, object_label=area.title, before=before,
           after=_snapshot(area, ACTION_AREA_FIELDS))
    return area


def save_org_unit(session: Session, actor, unit: OrgUnit | None, name: str) -> OrgUnit:
    """Create (unit None) or rename a unit, placed last when new. Raises StructureError for a name in use."""
    _check_admin(actor)
    _ensure_unique(session, OrgUnit.name, name, unit.id if unit else None, "name_taken")
    before = _snapshot(unit, ORG_UNIT_FIELDS) if unit else None
    if unit is None:
        last = session.exec(select(func.max(OrgUnit.position))).one()
        unit = OrgUnit(name="", position=(last or 0) + 1)
    unit.name = name.strip()
    if before == _snapshot(unit, ORG_UNIT_FIELDS):
        return unit
    try:
        with session.begin_nested():  # the same name saved at the same moment by someone else
            session.add(unit)
            session.flush()
    except IntegrityError:
        raise StructureError("name_taken") from None
    record(session, actor, "org_unit.created" if before is None else "org_unit.changed", object_type="org_unit",
           object_id=unit.id, object_label=unit.name, before=before, after=_snapshot(unit, ORG_UNIT_FIELDS))
    return unit


def set_archived(session: Session, actor, item: Strategy | ActionArea | OrgUnit, archived: bool) -> None:
    """Archive or restore; audited. Archiving a strategy leaves its areas' own state as it is."""
    _check_admin(actor)
    if (item.archived_at is not None) == archived:
        return
    item.archived_at = utcnow() if archived else None
    session.add(item)
    session.flush()
    kind = OBJECT_TYPES[type(item)]
    record(session, actor, f"{kind}.archived" if archived else f"{kind}.restored", object_type=kind,
           object_id=item.id, object_label=_label(item), before={"archived": not archived},
           after={"archived": archived})


def move(session: Session, actor, item: Strategy | ActionArea | OrgUnit, direction: int) -> None:
    """Swap with the neighbour above (-1) or below (+1) among its siblings, in the order the lists show; audited."""
    _check_admin(actor)
    model = type(item)
    siblings = select(model).order_by(model.position, OrgUnit.name if model is OrgUnit else model.title, model.id)
    if isinstance(item, ActionArea):
        siblings = siblings.where(ActionArea.strategy_id == item.strategy_id)
    ordered = list(session.exec(siblings))
    index = ordered.index(item)
    target = index + direction
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, sibling in enumerate(ordered):
        sibling.position = position
        session.add(sibling)
    session.flush()
    kind = OBJECT_TYPES[model]
    record(session, actor, f"{kind}.moved", object_type=kind, object_id=item.id, object_label=_label(item),
           before={"position": index}, after={"position": target})
