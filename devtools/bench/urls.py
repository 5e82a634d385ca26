"""The app's URLs plus the floor view the page benchmarks compare against (used only by `bench`)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def floor(request):
    """A minimal logged-in view: the cost of the middleware stack, session and auth alone."""
    return HttpResponse("ok")


urlpatterns = [
    path("bench/floor/", floor),
    path("", include("bhxh_tracker.urls")),
]
