"""Comment notifications name their subject neutrally; rows from before still read; the measures' kinds."""

from flask_babel import force_locale

from participation.notifications.kinds import notification_text


def test_a_reply_names_any_subject_and_old_rows_still_read(in_app):
    with force_locale("en"):
        assert notification_text("reply_to_my_comment", {"subject_title": "Bänke", "actor_name": "Anna"}) == \
            "Anna replied to your comment on “Bänke”"
        assert notification_text("reply_to_my_comment", {"idea_title": "Alt", "actor_name": "Anna"}) == \
            "Anna replied to your comment on “Alt”"
        assert notification_text("comment_on_followed_idea", {"subject_title": "Neu", "actor_name": "Ben"}) == \
            "Ben commented on “Neu”"


def test_the_measures_kinds(in_app):
    with force_locale("en"):
        assert notification_text("comment_on_followed_measure", {"subject_title": "Radweg", "actor_name": "Anna"}) \
            == "Anna commented on the measure “Radweg”"
        assert notification_text("measure_status_changed", {"measure_title": "Radweg", "status_label": "Planned"}) \
            == "The status of the measure “Radweg” is now: Planned"
        assert notification_text("measure_review_due", {"measure_title": "Radweg", "period": "2026-Q4"}) == \
            "The quarterly review of “Radweg” for 2026-Q4 is due"
        assert notification_text("measure_review_recorded", {"measure_title": "Radweg", "period": "2026-Q4"}) == \
            "New progress report for “Radweg”: 2026-Q4"
