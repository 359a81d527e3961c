"""Everything the portal holds about one person, for the data export (Art. 15 and 20 GDPR).

`personal_data()` returns plain, JSON-serialisable data: groups (profile, ideas, …), each a dict of parts; a part is
a list of rows (dicts) or one dict. Timestamps are ISO 8601 in UTC, links are paths on this site, coded values
(a status, a role) come with a `<key>_label` in the reader's language. Each part is one query, whatever its length.

Every table with a column pointing at user_account was considered. Deliberately left out:

- Other people's data: their comments (also those replying to or reported by the person), supports and follows of
  the same ideas, the names of the moderators, staff and coordinators who acted on the person's contributions,
  sign-ups or account (audit entries about the account say only whether the person acted themselves), the other
  members of spaces and boards, the text of comments and ideas the person reported. Notifications and mails keep
  the text the person was sent, which may name others ("Otto commented on …").
- Secrets: the password hash, the hashes of login-session and calendar-feed tokens (only their dates are shown),
  and the bodies of queued mails (they carry sign-in, reset and unsubscribe links; subject and dates are shown).
- Records of official work for the municipality: measures someone is responsible for, deputises or created, their
  milestones, quarterly reviews, timeline entries and linked ideas; official answers, idea status changes and
  assignments; papers; versions uploaded to library documents; projects, tasks and shifts created; sign-ups
  confirmed; space members added; agenda proposals decided; consents recorded for others; legal page texts edited;
  accessibility feedback handled. They are records of the office, not of the person; most of these acts are in the
  audit entries the person made (group "audit"). News posts and library documents a staff member created are
  listed, as the issue asks.
- Mails sent to an earlier e-mail address: the outbox is matched by the current address only.
"""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from flask import url_for
from sqlalchemy import or_
from sqlmodel import Session, col, select

from participation.accounts.models import ROLE_LABELS, RoleGrant, User
from participation.audit.models import AuditEntry
from participation.auth.models import LoginSession
from participation.boards.models import (
    INVITATION_RESPONSE_LABELS,
    MEMBER_ROLE_LABELS,
    Attendance,
    Board,
    Invitation,
    Meeting,
    Membership,
)
from participation.comments.models import STANCE_LABELS, Comment, CommentFlag
from participation.coordination.models import (
    SpaceDocument,
    SpaceDocumentVersion,
    SpaceMember,
    SpacePost,
    SpaceTask,
    SpaceThread,
)
from participation.documents.models import AUDIENCE_LABELS, CATEGORY_LABELS, Document
from participation.i18n import LANGUAGE_NAMES, _l
from participation.ideas.models import STATUS_LABELS, Idea, IdeaFlag, IdeaFollow, IdeaVersion, Support
from participation.measures.models import Measure, MeasureFollow
from participation.municipality.models import District
from participation.news.models import NewsPost
from participation.notifications.forms import EMAIL_MODE_LABELS
from participation.notifications.kinds import notification_text
from participation.notifications.models import EmailMode, Notification, NotificationSetting, OutboxMail, OutboxStatus
from participation.privacy.consents import consents_of, seats_of
from participation.privacy.models import CONSENT_LABELS
from participation.representatives.models import PROPOSAL_STATE_LABELS, AgendaProposal
from participation.site.models import AccessibilityFeedback
from participation.volunteering.models import (
    CalendarToken,
    PartnerMember,
    PartnerOrganisation,
    Project,
    ProjectCoordinator,
    Shift,
    SignUp,
    SignUpState,
    Task,
)

SUBJECT_LABELS = {"idea": _l("Idea"), "measure": _l("Measure"), "news_post": _l("News post")}
SIGN_UP_STATE_LABELS = {
    SignUpState.SIGNED_UP: _l("Signed up"),
    SignUpState.WAITING: _l("On the waitlist"),
    SignUpState.CANCELLED: _l("Cancelled"),
}
OUTBOX_STATUS_LABELS = {
    OutboxStatus.QUEUED: _l("Waiting to be sent"),
    OutboxStatus.SENDING: _l("Being sent"),
    OutboxStatus.SENT: _l("Sent"),
    OutboxStatus.FAILED: _l("Could not be sent"),
}

