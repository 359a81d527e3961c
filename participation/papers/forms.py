from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from participation.forms import MultiCheckboxField, as_choices
from participation.i18n import _, _l
from participation.measures.rules import CONTRIBUTION_MIN_LENGTH, contribution_problems
from participation.papers.models import PaperType


class PaperForm(FlaskForm):
    """A paper's fields. With `require_complete` (submitting, or the paper is already submitted) the
    contribution and the action areas are mandatory; a draft may be saved without them."""

    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Please give the paper a title.")),
        Length(max=200, message=_l("The title may have at most 200 characters."))])
    paper_type = SelectField(_l("Type of paper"), validators=[DataRequired(_l("Please choose the type of paper."))],
                             validate_choice=True)
    text = TextAreaField(_l("Text of the paper"), validators=[
        Optional(), Length(max=20000, message=_l("The text may have at most 20,000 characters."))],
        description=_l("The proposal itself: situation, proposal, costs. You can use Markdown: **bold**, - lists, "
                       "## headings."))
    contribution = TextAreaField(_l("Contribution to the urban-development project"), validators=[
        Optional(), Length(max=5000, message=_l("The contribution may have at most 5,000 characters."))],
        description=_l("Mandatory field: what does the paper contribute to the urban-development project? At least "
                       "%(min)d characters. A draft may be saved without it; the paper cannot be submitted without "
                       "it.", min=CONTRIBUTION_MIN_LENGTH))
    action_areas = MultiCheckboxField(_l("Action areas"), coerce=int, description=_l(
        "Mandatory field: choose at least one action area of the development concept before submitting."))
    measures = MultiCheckboxField(_l("Linked measures (optional)"), coerce=int, description=_l(
        "Measures of the measure backlog this paper is about."))

    def __init__(self, *args, require_complete: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.require_complete = require_complete
        # Labels are looked up per request, in the reader's language.
        self.paper_type.choices = as_choices((paper_type.value, paper_type.label) for paper_type in PaperType)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.require_complete:
            problems = contribution_problems(self.contribution.data or "", self.action_areas.data or [])
            for name, message in problems.items():
                field = self[name]
                if not field.errors:
                    field.errors = [*field.errors, message]
                valid = False
        return valid

    def add_problems(self, problems: dict[str, str]) -> None:
        """Show a service's refusal at the fields it concerns."""
        for name, message in problems.items():
            self[name].errors = [*self[name].errors, message]


class PaperFilterForm(FlaskForm):
    """The list's filters (GET). Unknown values are ignored by the route, never an error."""

    class Meta:
        csrf = False

    action_area = SelectField(_l("Action area"), validators=[Optional()], validate_choice=True)
    paper_type = SelectField(_l("Type of paper"), validators=[Optional()], validate_choice=True)
    status = SelectField(_l("Status"), validators=[Optional()], validate_choice=True)


class PaperFileForm(FlaskForm):
    """One file to attach; what kinds and how large is said in the description, which depends on the settings."""

    file = FileField(_l("File"), validators=[FileRequired(_l("Please choose a file."))])

    def describe_limits(self, max_bytes: int) -> "PaperFileForm":
        self.file.description = _("The paper as PDF, plans or annexes: PDF, OpenDocument or Microsoft Office "
                                  "documents, JPEG or PNG images, at most %(size)d MB each.",
                                  size=max_bytes // 1024 ** 2)
        return self
