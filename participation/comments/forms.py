from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from participation.comments.models import Stance
from participation.forms import as_choices
from participation.i18n import _l


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[
        DataRequired(_l("Please write a comment.")),
        Length(max=5000, message=_l("A comment may have at most 5,000 characters."))])
    stance = RadioField(_l("Your stance"), default=Stance.NEUTRAL.value, validators=[DataRequired()])
    parent_id = IntegerField(validators=[Optional()], widget=HiddenField.widget)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stance.choices = as_choices((stance.value, stance.label) for stance in Stance)


class FlagForm(FlaskForm):
    reason = TextAreaField(_l("Why should the moderators look at this comment?"), validators=[
        DataRequired(_l("Please give a reason.")),
        Length(min=3, max=1000, message=_l("The reason must have 3 to 1,000 characters."))])


class AppealForm(FlaskForm):
    message = TextAreaField(_l("Why should the comment be shown again?"), validators=[
        DataRequired(_l("Please write why the comment should be shown again.")),
        Length(max=2000, message=_l("The text may have at most %(max)d characters."))],
        description=_l("You can appeal once. The moderators read your message and decide."))