Row = dict[str, Any]


def _iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def _coded(key: str, code: str | None, labels: Mapping) -> Row:
    """A coded value and its label, e.g. {"status": "published", "status_label": "Published"}."""
    label = labels.get(code)
    return {key: code, f"{key}_label": str(label) if label is not None else code}


# --- profile ---------------------------------------------------------------------------------------------------

def _account(session: Session, user: User) -> Row:
    district = session.exec(select(District.name).where(District.id == user.district_id)).first()
    return {
        "email": user.email, "display_name": user.display_name, "district": district,
        **_coded("language", user.locale, LANGUAGE_NAMES),
        "registered_at": _iso(user.created_at), "email_verified_at": _iso(user.email_verified_at),
        "privacy_consent_at": _iso(user.privacy_consent_at), "blocked": user.is_blocked,
    }


def _roles(session: Session, user: User) -> list[Row]:
    grants = session.exec(select(RoleGrant).where(RoleGrant.user_id == user.id).order_by(RoleGrant.role))
    return [{**_coded("role", grant.role, ROLE_LABELS), "granted_at": _iso(grant.granted_at)} for grant in grants]


# --- ideas, comments, supports, follows, reports -------------------------------------------------------------

def _idea_path(idea_id: int, anchor: str | None = None) -> str:
    return url_for("ideas.show", idea_id=idea_id, _anchor=anchor)


def _ideas(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(Idea, District.name).outerjoin(District, District.id == Idea.district_id)
                        .where(Idea.author_id == user.id).order_by(Idea.created_at, Idea.id))
    return [{
        "title": idea.title, "path": _idea_path(idea.id), "id": idea.id, **_coded("status", idea.status, STATUS_LABELS),
        "district": district, "body": idea.body, "place": idea.place, "latitude": idea.latitude,
        "longitude": idea.longitude, "has_image": idea.image_name is not None, "created_at": _iso(idea.created_at),
        "published_at": _iso(idea.published_at), "hidden": idea.is_hidden, "hidden_reason": idea.hidden_reason,
        "appeal": idea.appeal, "appealed_at": _iso(idea.appealed_at),
    } for idea, district in rows]


def _idea_versions(session: Session, user: User) -> list[Row]:
    """Earlier texts of the person's ideas, kept when they edited them after publication."""
    rows = session.exec(select(IdeaVersion, Idea.title).join(Idea, Idea.id == IdeaVersion.idea_id)
                        .where(Idea.author_id == user.id).order_by(IdeaVersion.edited_at, IdeaVersion.id))
    return [{"idea": idea_title, "path": _idea_path(version.idea_id), "title": version.title, "body": version.body,
             "edited_at": _iso(version.edited_at)} for version, idea_title in rows]


SUBJECT_TITLES = (Idea.title, Measure.title, NewsPost.title)


def _join_subjects(query):
    """The query, which selects from `comment`, with each comment's subject joined: SUBJECT_TITLES can be read."""
    return (query.outerjoin(Idea, Idea.id == Comment.idea_id).outerjoin(Measure, Measure.id == Comment.measure_id)
            .outerjoin(NewsPost, NewsPost.id == Comment.news_post_id))


def _subject(comment: Comment, titles: tuple[str | None, ...]) -> Row:
    """The comment's subject: its kind, title and the path to the comment on the subject's page."""
    anchor = f"comment-{comment.id}"
    if comment.idea_id is not None:
        kind, title, path = "idea", titles[0], _idea_path(comment.idea_id, anchor)
    elif comment.measure_id is not None:
        kind, title = "measure", titles[1]
        path = url_for("measures.show", measure_id=comment.measure_id, _anchor=anchor)
    else:
        kind, title, path = "news_post", titles[2], url_for("news.show", post_id=comment.news_post_id, _anchor=anchor)
    return {"subject_title": title, "path": path, **_coded("subject_type", kind, SUBJECT_LABELS)}


