from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import URL, DataRequired, Email, Length, Optional

from participation.boards.models import (
    AGENDA_SOURCE_LABELS,
    BOARD_KIND_LABELS,
    DECISION_KIND_LABELS,
    MEMBER_ROLE_LABELS,
    AgendaSource,
    BoardKind,
    MemberRole,
)
from participation.forms import MultiCheckboxField, as_choices, district_field
from participation.i18n import _l


class BoardForm(FlaskForm):
    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Please give the board a name.")),
        Length(max=200, message=_l("The name may have at most 200 characters."))])
    short_name = StringField(_l("Short name (optional)"), validators=[
        Optional(), Length(max=50, message=_l("The short name may have at most 50 characters."))])
    kind = RadioField(_l("Kind of board"),
                      choices=as_choices((kind.value, label) for kind, label in BOARD_KIND_LABELS.items()),
                      default=BoardKind.ADVISORY.value,
                      validators=[DataRequired(_l("Please choose the kind of board."))])
    purpose = TextAreaField(_l("Purpose"), validators=[
        Optional(), Length(max=10000, message=_l("The purpose may have at most 10,000 characters."))],
        description=_l("What the board does and how it works; public. You can use Markdown."))
    parent_id = SelectField(_l("Belongs to (optional)"), coerce=int, validators=[Optional()], validate_choice=True,
                            description=_l("A thematic board usually belongs to the advisory board."))
    action_areas = MultiCheckboxField(_l("Action areas"), coerce=int, validators=[Optional()],
                                      description=_l("Required for a thematic board: the action areas it works on."))
    default_location = StringField(_l("Usual meeting place (optional)"), validators=[
        Optional(), Length(max=300, message=_l("The place may have at most 300 characters."))],
        description=_l("Offered when meetings are planned."))


class MembershipForm(FlaskForm):
    account_email = EmailField(_l("E-mail address of the person's account (optional)"), validators=[
        Optional(), Email(_l("Please enter a valid e-mail address, such as name@example.org."),
                          check_deliverability=False)],
        description=_l("For members with an account on the portal. Leave empty for a person without an account "
                       "and enter their name below."))
    person_name = StringField(_l("Name (for people without an account)"), validators=[
        Optional(), Length(max=200, message=_l("The name may have at most 200 characters."))])
    organisation = StringField(_l("Organisation (optional)"), validators=[
        Optional(), Length(max=200, message=_l("The organisation may have at most 200 characters."))])
    contact = StringField(_l("Contact (optional, never public)"), validators=[
        Optional(), Length(max=300, message=_l("The contact may have at most 300 characters."))],
        description=_l("Address or telephone number for invitations; only admins see it."))
    role = SelectField(_l("Role on the board"),
                       choices=as_choices((role.value, label) for role, label in MEMBER_ROLE_LABELS.items()),
                       default=MemberRole.MEMBER.value, validate_choice=True)
    is_secretary = BooleanField(_l("Keeps the minutes (secretary)"),
                                description=_l("The secretary runs the board's meetings together with the chair."))
    is_external = BooleanField(_l("External member"),
                               description=_l("From outside the administration and the council, e.g. an "
                                              "association or a partner organisation."))
    has_vote = BooleanField(_l("Has a vote"), default=True)
    district = district_field()
    start_date = DateField(_l("Member from (optional)"), validators=[Optional()])
    end_date = DateField(_l("Member until (optional)"), validators=[Optional()])
    listed_publicly = BooleanField(_l("Consented to be named on the public page"),
                                   description=_l("Only members who agreed are named publicly; the others are "
                                                  "counted."))


class MeetingForm(FlaskForm):
    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Please name the meeting.")),
        Length(max=200, message=_l("The name may have at most 200 characters."))])
    day = DateField(_l("Date"), validators=[DataRequired(_l("Please enter the date of the meeting."))])
    start_time = TimeField(_l("Begins at"), validators=[DataRequired(_l("Please enter when the meeting begins."))])
    end_time = TimeField(_l("Ends at (optional)"), validators=[Optional()])
    location = StringField(_l("Place"), validators=[
        Optional(), Length(max=300, message=_l("The place may have at most 300 characters."))])
    online_url = StringField(_l("Online link (optional)"), validators=[
        Optional(), Length(max=500, message=_l("The link may have at most 500 characters.")),
        URL(require_tld=True, message=_l("Please enter a full web address starting with https://."))])
    is_public = BooleanField(_l("Public meeting"), default=True,
                             description=_l("Residents can see public meetings and their public agenda items."))


class PlanYearForm(FlaskForm):
    year = SelectField(_l("Year"), coerce=int, validate_choice=True)
    start_time = TimeField(_l("Meetings begin at"), validators=[DataRequired(_l("Please enter a time."))])
    location = StringField(_l("Place"), validators=[
        Optional(), Length(max=300, message=_l("The place may have at most 300 characters."))])


class CancelMeetingForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(_l("Please give the reason for the cancellation.")),
        Length(max=2000, message=_l("The reason may have at most 2,000 characters."))],
        description=_l("Shown with the meeting."))


class AgendaItemForm(FlaskForm):
    """A new item: what it is about (an idea, a measure, a paper, or free text), a title and a text."""

    source = RadioField(_l("The item is about"), choices=as_choices(
        (source.value, label) for source, label in AGENDA_SOURCE_LABELS.items()
        if source != AgendaSource.REVIEW_SUMMARY), default=AgendaSource.FREE.value)
    idea_id = SelectField(_l("Idea (for an item about an idea)"), coerce=int, validators=[Optional()],
                          validate_choice=True)
    measure_id = SelectField(_l("Measure (for an item about a measure)"), coerce=int, validators=[Optional()],
                             validate_choice=True)
    paper_id = SelectField(_l("Paper (for an item about a paper)"), coerce=int, validators=[Optional()],
                           validate_choice=True)
    title = StringField(_l("Title"), validators=[
        Optional(), Length(max=200, message=_l("The title may have at most 200 characters."))],
        description=_l("Leave empty to use the title of the idea, measure or paper."))
    text = TextAreaField(_l("Text (optional)"), validators=[
        Optional(), Length(max=10000, message=_l("The text may have at most 10,000 characters."))],
        description=_l("What the board is to discuss. You can use Markdown."))
    is_public = BooleanField(_l("Public item"), default=True,
                             description=_l("Non-public items and their minutes are seen only by the board's members "
                                            "and the administration."))


class AgendaItemEditForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Please give the agenda item a title.")),
        Length(max=200, message=_l("The title may have at most 200 characters."))])
    text = AgendaItemForm.text
    is_public = AgendaItemForm.is_public


class MinutesForm(FlaskForm):
    minutes = TextAreaField(_l("Minutes"), validators=[
        Optional(), Length(max=20000, message=_l("The minutes may have at most 20,000 characters."))],
        description=_l("What was discussed. You can use Markdown."))
    decision_kind = SelectField(_l("Result"), validators=[Optional()], validate_choice=True, choices=as_choices(
        [("", _l("No result"))] + [(kind.value, label) for kind, label in DECISION_KIND_LABELS.items()]))
    decision_text = TextAreaField(_l("Wording of the result"), validators=[
        Optional(), Length(max=10000, message=_l("The wording may have at most 10,000 characters."))],
        description=_l("The recommendation or decision as the board adopted it. When the minutes are published, it "
                       "appears with the idea or measure behind the item, and their followers are notified."))


class AttendanceForm(FlaskForm):
    present = MultiCheckboxField(_l("Present"), coerce=int, validators=[Optional()])
