from sqlmodel import Session, select

from participation.municipality.models import ActionArea, District, Strategy


def list_districts(session: Session) -> list[District]:
    return list(session.exec(select(District).order_by(District.position, District.name)))


def strategies_with_action_areas(session: Session) -> list[tuple[Strategy, list[ActionArea]]]:
    """Every strategy with its action areas, in two queries."""
    strategies = list(session.exec(select(Strategy).order_by(Strategy.position, Strategy.title)))
    areas = session.exec(select(ActionArea).order_by(ActionArea.position, ActionArea.title))
    by_strategy: dict[int, list[ActionArea]] = {strategy.id: [] for strategy in strategies}
    for area in areas:
        by_strategy[area.strategy_id].append(area)
    return [(strategy, by_strategy[strategy.id]) for strategy in strategies]