def _comments(session: Session, user: User) -> list[Row]:
    rows = session.exec(_join_subjects(select(Comment, *SUBJECT_TITLES)).where(Comment.author_id == user.id)
                        .order_by(Comment.created_at, Comment.id))
    return [{
        **_subject(comment, titles), "id": comment.id, "reply_to": comment.parent_id, "body": comment.body,
        **_coded("stance", comment.stance, STANCE_LABELS), "created_at": _iso(comment.created_at),
        "edited_at": _iso(comment.edited_at), "deleted_at": _iso(comment.deleted_at),
        "hidden_at": _iso(comment.hidden_at), "hidden_reason": comment.hidden_reason, "appeal": comment.appeal,
        "appealed_at": _iso(comment.appealed_at),
    } for comment, *titles in rows]


def _supports(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(Support, Idea.title).join(Idea, Idea.id == Support.idea_id)
                        .where(Support.user_id == user.id).order_by(Support.created_at, Support.id))
    return [{"idea": title, "path": _idea_path(support.idea_id), "idea_id": support.idea_id,
             "supported_at": _iso(support.created_at)} for support, title in rows]


def _followed_ideas(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(IdeaFollow, Idea.title).join(Idea, Idea.id == IdeaFollow.idea_id)
                        .where(IdeaFollow.user_id == user.id, col(IdeaFollow.following).is_(True))
                        .order_by(IdeaFollow.created_at))
    return [{"idea": title, "path": _idea_path(follow.idea_id), "idea_id": follow.idea_id,
             "followed_at": _iso(follow.created_at)} for follow, title in rows]


def _followed_measures(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(MeasureFollow, Measure.title).join(Measure, Measure.id == MeasureFollow.measure_id)
                        .where(MeasureFollow.user_id == user.id, col(MeasureFollow.following).is_(True))
                        .order_by(MeasureFollow.created_at))
    return [{"measure": title, "path": url_for("measures.show", measure_id=follow.measure_id),
             "measure_id": follow.measure_id, "followed_at": _iso(follow.created_at)} for follow, title in rows]


def _idea_reports(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(IdeaFlag, Idea.title).join(Idea, Idea.id == IdeaFlag.idea_id)
                        .where(IdeaFlag.user_id == user.id).order_by(IdeaFlag.created_at))
    return [{"idea": title, "path": _idea_path(flag.idea_id), "reason": flag.reason,
             "reported_at": _iso(flag.created_at), "resolved_at": _iso(flag.resolved_at)} for flag, title in rows]


def _comment_reports(session: Session, user: User) -> list[Row]:
    """Reported comments by where they are: their text is someone else's."""
    rows = session.exec(_join_subjects(select(CommentFlag, Comment, *SUBJECT_TITLES)
                                       .join(Comment, Comment.id == CommentFlag.comment_id))
                        .where(CommentFlag.user_id == user.id).order_by(CommentFlag.created_at))
    return [{**_subject(comment, titles), "comment_id": comment.id, "reason": flag.reason,
             "reported_at": _iso(flag.created_at), "resolved_at": _iso(flag.resolved_at)}
            for flag, comment, *titles in rows]


# --- volunteering and coordination spaces ---------------------------------------------------------------------

def _project_path(project_id: int) -> str:
    return url_for("volunteering.project", project_id=project_id)


def _sign_ups(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(SignUp, Shift, Task.title, Project.id, Project.title)
                        .join(Shift, Shift.id == SignUp.shift_id).join(Task, Task.id == Shift.task_id)
                        .join(Project, Project.id == Task.project_id)
                        .where(SignUp.user_id == user.id).order_by(Shift.starts_at, SignUp.id))
    return [{
        "project": project_title, "path": _project_path(project_id), "task": task_title,
        "shift_starts_at": _iso(shift.starts_at), "shift_ends_at": _iso(shift.ends_at),
        "shift_cancelled_at": _iso(shift.cancelled_at), **_coded("state", entry.state, SIGN_UP_STATE_LABELS),
        "waitlist_number": entry.waitlist_number, "signed_up_at": _iso(entry.created_at),
        "attended": entry.attended, "hours": entry.hours, "confirmed_at": _iso(entry.confirmed_at),
    } for entry, shift, task_title, project_id, project_title in rows]


