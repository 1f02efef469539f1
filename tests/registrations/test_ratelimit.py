"""The registration counters: right on any cache, and one round trip on Redis."""

import pytest
import redis
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory

from registrations import ratelimit
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def submission(address: str, email: str):
    request = RequestFactory().post("/", {"email": email}, REMOTE_ADDR=address)
    request.user = AnonymousUser()
    return request


def test_each_address_and_email_counts_up_to_its_limit(settings):
    settings.REGISTRATION_LIMIT_PER_EMAIL = 2
    event = EventFactory()
    olena = submission("198.51.100.7", "olena@example.org")

    answers = [ratelimit.registration_allowed(olena, event) for _attempt in range(3)]

    assert answers == [True, True, False]
    assert ratelimit.registration_allowed(submission("198.51.100.7", "iryna@example.org"), event)
    key = ratelimit._key("register-address", "198.51.100.7", settings.REGISTRATION_LIMIT_WINDOW_SECONDS)
    assert cache.get(key) == 4


@pytest.mark.redis
def test_on_redis_both_counters_take_one_round_trip(monkeypatch):
    event = EventFactory()
    commands, pipelines = [], []
    send_command, send_pipeline = redis.Redis.execute_command, redis.client.Pipeline.execute

    def counted_command(self, *args, **kwargs):
        commands.append(args[0])
        return send_command(self, *args, **kwargs)

    def counted_pipeline(self, *args, **kwargs):
        pipelines.append(len(self.command_stack))
        return send_pipeline(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "execute_command", counted_command)
    monkeypatch.setattr(redis.client.Pipeline, "execute", counted_pipeline)

    assert ratelimit.registration_allowed(submission("198.51.100.8", "olena@example.org"), event)
    assert (commands, pipelines) == ([], [4])
