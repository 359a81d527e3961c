"""The staff's form for news posts."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from participation.i18n import _l
from participation.news.services import BODY_MAX_LENGTH, IMAGE_ALT_MAX_LENGTH, TEASER_MAX_LENGTH, TITLE_MAX_LENGTH


def _link_field(label) -> SelectField:
    """Choices are set by the route from the database, "0" meaning no link."""
    return SelectField(label, coerce=int, validators=[Optional()], validate_choice=True)


class NewsPostForm(FlaskForm):
    """Field names match the service's (participation.news.services.NewsDraft), so its refusals find them.
    `remove_image` is only offered while the post has an image; the route deletes it otherwise."""

    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Please give the post a title.")),
        Length(max=TITLE_MAX_LENGTH, message=_l("The title may have at most 200 characters."))])
    teaser = TextAreaField(_l("Teaser (optional)"), validators=[
        Optional(), Length(max=TEASER_MAX_LENGTH, message=_l("The teaser may have at most 500 characters."))],
        description=_l("One or two sentences for the list of news and the home page."),
        render_kw={"rows": 3})
    body = TextAreaField(_l("Text"), validators=[
        Optional(), Length(max=BODY_MAX_LENGTH, message=_l("The text may have at most 20,000 characters."))],
        description=_l("You can use Markdown: **bold**, - lists, [links](https://…), ## headings."),
        render_kw={"rows": 14})
    image = FileField(_l("Image (optional)"), description=_l("A photo: JPEG, PNG or WebP, at most 5 MB."),
                      render_kw={"accept": "image/jpeg,image/png,image/webp"})
    image_alt = StringField(_l("Description of the image"), validators=[
        Optional(), Length(max=IMAGE_ALT_MAX_LENGTH, message=_l("The description may have at most 300 characters."))],
        description=_l("Needed with an image: what it shows, for people who cannot see it (alternative text)."))
    remove_image = BooleanField(_l("Remove the current image"))
    idea_id = IntegerField(_l("Number of an idea this post is about (optional)"), validators=[
        Optional(), NumberRange(min=1, message=_l("Please enter the number of an idea, such as 42."))],
        description=_l("The number in the idea's address, e.g. 42 for /ideas/42."))
    measure_id = _link_field(_l("Measure this post is about (optional)"))
    meeting_id = _link_field(_l("Meeting this post is about (optional)"))
    project_id = _link_field(_l("Volunteer project this post is about (optional)"))
    publish_date = DateField(_l("Publish on"), validators=[DataRequired(_l("Please enter the date of publication."))])
    publish_time = TimeField(_l("Publish at"), validators=[DataRequired(_l("Please enter the time of publication."))],
                             description=_l("A date in the future schedules the post: it appears then by itself."))
    is_draft = BooleanField(_l("Draft: keep the post unpublished for now"))
    comments_allowed = BooleanField(_l("Residents may comment on this post"))
