"""Maintaining the development concept: strategies and their action areas. Every change is audited.

Nothing is ever deleted: archived strategies and action areas stay attached to the ideas and measures that
use them, and are no longer offered for new ones.
"""

from sqlmodel import Session, func, select

from participation.audit.services import record
from participation.db import utcnow
from participation.municipality.models import ActionArea, Strategy

STRATEGY_FIELDS = ("title", "description", "is_cross_cutting")
ACTION_AREA_FIELDS = ("title", "goal", "requirements", "strategy_id")


class StructureError(ValueError):
    """The change would break the structure; `reason` says how ("title_taken")."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _snapshot(item, fields) -> dict:
    return {name: getattr(item, name) for name in fields}


def _ensure_unique_title(session: Session, model, title: str, own_id: int | None) -> None:
    clash = session.exec(select(model.id).where(func.lower(model.title) == title.strip().lower())).first()
    if clash is not None and clash != own_id:
        raise StructureError("title_taken")


def save_strategy(session: Session, actor, strategy: Strategy | None, values: dict) -> Strategy:
    """Create (strategy None) or change a strategy. Raises StructureError for a title in use."""
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


def set_archived(session: Session, actor, item: Strategy | ActionArea, archived: bool) -> None:
    """Archive or restore; audited. Archiving a strategy leaves its areas' own state as it is."""
    if (item.archived_at is not None) == archived:
        return
    item.archived_at = utcnow() if archived else None
    session.add(item)
    session.flush()
    kind = "strategy" if isinstance(item, Strategy) else "action_area"
    record(session, actor, f"{kind}.archived" if archived else f"{kind}.restored", object_type=kind,
           object_id=item.id, object_label=item.title, before={"archived": not archived}, after={"archived": archived})


def move(session: Session, actor, item: Strategy | ActionArea, direction: int) -> None:
    """Swap with the neighbour above (-1) or below (+1) among its siblings; audited."""
    model = type(item)
    siblings = select(model).order_by(model.position, model.id)
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
    kind = "strategy" if isinstance(item, Strategy) else "action_area"
    record(session, actor, f"{kind}.moved", object_type=kind, object_id=item.id, object_label=item.title,
           before={"position": index}, after={"position": target})
