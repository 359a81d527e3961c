"""The one-line texts: in the reader's language, and never failing on odd params."""

import pytest
from flask_babel import force_locale

from participation.i18n import _l
from participation.notifications.kinds import NotificationKind, notification_text
from participation.notifications.services import _storable_params


def test_each_kind_names_actor_and_idea(in_app):
    params = {"idea_title": "Mehr Bänke am Markt", "actor_name": "Anna", "status_label": "Published"}
    with force_locale("en"):
        assert notification_text("comment_on_followed_idea", params) == "Anna commented on “Mehr Bänke am Markt”"
        assert notification_text("reply_to_my_comment", params) == \
            "Anna replied to your comment on “Mehr Bänke am Markt”"
        assert "Mehr Bänke am Markt" in notification_text("idea_status_changed", params)
        assert "Published" in notification_text("idea_status_changed", params)


@pytest.mark.parametrize("params", [None, {}, [], "nonsense", {"idea_title": None, "actor_name": 7, "extra": {}},
                                    {"status_label": {"msgid": 3}}, {"idea_title": "%(actor)s 100%"}])
@pytest.mark.parametrize("kind", [kind.value for kind in NotificationKind] + ["some_future_kind"])
def test_missing_or_odd_params_do_not_break_rendering(in_app, kind, params):
    with force_locale("de"):
        assert notification_text(kind, params)


def test_titles_with_line_breaks_become_one_line(in_app):
    with force_locale("de"):
        text = NotificationKind.COMMENT_ON_FOLLOWED_IDEA.text({"idea_title": "Zeile 1\r\nZeile 2", "actor_name": "A"})
    assert "\n" not in text and "Zeile 1 Zeile 2" in text


def test_lazy_labels_are_stored_untranslated_and_translated_for_each_reader(in_app):
    with force_locale("de"):
        stored = _storable_params({"status_label": _l("Hello %(name)s,"), "idea_title": "Idee"}, actor=None)
    assert stored["status_label"] == {"msgid": "Hello %(name)s,"}
    with force_locale("de"):
        assert "Hallo %(name)s," in notification_text("idea_status_changed", stored)
    with force_locale("en"):
        assert "Hello %(name)s," in notification_text("idea_status_changed", stored)
