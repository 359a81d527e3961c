from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, Length

from participation.i18n import _l


class ProposalForm(FlaskForm):
    """Choices of `board_id` are set by the route: the boards on which the user represents the district."""

    board_id = RadioField(_l("For the next meeting of"), coerce=int,
                          invalid_choice_message=_l("Please choose one of the boards."))
    reason = TextAreaField(_l("Why the idea belongs on the agenda"), validators=[
        DataRequired(_l("Please say why the idea belongs on the agenda.")),
        Length(max=2000, message=_l("The text may have at most 2,000 characters."))],
        description=_l("For the chair and the secretary, who decide on your proposal. If they accept it, the text "
                       "goes with the agenda item, which is public when the meeting is."))


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(_l("Please give the reason for declining the proposal.")),
        Length(max=2000, message=_l("The text may have at most 2,000 characters."))],
        description=_l("The representative who made the proposal reads it on their district's page."))
