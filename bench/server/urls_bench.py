"""The product's URLs plus reference endpoints that exist only in benchmarks."""

from django.contrib.auth.decorators import login_not_required
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


urlpatterns = [path("bench/trivial", trivial), *product_urlpatterns]
