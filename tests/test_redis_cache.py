import pytest
import redis
from django.core.cache import cache

pytestmark = pytest.mark.redis


def test_cache_calls_reuse_the_redis_client_of_the_first(monkeypatch):
    cache.get("redis-cache-test")  # the first call of this thread builds its client
    built = []
    build = redis.Redis.__init__

    def counting_init(self, *args, **kwargs):
        built.append(self)
        build(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting_init)
    cache.set("redis-cache-test", {"seats": 3})
    cache.set_many({"redis-cache-test:a": 1, "redis-cache-test:b": 2})

    assert cache.get("redis-cache-test") == {"seats": 3}
    assert cache.get_many(["redis-cache-test:a", "redis-cache-test:b"]) == {
        "redis-cache-test:a": 1,
        "redis-cache-test:b": 2,
    }
    assert cache.incr("redis-cache-test:a") == 2
    assert built == []
