"""The performance team's pages for loading and writing the council's plans."""

from goldenthread.planning import urls_authoring, urls_import

urlpatterns = [*urls_import.urlpatterns, *urls_authoring.urlpatterns]
