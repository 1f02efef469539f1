import time
import pytest
from django.db import connection, transaction
from registrations.models import EmailLog
from registrations.outbox import queue_email
from tests.factories import RegistrationFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_db(celery_worker_factory, smtp_sink):
    w = celery_worker_factory(env={"DATABASE_CONN_MAX_AGE": "600"})
    reg = RegistrationFactory(email="a@example.org")
    print("logs before", list(EmailLog.objects.values_list("pk", "status", "kind")))
    with transaction.atomic():
        log = queue_email(registration=reg, kind="confirmation")
    print("log", log and log.pk)
    time.sleep(3)
    with connection.cursor() as c:
        c.execute("select datname, state, left(query, 80) from pg_stat_activity where datname like 'test_%'")
        print(c.fetchall())
    print("logs after", list(EmailLog.objects.values_list("pk", "status", "kind", "attempts", "last_error")))
    print(len(smtp_sink.messages))
    print(w.log_tail(8))
