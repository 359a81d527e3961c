"""The coordination space of a volunteer project: who belongs to it beyond its coordinators and partner members,
the message board, shared documents with their versions, and a simple task list. Nothing here is public."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from participation.db import UTCDateTime, utcnow


class SpaceMember(SQLModel, table=True):
    """A volunteer a coordinator let into the space; coordinators and partner members belong to it anyway."""

    __tablename__ = "space_member"

    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", primary_key=True, index=True)
    added_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    added_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SpaceThread(SQLModel, table=True):
    """A discussion on the space's message board; its first post is the opening message."""

    __tablename__ = "space_thread"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    title: str = Field(max_length=200)
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_post_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)  # the board lists by it


class SpacePost(SQLModel, table=True):
    __tablename__ = "space_post"

    id: int | None = Field(default=None, primary_key=True)
    thread_id: int = Field(foreign_key="space_thread.id", ondelete="CASCADE", index=True)
    author_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    body: str = Field(max_length=10000)  # Markdown, sanitised when shown
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SpaceDocument(SQLModel, table=True):
    """A shared document; its file lives in its versions, the newest of which is the current one."""

    __tablename__ = "space_document"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    title: str = Field(max_length=200)
    # The last version number handed out: a new version takes the next one by one update of this row, so two
    # uploads at once never get the same number.
    version_count: int = Field(default=0)
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SpaceDocumentVersion(SQLModel, table=True):
    __tablename__ = "space_document_version"
    __table_args__ = (UniqueConstraint("document_id", "number", name="uq_space_document_version_number"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="space_document.id", ondelete="CASCADE", index=True)
    number: int
    name: str = Field(max_length=200)  # shown and offered for download
    stored_name: str = Field(max_length=80, unique=True)
    content_type: str = Field(max_length=100)
    size: int
    sha512: str = Field(max_length=128)
    uploaded_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    uploaded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SpaceTask(SQLModel, table=True):
    """A to-do of the coordination team (not a volunteering Task with shifts)."""

    __tablename__ = "space_task"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    title: str = Field(max_length=200)
    assignee_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    is_done: bool = Field(default=False)
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
