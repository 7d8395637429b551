"""The shared Redis cache (production), reusing one Redis client per connection pool.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` (with its table of ~170 response callbacks) for
every cache operation, and a page makes several (rate limits, page cache, site contact, catalogues). A
client holds no data, only its pool, and is safe to share between threads.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_clients", {})
        if index not in clients:
            clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return clients[index]


class SharedRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
