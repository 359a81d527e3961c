"""Imports every area's models, so SQLModel.metadata is complete (for Alembic and the tests)."""

from participation.accounts.models import RoleGrant, User  # noqa: F401
from participation.audit.models import AuditEntry  # noqa: F401
from participation.auth.models import LoginSession  # noqa: F401
from participation.boards.models import (  # noqa: F401
    AgendaItem,
    Attendance,
    Board,
    BoardActionArea,
    Invitation,
    Meeting,
    Membership,
)
from participation.comments.models import Comment, CommentFlag  # noqa: F401
from participation.coordination.models import (  # noqa: F401
    SpaceDocument,
    SpaceDocumentVersion,
    SpaceMember,
    SpacePost,
    SpaceTask,
    SpaceThread,
)
from participation.documents.models import Document, DocumentVersion  # noqa: F401
from participation.ideas.models import (  # noqa: F401
    Idea,
    IdeaActionArea,
    IdeaFlag,
    IdeaFollow,
    IdeaStatusChange,
    IdeaVersion,
    OfficialAnswer,
    Support,
)
from participation.measures.models import (  # noqa: F401
    Measure,
    MeasureActionArea,
    MeasureDistrict,
    MeasureEvent,
    MeasureFollow,
    MeasureIdea,
    Milestone,
    QuarterlyReview,
    ReviewReminder,
)
from participation.municipality.models import ActionArea, District, OrgUnit, Strategy  # noqa: F401
from participation.news.models import NewsPost  # noqa: F401
from participation.notifications.models import Notification, NotificationSetting, OutboxMail  # noqa: F401
from participation.papers.models import Paper, PaperActionArea, PaperMeasure  # noqa: F401
from participation.privacy.models import ConsentRecord  # noqa: F401
from participation.representatives.models import AgendaProposal  # noqa: F401
from participation.site.models import AccessibilityFeedback, SitePageText  # noqa: F401
from participation.volunteering.models import (  # noqa: F401
    CalendarToken,
    PartnerMember,
    PartnerOrganisation,
    Project,
    ProjectCoordinator,
    ProjectDistrict,
    Shift,
    SignUp,
    Task,
)
