import io
import uuid

import pytest
from django.core.management import call_command
from django.test import Client


def unique_address() -> str:
    """A client address of its own, so the per-address rate limit never carries over between tests."""
    random_bytes = uuid.uuid4().bytes
    return f"10.{random_bytes[0]}.{random_bytes[1]}.{random_bytes[2]}"


@pytest.fixture
def client():
    return Client(REMOTE_ADDR=unique_address())


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
