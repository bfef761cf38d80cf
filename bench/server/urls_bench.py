"""The product's URLs plus reference endpoints that exist only in benchmarks."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from perspectives.config.urls import urlpatterns as product_urlpatterns


@csrf_exempt
@login_not_required
def trivial(request):
    """The ceiling for any endpoint: the full middleware stack and nothing else."""
    request.read()
    return HttpResponse(status=202)


@csrf_exempt
@login_not_required
def one_insert(request):
    """The ceiling for any write: one INSERT in a transaction (table made by the benchmark)."""
    body = request.read(4096).decode("utf-8", "replace")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_insert (body, created_at) VALUES (%s, now())", [body])
    return HttpResponse(status=201)


urlpatterns = [
    path("bench/trivial", trivial),
    path("bench/insert", one_insert),
    *product_urlpatterns,
]
