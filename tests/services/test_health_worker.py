import pytest

from config.health import CELERY_TIMEOUT_SECONDS

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_health_reports_celery_ok_with_a_running_worker(client, celery_worker):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "celery": "ok"}


def test_health_reports_celery_failure_when_the_worker_is_stopped(client, celery_worker):
    celery_worker.stop()

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"] == {
        "database": "ok",
        "cache": "ok",
        "celery": f"no worker answered within {CELERY_TIMEOUT_SECONDS} s",
    }


def test_health_reports_celery_ok_again_after_the_worker_restarts(client, celery_worker):
    celery_worker.stop()
    client.get("/health/")

    celery_worker.start()
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["checks"]["celery"] == "ok"
