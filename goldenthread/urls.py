from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("goldenthread.accounts.urls")),
    path("", include("goldenthread.public.urls")),
    path("", include("goldenthread.governance.urls")),
    path("", include("goldenthread.reporting.urls")),
    path("", include("goldenthread.web.urls")),
]
