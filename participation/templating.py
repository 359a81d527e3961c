"""What every template can use: site settings, the language switcher, date and Markdown filters."""

from flask import Flask, request, url_for
from flask_babel import format_currency, format_date, format_datetime, format_decimal, format_time, get_locale

from participation.accounts.permissions import is_admin, is_staff
from participation.audit.services import actor_label
from participation.i18n import LANGUAGE_NAMES, _
from participation.site.queries import LEGAL_PAGE_TITLES
from participation.text import render_markdown


def url_in_language(language: str) -> str:
    """This page's address with `?lang=` set: the language switcher works without JavaScript."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [language]
    if request.endpoint is None:
        return url_for("site.home", lang=language)
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def format_file_size(size: int) -> str:
    """"340 KB", "1,2 MB": how large a download is, in the reader's number format."""
    if size < 1024 ** 2:
        return _("%(size)s KB", size=format_decimal(max(1, round(size / 1024))))
    return _("%(size)s MB", size=format_decimal(round(size / 1024 ** 2, 1)))


def format_moment(value, fmt: str = "minutes") -> str:
    """A date with its time; by default to the minute, as meetings and events are announced."""
    if not value:
        return ""
    if fmt == "minutes":
        return f"{format_date(value, 'medium')}, {format_time(value, 'short')}"
    return format_datetime(value, fmt)


def register_template_helpers(app: Flask) -> None:
    @app.context_processor
    def site_context():
        return {
            "site_name": app.config["SITE_NAME"],
            "site_logo": app.config["SITE_LOGO"],
            "language_names": LANGUAGE_NAMES,
            "current_language": str(get_locale()),
            "url_in_language": url_in_language,
            "is_admin": is_admin,
            "is_staff": is_staff,
            "page_titles": LEGAL_PAGE_TITLES,
        }

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["actor"] = actor_label
    app.jinja_env.filters["datetime"] = format_moment
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""
    app.jinja_env.filters["time"] = lambda value, fmt="short": format_time(value, fmt) if value else ""
    app.jinja_env.filters["file_size"] = format_file_size
    # Whole euros: estimates are not cent-exact.
    app.jinja_env.filters["currency"] = lambda value: format_currency(value, "EUR", format="#,##0 ¤",
                                                                      currency_digits=False)
