from sqlmodel import Session, col, select

from participation.municipality.models import ActionArea, District, Strategy


def list_districts(session: Session) -> list[District]:
    return list(session.exec(select(District).order_by(District.position, District.name)))


def strategies_with_action_areas(session: Session, include_archived: bool = False
                                 ) -> list[tuple[Strategy, list[ActionArea]]]:
    """Every strategy with its action areas (current ones only, unless `include_archived`), in two queries."""
    strategy_query = select(Strategy).order_by(Strategy.position, Strategy.title)
    area_query = select(ActionArea).order_by(ActionArea.position, ActionArea.title)
    if not include_archived:
        strategy_query = strategy_query.where(col(Strategy.archived_at).is_(None))
        area_query = area_query.where(col(ActionArea.archived_at).is_(None))
    strategies = list(session.exec(strategy_query))
    areas = session.exec(area_query)
    by_strategy: dict[int, list[ActionArea]] = {strategy.id: [] for strategy in strategies}
    for area in areas:
        if area.strategy_id in by_strategy:
            by_strategy[area.strategy_id].append(area)
    return [(strategy, by_strategy[strategy.id]) for strategy in strategies]
