import pytest

from participation.demo import seed_demo_data


@pytest.fixture
def demo(app, db):
    """The demo municipality as `flask seed-demo` loads it: boards, meetings, papers, measures, people."""
    with app.test_request_context("/"):
        assert seed_demo_data(db)
    db.commit()
