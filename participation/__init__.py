"""The participation portal: `create_app()` builds the Flask application."""

import os
from collections.abc import Mapping
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import config as portal_config
from participation import db
from participation.accounts.routes import blueprint as accounts_blueprint
from participation.admin.routes import blueprint as admin_blueprint
from participation.api.routes import blueprint as api_blueprint
from participation.auth.routes import blueprint as auth_blueprint
from participation.auth.sessions import load_user_from_session_token
from participation.boards.routes import blueprint as boards_blueprint
from participation.cli import register_commands
from participation.coordination.routes import blueprint as coordination_blueprint
from participation.documents.routes import blueprint as documents_blueprint
from participation.errors import register_error_handlers
from participation.extensions import csrf, limiter, login_manager
from participation.feeds.routes import blueprint as feeds_blueprint
from participation.i18n import _l, babel, remember_requested_language, select_locale
from participation.ideas.routes import blueprint as ideas_blueprint
from participation.information.routes import blueprint as information_blueprint
from participation.logs import configure_logging
from participation.measures.routes import blueprint as measures_blueprint
from participation.moderation.routes import blueprint as moderation_blueprint
from participation.news.routes import blueprint as news_blueprint
from participation.notifications.routes import blueprint as notifications_blueprint
from participation.notifications.templating import register_notification_helpers
from participation.opendata.routes import blueprint as opendata_blueprint
from participation.papers.routes import blueprint as papers_blueprint
from participation.partners.routes import blueprint as partners_blueprint
from participation.privacy.routes import blueprint as privacy_blueprint
from participation.representatives.routes import blueprint as representatives_blueprint
from participation.search.routes import blueprint as search_blueprint
from participation.security import add_security_headers
from participation.site.routes import blueprint as site_blueprint
from participation.statistics.routes import blueprint as statistics_blueprint
from participation.templating import register_template_helpers
from participation.volunteering.routes import blueprint as volunteering_blueprint


class ConfigurationError(RuntimeError):
    """The settings do not allow the portal to start safely."""


def create_app(config: Mapping | None = None) -> Flask:
    instance_path = Path(os.environ.get("INSTANCE_PATH") or portal_config.DEFAULT_INSTANCE_PATH)
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        template_folder=str(portal_config.PROJECT_ROOT / "templates"),
        static_folder=str(portal_config.PROJECT_ROOT / "static"),
    )
    _load_config(app, config)
    if not app.testing:
        configure_logging(structured=app.config["PARTICIPATION_ENV"] == "production")

    if any(app.config[f"PROXY_FIX_X_{part}"] for part in ("FOR", "PROTO", "HOST")):
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"], x_proto=app.config["PROXY_FIX_X_PROTO"],
            x_host=app.config["PROXY_FIX_X_HOST"],
        )

    app.extensions["database"] = db.Database(app.config["DATABASE_URL"], app.config["SQLITE_BUSY_TIMEOUT_MS"])
    app.teardown_appcontext(db.close_session)

    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    _init_login(app)

    app.after_request(remember_requested_language)
    app.after_request(add_security_headers)
    register_error_handlers(app)
    register_template_helpers(app)
    register_notification_helpers(app)
    for blueprint in (site_blueprint, auth_blueprint, accounts_blueprint, admin_blueprint, ideas_blueprint,
                      measures_blueprint):
        app.register_blueprint(blueprint)
    app.register_blueprint(notifications_blueprint)
    app.register_blueprint(papers_blueprint)
    app.register_blueprint(boards_blueprint)
    app.register_blueprint(representatives_blueprint)
    app.register_blueprint(information_blueprint)
    app.register_blueprint(api_blueprint)
    app.register_blueprint(moderation_blueprint)
    app.register_blueprint(volunteering_blueprint)
    app.register_blueprint(coordination_blueprint)
    app.register_blueprint(partners_blueprint)
    app.register_blueprint(documents_blueprint)
    app.register_blueprint(feeds_blueprint)
    app.register_blueprint(news_blueprint)
    app.register_blueprint(opendata_blueprint)
    app.register_blueprint(search_blueprint)
    app.register_blueprint(statistics_blueprint)
    app.register_blueprint(privacy_blueprint)
    register_commands(app)
    return app


def _load_config(app: Flask, overrides: Mapping | None) -> None:
    app.config.from_object(portal_config.DefaultConfig)
    app.config.update(portal_config.settings_from_environment())
    if overrides:
        app.config.update(overrides)
    environment = app.config["PARTICIPATION_ENV"]
    if environment not in portal_config.ENVIRONMENTS:
        raise ConfigurationError(f"PARTICIPATION_ENV must be one of {', '.join(portal_config.ENVIRONMENTS)}")
    if environment == "development":
        for key, value in portal_config.development_settings(Path(app.instance_path)).items():
            if key != "SECRET_KEY" or not app.config["SECRET_KEY"]:
                app.config[key] = value
    if not app.config["SECRET_KEY"]:
        raise ConfigurationError("SECRET_KEY must be set outside development (PARTICIPATION_ENV=development)")
    if app.config["MAIL_BACKEND"] not in ("smtp", "file", "console"):
        raise ConfigurationError("MAIL_BACKEND must be smtp, file or console")
    if not app.config["DATABASE_URL"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'participation.db'}"
    if not app.config["UPLOAD_DIR"]:
        app.config["UPLOAD_DIR"] = str(Path(app.instance_path) / "uploads")
    if not app.config["MAIL_FILE_DIR"]:
        app.config["MAIL_FILE_DIR"] = str(Path(app.instance_path) / "mail")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(portal_config.PROJECT_ROOT / "translations")


def _init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user_from_session_token)
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.needs_refresh_message = _l("Please sign in again to confirm it is you.")
