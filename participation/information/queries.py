"""Reading for the information area: the project manual (Projektmanual), the administration's overview of the
development concept with its measures.

The manual loads in a constant number of queries, whatever the number of strategies, areas and measures.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.db import utcnow
from participation.measures.models import Measure, MeasureActionArea, MeasureStatus
from participation.municipality.models import ActionArea, OrgUnit, Strategy
from participation.municipality.queries import strategies_with_action_areas


@dataclass
class ManualMeasure:
    measure: Measure
    unit_name: str
    responsible_name: str


@dataclass
class ManualArea:
    area: ActionArea
    measures: list[ManualMeasure] = field(default_factory=list)


@dataclass
class ManualStrategy:
    strategy: Strategy
    areas: list[ManualArea] = field(default_factory=list)


@dataclass
class Manual:
    strategies: list[ManualStrategy]
    generated_at: datetime


def project_manual(session: Session) -> Manual:
    """Current strategies and action areas, each area with its measures (drafts included, discarded ones not).

    Three queries: strategies, action areas, and the measures with their unit and responsible person.
    """
    structure = strategies_with_action_areas(session)
    area_ids = [area.id for _strategy, areas in structure for area in areas]
    by_area: dict[int, list[ManualMeasure]] = defaultdict(list)
    if area_ids:
        rows = session.exec(
            select(MeasureActionArea.action_area_id, Measure, OrgUnit.name, User.display_name)
            .join(Measure, Measure.id == MeasureActionArea.measure_id)
            .join(OrgUnit, OrgUnit.id == Measure.unit_id).join(User, User.id == Measure.responsible_id)
            .where(col(MeasureActionArea.action_area_id).in_(area_ids),
                   Measure.status != MeasureStatus.DISCARDED.value)
            .order_by(col(Measure.is_core).desc(), Measure.title, Measure.id))
        for area_id, measure, unit_name, responsible_name in rows:
            by_area[area_id].append(ManualMeasure(measure, unit_name, responsible_name))
    return Manual(
        strategies=[ManualStrategy(strategy, [ManualArea(area, by_area[area.id]) for area in areas])
                    for strategy, areas in structure],
        generated_at=utcnow())
