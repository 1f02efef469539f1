"""The portal's URLs plus the references of PERFORMANCE.md, served by the benchmark's gunicorn only.

- `/bench/reference/`: 60 rows × 6 columns through a template, one query;
- `/bench/reference/registration/` (POST): the least a seat-safe registration does, in one transaction:
  lock one row, count the seats taken, insert one row, redirect. Its two tables are made by
  `bench.common.create_reference_tables()` in the benchmark's database: no migration, no model, and no
  production URL (bench.settings serves this URL configuration).
"""

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template import engines
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from config.urls import urlpatterns as portal_urlpatterns

ROWS_SQL = """
    SELECT n, 'Wiersz ' || n, 'Kraków', n * 7 % 100, make_date(2027, 1 + n % 12, 1 + n % 28), n % 2 = 0
    FROM generate_series(1, 60) AS n
"""
TEMPLATE = engines["django"].from_string(
    """<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>Reference</title></head><body>
<table><thead><tr><th>#</th><th>Name</th><th>City</th><th>Seats</th><th>Date</th><th>Open</th></tr></thead>
<tbody>{% for number, name, city, seats, day, is_open in rows %}
<tr><td>{{ number }}</td><td>{{ name }}</td><td>{{ city }}</td><td>{{ seats }}</td>
<td>{{ day|date:"DATE_FORMAT" }}</td><td>{{ is_open|yesno }}</td></tr>{% endfor %}</tbody></table>
</body></html>"""
)


def reference_rows(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(ROWS_SQL)
        rows = cursor.fetchall()
    return HttpResponse(TEMPLATE.render({"rows": rows}, request))


@csrf_exempt
@require_POST
def reference_registration(request: HttpRequest) -> HttpResponse:
    email = request.POST.get("email", "")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT capacity FROM bench_reference_event WHERE id = 1 FOR UPDATE")
        (capacity,) = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM bench_reference_seat WHERE event_id = 1 AND status = 'confirmed'"
        )
        (taken,) = cursor.fetchone()
        status = "confirmed" if taken < capacity else "waitlisted"
        cursor.execute(
            "INSERT INTO bench_reference_seat (event_id, email, status) VALUES (1, %s, %s)", [email, status]
        )
    return HttpResponseRedirect("/bench/reference/")


urlpatterns = [
    path("bench/reference/", reference_rows, name="bench_reference"),
    path("bench/reference/registration/", reference_registration, name="bench_reference_registration"),
    *portal_urlpatterns,
]
