"""Django's Redis cache keeping one `redis.Redis` client per server rather than building one per call.

Django's client builds a new `redis.Redis` for every cache operation; building one copies its table of
reply handlers and cost about a third of each cache call on the registration POST (seven per POST). A
client is safe to share: it takes a connection from its pool for each command. Caches are per thread in
Django (`django.core.cache.caches`), and so are these clients.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
