"""With Redis as rate-limit storage, several processes share one count."""

import uuid

import pytest
import redis

from participation import create_app
from tests.conftest import Browser

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_prefix():
    try:
        connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        connection.ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"participation-test-{uuid.uuid4().hex}"
    yield prefix
    for key in connection.scan_iter(f"*{prefix}*"):
        connection.delete(key)
    connection.close()


def test_failed_logins_are_counted_in_redis(app, app_config, make_user, redis_prefix):
    """The count lives in Redis, where every gunicorn worker on every machine sees it."""
    user = make_user()
    redis_app = create_app({**app_config, "RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": redis_prefix,
                      "RATELIMIT_LOGIN": "3 per minute"})
    redis_app.extensions["database"].bind = app.extensions["database"].bind  # sees the test's data
    statuses = [Browser(redis_app.test_client()).sign_in(user.email, "wrong password!!").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    connection = redis.Redis.from_url(REDIS_URL)
    assert list(connection.scan_iter(f"*{redis_prefix}*"))
    connection.close()
    redis_app.extensions["database"].engine.dispose()
