"""The districts' populations, which an administrator enters so that the statistics can compare districts per
1,000 inhabitants. Every change is audited."""

from flask_babel import format_decimal
from sqlmodel import Session, col, select

from participation.accounts.permissions import is_admin
from participation.audit.services import record
from participation.i18n import _
from participation.municipality.models import District
from participation.refusals import NotAllowed, Refused

MAX_POPULATION = 10_000_000


def population_field(district_id: int) -> str:
    """The form field that holds the district's population."""
    return f"district_{district_id}"


def population_message() -> str:
    return _("Please enter the number of inhabitants as a whole number from 0 to %(max)s, or leave the field empty.",
             max=format_decimal(MAX_POPULATION))


def set_populations(session: Session, actor, populations: dict[int, int | None]) -> list[District]:
    """Set the population (None: unknown) of each district, by id; returns the districts that changed.
    Only administrators; each change is audited."""
    if actor is None or not is_admin(actor):
        raise NotAllowed
    for district_id, population in populations.items():
        if population is not None and not 0 <= population <= MAX_POPULATION:
            raise Refused(population_field(district_id), population_message())
    districts = session.exec(select(District).where(col(District.id).in_(populations))).all()
    changed = []
    for district in districts:
        before, after = district.population, populations[district.id]
        if before == after:
            continue
        district.population = after
        session.add(district)
        record(session, actor, "district.population_changed", object_type="district", object_id=district.id,
               object_label=district.name, before={"population": before}, after={"population": after})
        changed.append(district)
    session.flush()
    return changed
