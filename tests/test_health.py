import pytest
from django.test import override_settings

CLOSED_PORT_REDIS_CACHE = {
    "default": {"BACKEND": "config.redis_cache.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
}


@pytest.mark.django_db
def test_health_reports_every_part_ok(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "ok"
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "celery": "ok"}


@pytest.mark.django_db
def test_health_is_never_cached(client):
    response = client.get("/health/")

    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_is_not_language_prefixed(client):
    assert client.get("/en/health/").status_code == 404


@pytest.mark.django_db
def test_health_names_the_broken_cache_and_answers_503(client):
    with override_settings(CACHES=CLOSED_PORT_REDIS_CACHE):
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"] == {
        "database": "ok",
        "cache": "error: ConnectionError",
        "celery": "ok",
    }
