from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from participation.documents.models import DocumentCategory
from participation.forms import as_choices
from participation.i18n import _, _l


class DocumentFilterForm(FlaskForm):
    """The list's filters (GET). Unknown values are ignored by the route, never an error."""

    class Meta:
        csrf = False

    q = StringField(_l("Search words"), validators=[Optional(), Length(max=200)],
                    description=_l("Searches the titles, descriptions and the text of PDF files."))
    category = SelectField(_l("Category"), validators=[Optional()], validate_choice=True)
    action_area = SelectField(_l("Action area"), validators=[Optional()], validate_choice=True)
    district = SelectField(_l("District"), validators=[Optional()], validate_choice=True)
    board = SelectField(_l("Board"), validators=[Optional()], validate_choice=True)
    date_from = DateField(_l("Dated from"), validators=[Optional()])
    date_until = DateField(_l("Dated until"), validators=[Optional()])
    sort = SelectField(_l("Sort by"), validators=[Optional()], validate_choice=True)


def _file_field(label) -> FileField:
    return FileField(label, validators=[FileRequired(_l("Please choose a file."))])


class DocumentForm(FlaskForm):
    """A document's details. The choices of the select fields are set by the route (0: none)."""

    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Please give the document a title.")),
        Length(max=200, message=_l("The title may have at most 200 characters."))])
    description = TextAreaField(_l("Description (optional)"), validators=[
        Optional(), Length(max=5000, message=_l("The description may have at most 5,000 characters."))],
        description=_l("What the document is about. You can use Markdown: **bold**, - lists."))
    category = SelectField(_l("Category"), validators=[DataRequired(_l("Please choose a category."))],
                           validate_choice=True)
    document_date = DateField(_l("Date of the document"), validators=[
        InputRequired(_l("Please enter the date the document bears, e.g. 2026-03-31."))])
    audience = RadioField(_l("Who may see it"), validators=[InputRequired(_l("Please choose who may see it."))],
                          validate_choice=True)
    board_id = SelectField(_l("Board"), coerce=int, validators=[Optional()], validate_choice=True,
                           description=_l("Needed for documents that only the members of a board may see."))
    meeting_id = SelectField(_l("Meeting (optional)"), coerce=int, validators=[Optional()], validate_choice=True)
    project_id = SelectField(_l("Volunteer project (optional)"), coerce=int, validators=[Optional()],
                             validate_choice=True)
    action_area_id = SelectField(_l("Action area (optional)"), coerce=int, validators=[Optional()],
                                 validate_choice=True)
    district_id = SelectField(_l("District (optional)"), coerce=int, validators=[Optional()], validate_choice=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labels are looked up per request, in the reader's language.
        self.category.choices = as_choices([("", _("Please choose"))]
                                           + [(category.value, category.label) for category in DocumentCategory])


class NewDocumentForm(DocumentForm):
    file = _file_field(_l("File"))


class VersionForm(FlaskForm):
    file = _file_field(_l("New file"))
    note = StringField(_l("What has changed (optional)"), validators=[
        Optional(), Length(max=500, message=_l("The note may have at most 500 characters."))])


def describe_file_limits(field, max_bytes: int) -> None:
    """The file field's hint, which depends on the size setting."""
    field.description = _("PDF, OpenDocument or Microsoft Office documents, JPEG or PNG images, or CSV tables; at "
                          "most %(size)d MB. The text of PDF files is searchable.", size=max_bytes // 1024 ** 2)
