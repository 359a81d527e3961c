"""The municipality's structure: districts, and the development concept's strategies and action areas."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from participation.db import UTCDateTime


class District(SQLModel, table=True):
    """An Ortsteil / Gemeindeteil; ideas, measures, projects and residents may belong to one."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    description: str = Field(default="", max_length=2000)
    position: int = Field(default=0)
    population: int | None = Field(default=None)  # entered by an admin; statistics show rates per 1,000


class Strategy(SQLModel, table=True):
    """A strategy of the development concept, or a cross-cutting task (Querschnittsaufgabe)."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200, unique=True)
    description: str = Field(default="", max_length=10000)
    is_cross_cutting: bool = Field(default=False)
    position: int = Field(default=0)
    # Archived, never deleted: measures and ideas keep pointing at it; new ones cannot choose it.
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ActionArea(SQLModel, table=True):
    """An Aktionsbereich of a strategy, with its goal and requirements for action."""

    __tablename__ = "action_area"

    id: int | None = Field(default=None, primary_key=True)
    strategy_id: int = Field(foreign_key="strategy.id", ondelete="RESTRICT", index=True)
    title: str = Field(max_length=200, unique=True)
    goal: str = Field(default="", max_length=10000)
    requirements: str = Field(default="", max_length=10000)
    position: int = Field(default=0)
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class OrgUnit(SQLModel, table=True):
    """A unit of the administration (Fachbereich, Amt) that can be responsible for measures."""

    __tablename__ = "org_unit"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    position: int = Field(default=0)
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
