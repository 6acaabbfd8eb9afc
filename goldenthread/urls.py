from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("goldenthread.accounts.urls")),
    path("", include("goldenthread.public.urls")),
    path("", include("goldenthread.governance.urls")),
    path("", include("goldenthread.reporting.urls")),
    path("planning/", include("goldenthread.planning.urls")),
    path("assurance/", include("goldenthread.assurance.urls")),
    path("", include("goldenthread.web.urls")),
]
