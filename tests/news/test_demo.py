"""The demo news: eight posts of the last four months by the demo staff account, linked to the demo objects they
report on, one draft, one scheduled, and a few residents' comments."""

from datetime import timedelta

from sqlmodel import select

from participation.accounts.services import find_user_by_email
from participation.db import utcnow
from participation.news.models import NewsPost
from participation.news.queries import published_news


def test_the_demo_brings_news_of_the_last_months(demo, db, client, upload_dir):
    now = utcnow()
    posts = list(db.exec(select(NewsPost)))
    staff = find_user_by_email(db, "verwaltung@beispielstadt.example")
    assert len(posts) == 8 and {post.author_id for post in posts} == {staff.id}
    drafts = [post for post in posts if post.is_draft]
    scheduled = [post for post in posts if not post.is_draft and post.published_at > now]
    public = published_news(db, now, limit=10)
    assert len(drafts) == 1 and len(scheduled) == 1 and len(public) == 6
    assert scheduled[0].published_at < now + timedelta(days=8)
    assert all(now - timedelta(days=122) < post.published_at for post in public)
    for link in ("idea_id", "measure_id", "meeting_id", "project_id"):
        assert any(getattr(post, link) for post in public), link
    assert sum(post.comment_count for post in public) >= 2
    assert all((upload_dir / post.image_name).is_file() and post.image_alt for post in posts if post.image_name)

    listing = client.get("/news/").get_data(as_text=True)
    assert all(post.title in listing for post in public) and drafts[0].title not in listing
    meeting_post = next(post for post in public if post.meeting_id)
    page = client.get(f"/news/{meeting_post.id}").get_data(as_text=True)
    assert f'href="/meetings/{meeting_post.meeting_id}"' in page