def _calendar_feeds(session: Session, user: User) -> list[Row]:
    """When each personal calendar address was made; the address itself is a secret, and not stored."""
    created = session.exec(select(CalendarToken.created_at).where(CalendarToken.user_id == user.id)
                           .order_by(CalendarToken.created_at))
    return [{"created_at": _iso(moment)} for moment in created]


def _partner_memberships(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(PartnerOrganisation.id, PartnerOrganisation.name)
                        .join(PartnerMember, PartnerMember.partner_id == PartnerOrganisation.id)
                        .where(PartnerMember.user_id == user.id).order_by(PartnerOrganisation.name))
    return [{"organisation": name, "path": url_for("partners.show", partner_id=partner_id)}
            for partner_id, name in rows]


def _coordinated_projects(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(Project.id, Project.title)
                        .join(ProjectCoordinator, ProjectCoordinator.project_id == Project.id)
                        .where(ProjectCoordinator.user_id == user.id).order_by(Project.title))
    return [{"project": title, "path": _project_path(project_id)} for project_id, title in rows]


def _space_memberships(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(SpaceMember, Project.title).join(Project, Project.id == SpaceMember.project_id)
                        .where(SpaceMember.user_id == user.id).order_by(SpaceMember.added_at))
    return [{"project": title, "path": url_for("coordination.overview", project_id=member.project_id),
             "added_at": _iso(member.added_at)} for member, title in rows]


def _space_posts(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(SpacePost, SpaceThread, Project.title)
                        .join(SpaceThread, SpaceThread.id == SpacePost.thread_id)
                        .join(Project, Project.id == SpaceThread.project_id)
                        .where(SpacePost.author_id == user.id).order_by(SpacePost.created_at, SpacePost.id))
    return [{"thread": thread.title, "path": url_for("coordination.thread", project_id=thread.project_id,
                                                     thread_id=thread.id),
             "project": project_title, "body": post.body, "created_at": _iso(post.created_at)}
            for post, thread, project_title in rows]


def _space_uploads(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(SpaceDocumentVersion, SpaceDocument, Project.title)
                        .join(SpaceDocument, SpaceDocument.id == SpaceDocumentVersion.document_id)
                        .join(Project, Project.id == SpaceDocument.project_id)
                        .where(SpaceDocumentVersion.uploaded_by_id == user.id)
                        .order_by(SpaceDocumentVersion.uploaded_at, SpaceDocumentVersion.id))
    return [{"document": document.title, "path": url_for("coordination.document", project_id=document.project_id,
                                                         document_id=document.id),
             "project": project_title, "version": version.number, "file_name": version.name,
             "uploaded_at": _iso(version.uploaded_at)} for version, document, project_title in rows]


def _space_tasks(session: Session, user: User) -> list[Row]:
    """To-dos of a space the person was given, wrote down or ticked off."""
    rows = session.exec(select(SpaceTask, Project.title).join(Project, Project.id == SpaceTask.project_id)
                        .where(or_(SpaceTask.assignee_id == user.id, SpaceTask.created_by_id == user.id,
                                   SpaceTask.done_by_id == user.id))
                        .order_by(SpaceTask.created_at, SpaceTask.id))
    return [{"task": task.title, "path": url_for("coordination.tasks", project_id=task.project_id),
             "project": project_title, "assigned_to_you": task.assignee_id == user.id,
             "written_by_you": task.created_by_id == user.id, "done": task.is_done,
             "done_by_you": task.done_by_id == user.id, "created_at": _iso(task.created_at),
             "done_at": _iso(task.done_at)} for task, project_title in rows]


# --- boards ----------------------------------------------------------------------------------------------------

def _board_seats(session: Session, user: User) -> list[Row]:
    return [{
        "board": board.name, "path": url_for("boards.show", board_id=board.id),
        **_coded("role", seat.role, MEMBER_ROLE_LABELS), "secretary": seat.is_secretary, "has_vote": seat.has_vote,
        "external": seat.is_external, "organisation": seat.organisation, "contact": seat.contact,
        "start_date": _iso(seat.start_date), "end_date": _iso(seat.end_date), "listed_publicly": seat.listed_publicly,
        "created_at": _iso(seat.created_at),
    } for seat, board in seats_of(session, user)]


