"""The coordination space's forms. Choices of the select fields are set by the route from the space's members,
the project's volunteers and its shifts."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from participation.i18n import _, _l

MARKDOWN_HINT = _l("You can use Markdown: **bold**, *italic*, - lists, [link text](https://…).")


def _body_field(label) -> TextAreaField:
    return TextAreaField(label, validators=[
        DataRequired(_l("Please write a message.")),
        Length(max=10000, message=_l("The text may have at most 10,000 characters."))], description=MARKDOWN_HINT)


class ThreadForm(FlaskForm):
    title = StringField(_l("Subject"), validators=[
        DataRequired(_l("Please give the discussion a subject.")),
        Length(max=200, message=_l("The subject may have at most 200 characters."))])
    body = _body_field(_l("Message"))


class ReplyForm(FlaskForm):
    body = _body_field(_l("Your reply"))


class _FileForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired(_l("Please choose a file."))])

    def describe_limits(self, max_bytes: int):
        self.file.description = _("PDF, OpenDocument or Microsoft Office documents, JPEG or PNG images, at most "
                                  "%(size)d MB.", size=max_bytes // 1024 ** 2)
        return self


class DocumentForm(_FileForm):
    title = StringField(_l("Title (optional)"), validators=[
        Optional(), Length(max=200, message=_l("The title may have at most 200 characters."))],
        description=_l("Without a title, the document is named after its file."))


class VersionForm(_FileForm):
    """A new version of a document: just the file."""


class TaskForm(FlaskForm):
    title = StringField(_l("Task"), validators=[
        DataRequired(_l("Please say what is to be done.")),
        Length(max=200, message=_l("The task may have at most 200 characters."))])
    assignee = SelectField(_l("Who does it (optional)"), coerce=int, validate_choice=True,
                           invalid_choice_message=_l("Please choose a member of the coordination space."))


class MemberForm(FlaskForm):
    user = SelectField(_l("Volunteer"), coerce=int, validate_choice=True,
                       validators=[DataRequired(_l("Please choose a volunteer."))],
                       invalid_choice_message=_l("Please choose one of the people who signed up for this "
                                                 "project's shifts."),
                       description=_l("People who signed up for one of the project's shifts, or wait for a place."))


class MessageForm(FlaskForm):
    audience = SelectField(_l("To"), coerce=int, validate_choice=True,
                           invalid_choice_message=_l("Please choose the project or one of its shifts."),
                           description=_l("Each volunteer gets the message as an e-mail of their own: nobody sees "
                                          "who else received it."))
    include_waiting = BooleanField(_l("Also write to people on a waitlist"))
    subject = StringField(_l("Subject"), validators=[
        DataRequired(_l("Please give the message a subject.")),
        Length(max=200, message=_l("The subject may have at most 200 characters."))])
    body = TextAreaField(_l("Message"), validators=[
        DataRequired(_l("Please write a message.")),
        Length(max=10000, message=_l("The text may have at most 10,000 characters."))],
        description=_l("Sent as plain text."))
