"""Translated error pages; never a stack trace to the user."""

import logging
from collections.abc import Callable

from flask import Response, current_app, g, render_template, request
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, SecurityError, ServiceUnavailable

from participation.db import close_session
from participation.i18n import _l
from participation.refusals import NotAllowed

log = logging.getLogger(__name__)

ERROR_TEXTS = {
    400: (_l("Bad request"), _l("The request could not be understood. Please check your input and try again.")),
    403: (_l("Access denied"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("The page you requested does not exist or has been moved.")),
    405: (_l("Method not allowed"), _l("This address does not accept this kind of request.")),
    413: (_l("Upload too large"), _l("The data you sent is larger than this portal accepts.")),
    429: (_l("Too many requests"), _l("You have tried this too often. Please wait a moment and try again.")),
    500: (_l("Internal error"),
          _l("Something went wrong on our side. The error has been logged; please try again later.")),
    503: (_l("Temporarily unavailable"),
          _l("The portal is temporarily unavailable. Please try again in a few minutes.")),
}
CSRF_TEXT = _l("Your form has expired or was sent from another site. Please reload the page and submit it again.")


def render_error(code: int, detail: str | None = None):
    title, text = ERROR_TEXTS.get(code, ERROR_TEXTS[500] if code >= 500 else ERROR_TEXTS[400])
    return render_template("errors/error.html", code=code, title=title, text=detail or text), code


def register_error_renderer(app, path_prefix: str, renderer: Callable[[HTTPException], Response]) -> None:
    """Answer errors below `path_prefix` with `renderer` instead of an HTML page (machine interfaces)."""
    app.extensions.setdefault("error_renderers", []).append((path_prefix, renderer))


def _render_http_error(error: HTTPException) -> Response:
    for path_prefix, renderer in current_app.extensions.get("error_renderers", []):
        if request.path.startswith(path_prefix):
            return renderer(error)
    response_body, _code = render_error(error.code)
    response = error.get_response()
    response.set_data(response_body)
    response.mimetype = "text/html"
    return response


def handle_http_exception(error: HTTPException):
    # An untrusted Host header leaves no way to build links for a page: answer in plain text.
    if error.code is None or error.code < 400 or isinstance(error, SecurityError):
        return error
    # A database error no handler caught, e.g. raised while another error page asked who is signed in.
    if is_database_unavailable(getattr(error, "original_exception", None)):
        return handle_database_error(error.original_exception)
    return _render_http_error(error)


def handle_csrf_error(_error: CSRFError):
    return render_error(400, str(CSRF_TEXT))


def is_database_unavailable(error: BaseException | None) -> bool:
    """Whether `error` means the database cannot answer now (down, restarting, connection cut, pool exhausted;
    SQLite: file unreachable or locked) rather than a mistake in a query."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, (OperationalError, InterfaceError, PoolTimeoutError))


def handle_database_error(error: Exception):
    if not is_database_unavailable(error):
        raise error  # a bug, not an outage: Flask logs it and answers 500
    log.error("database unavailable on %s %s: %s", request.method, request.path, error)
    # Roll back what the request wrote; whatever still asks for a session in this request gets a fresh one, not
    # the failed one (which would only answer "rollback first").
    close_session()
    # The page layout must not ask the database who is signed in.
    g._login_user = AnonymousUserMixin()
    return _render_http_error(ServiceUnavailable())


def add_retry_after(response: Response) -> Response:
    """Every 503 (an error page, /healthz, the OParl API) tells clients when to retry, and no cache keeps it."""
    if response.status_code == 503:
        response.headers.setdefault("Retry-After", str(current_app.config["DATABASE_RETRY_AFTER_SECONDS"]))
        response.headers["Cache-Control"] = "no-store"
    return response


def register_error_handlers(app) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    # A service refused: its permission check is the one that counts.
    app.register_error_handler(NotAllowed, lambda _error: render_error(403))
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(DBAPIError, handle_database_error)
    app.register_error_handler(PoolTimeoutError, handle_database_error)
    app.after_request(add_retry_after)