def _meeting_invitations(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(Invitation, Meeting).join(Meeting, Meeting.id == Invitation.meeting_id)
                        .join(Membership, Membership.id == Invitation.membership_id)
                        .where(Membership.user_id == user.id).order_by(Meeting.starts_at))
    return [{"meeting": meeting.name, "path": url_for("boards.meeting", meeting_id=meeting.id),
             "starts_at": _iso(meeting.starts_at), "invited_at": _iso(invitation.invited_at),
             **_coded("response", invitation.response, INVITATION_RESPONSE_LABELS),
             "responded_at": _iso(invitation.responded_at)} for invitation, meeting in rows]


def _meeting_attendance(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(Meeting).join(Attendance, Attendance.meeting_id == Meeting.id)
                        .join(Membership, Membership.id == Attendance.membership_id)
                        .where(Membership.user_id == user.id).order_by(Meeting.starts_at))
    return [{"meeting": meeting.name, "path": url_for("boards.meeting", meeting_id=meeting.id),
             "starts_at": _iso(meeting.starts_at)} for meeting in rows]


def _agenda_proposals(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(AgendaProposal, Idea.title, Board.name)
                        .join(Idea, Idea.id == AgendaProposal.idea_id).join(Board, Board.id == AgendaProposal.board_id)
                        .where(AgendaProposal.proposed_by_id == user.id).order_by(AgendaProposal.created_at))
    return [{
        "idea": idea_title, "path": _idea_path(proposal.idea_id), "board": board_name, "reason": proposal.reason,
        **_coded("state", proposal.state, PROPOSAL_STATE_LABELS), "decline_reason": proposal.decline_reason,
        "created_at": _iso(proposal.created_at), "decided_at": _iso(proposal.decided_at),
    } for proposal, idea_title, board_name in rows]


# --- notifications, consents, sign-ins, audit --------------------------------------------------------------------

def _notifications(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(Notification).where(Notification.user_id == user.id)
                        .order_by(Notification.created_at, Notification.id))
    return [{"text": notification_text(item.kind, item.params), "path": item.link, "kind": item.kind,
             "created_at": _iso(item.created_at), "read_at": _iso(item.read_at), "mailed_at": _iso(item.mailed_at)}
            for item in rows]


def _notification_setting(session: Session, user: User) -> Row:
    setting = session.get(NotificationSetting, user.id)
    mode = setting.email_mode if setting else EmailMode.IMMEDIATE.value  # no row: the default
    return {**_coded("email_mode", mode, EMAIL_MODE_LABELS),
            "last_digest_at": _iso(setting.last_digest_at) if setting else None}


def _mails(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(OutboxMail.subject, OutboxMail.status, OutboxMail.created_at, OutboxMail.sent_at)
                        .where(OutboxMail.recipient == user.email).order_by(OutboxMail.created_at, OutboxMail.id))
    return [{"subject": subject, **_coded("status", status, OUTBOX_STATUS_LABELS), "queued_at": _iso(created_at),
             "sent_at": _iso(sent_at)}
            for subject, status, created_at, sent_at in rows]


def _consents(session: Session, user: User) -> list[Row]:
    """Consents the person gave, and those the office recorded on paper for their board seats."""
    return [{**_coded("consent", record.subject, CONSENT_LABELS), "version": record.version,
             "given_at": _iso(record.given_at), "withdrawn_at": _iso(record.withdrawn_at),
             "recorded_by_office": record.recorded_by_id is not None and record.recorded_by_id != user.id}
            for record in consents_of(session, user)]


def _login_sessions(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(LoginSession).where(LoginSession.user_id == user.id)
                        .order_by(LoginSession.created_at, LoginSession.id))
    return [{"created_at": _iso(row.created_at), "expires_at": _iso(row.expires_at), "remembered": row.remember}
            for row in rows]


