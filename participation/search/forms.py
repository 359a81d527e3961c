"""The search form (GET): what to look for, and optionally which kind of content."""

from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField
from wtforms.validators import Length, Optional

from participation.i18n import _l
from participation.search.queries import MAX_QUERY_LENGTH


class SearchForm(FlaskForm):
    """An unknown kind is ignored by the route, never an error; a query that is too long is one."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search for"), validators=[
        Optional(), Length(max=MAX_QUERY_LENGTH, message=_l("Please shorten your search to at most %(max)d characters.",
                                                            max=MAX_QUERY_LENGTH))],
        description=_l("Words in titles and texts, also inside PDF documents; word beginnings are enough."),
        render_kw={"maxlength": MAX_QUERY_LENGTH})
    kind = SelectField(_l("Show"), validators=[Optional()], validate_choice=True)
