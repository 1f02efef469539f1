"""The portal's URLs plus the reference page of PERFORMANCE.md: 60 rows × 6 columns, one query."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

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


urlpatterns = [path("bench/reference/", reference_rows, name="bench_reference"), *portal_urlpatterns]
