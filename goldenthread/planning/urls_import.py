"""Plan pages (urls_import): the performance team loads and downloads plan files."""

from django.urls import URLPattern, path

from goldenthread.planning import views_import

urlpatterns: list[URLPattern] = [
    path("import/", views_import.plans_import_page, name="plans_import"),
    path("import/load/", views_import.plans_import_load, name="plans_import_load"),
    path(
        "import/template.<str:fmt>",
        views_import.plans_import_template,
        name="plans_import_template",
    ),
    path("export.<str:fmt>", views_import.plans_export_download, name="plans_export"),
]