def _audit_about_account(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(AuditEntry).where(AuditEntry.object_type == "user", AuditEntry.object_id == str(user.id))
                        .order_by(AuditEntry.created_at, AuditEntry.id))
    return [{"action": entry.action, "created_at": _iso(entry.created_at), "by_yourself": entry.actor_id == user.id,
             "reason": entry.reason, "before": entry.before, "after": entry.after} for entry in rows]


def _audit_your_actions(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(AuditEntry).where(AuditEntry.actor_id == user.id)
                        .order_by(AuditEntry.created_at, AuditEntry.id))
    return [{"action": entry.action, "object_type": entry.object_type, "object_id": entry.object_id,
             "object_label": entry.object_label, "created_at": _iso(entry.created_at), "reason": entry.reason,
             "before": entry.before, "after": entry.after} for entry in rows]


def _accessibility_feedback(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(AccessibilityFeedback).where(AccessibilityFeedback.user_id == user.id)
                        .order_by(AccessibilityFeedback.created_at))
    return [{"page": row.page_url, "message": row.message, "name": row.name, "email": row.email,
             "created_at": _iso(row.created_at), "handled_at": _iso(row.handled_at), "answer_note": row.answer_note}
            for row in rows]


# --- staff ---------------------------------------------------------------------------------------------------------

def _news_posts(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(NewsPost).where(NewsPost.author_id == user.id)
                        .order_by(NewsPost.created_at, NewsPost.id))
    return [{"title": post.title, "path": url_for("news.show", post_id=post.id), "draft": post.is_draft,
             "published_at": _iso(post.published_at), "created_at": _iso(post.created_at)} for post in rows]


def _documents(session: Session, user: User) -> list[Row]:
    rows = session.exec(select(Document).where(Document.created_by_id == user.id)
                        .order_by(Document.created_at, Document.id))
    return [{"title": document.title, "path": url_for("documents.show", document_id=document.id),
             **_coded("category", document.category, CATEGORY_LABELS),
             **_coded("audience", document.audience, AUDIENCE_LABELS),
             "document_date": _iso(document.document_date), "created_at": _iso(document.created_at)}
            for document in rows]


def personal_data(session: Session, user: User) -> dict[str, dict[str, Any]]:
    """Everything about `user`, grouped as the export page shows it; one query per part. Needs a request context
    (links are built with url_for, labels in the reader's language)."""
    return {
        "profile": {"account": _account(session, user), "roles": _roles(session, user)},
        "ideas": {"ideas": _ideas(session, user), "earlier_versions": _idea_versions(session, user)},
        "comments": {"comments": _comments(session, user)},
        "supports": {"supports": _supports(session, user)},
        "follows": {"ideas": _followed_ideas(session, user), "measures": _followed_measures(session, user)},
        "reports": {"ideas": _idea_reports(session, user), "comments": _comment_reports(session, user)},
        "volunteering": {
            "sign_ups": _sign_ups(session, user), "calendar_feeds": _calendar_feeds(session, user),
            "partner_organisations": _partner_memberships(session, user),
            "coordinated_projects": _coordinated_projects(session, user),
            "spaces": _space_memberships(session, user), "space_posts": _space_posts(session, user),
            "space_uploads": _space_uploads(session, user), "space_tasks": _space_tasks(session, user),
        },
        "boards": {
            "seats": _board_seats(session, user), "invitations": _meeting_invitations(session, user),
            "attendance": _meeting_attendance(session, user), "agenda_proposals": _agenda_proposals(session, user),
        },
        "notifications": {"notifications": _notifications(session, user),
                          "settings": _notification_setting(session, user), "mails": _mails(session, user)},
        "consents": {"consents": _consents(session, user)},
        "sign_ins": {"sign_ins": _login_sessions(session, user)},
        "audit": {"about_your_account": _audit_about_account(session, user),
                  "your_actions": _audit_your_actions(session, user)},
        "accessibility_feedback": {"accessibility_feedback": _accessibility_feedback(session, user)},
        "staff": {"news_posts": _news_posts(session, user), "documents": _documents(session, user)},
    }
