"""The public face: how the council is doing, priority by priority, and its open data. No sign-in;
every page reads as a member of the public, whoever is signed in (the selectors read through
goldenthread.access as THE_PUBLIC, and the pages' own header and footer are the public's).

Every page and download is kept for anonymous readers until what the public may see next
changes (caching.py); downloads are also counted per address (goldenthread/web/ratelimits.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from goldenthread import access
from goldenthread.performance.models import RatingSettings
from goldenthread.public import opendata
from goldenthread.public import selectors as public
from goldenthread.public.caching import public_page
from goldenthread.public.selectors import THE_PUBLIC
from goldenthread.web.ratelimits import Limit, limited

DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", opendata.render_csv),
    "json": ("application/json", opendata.render_json),
}


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], *, section: str = "performance"
) -> HttpResponse:
    # "user" is the public's, so the shared header and footer show no signed-in links;
    # "section" marks where the visitor is in the public pages' navigation.
    return render(request, template, {**context, "user": THE_PUBLIC, "section": section})


@login_not_required
@require_safe
@public_page()
def overview(request: HttpRequest) -> HttpResponse:
    return _render(request, "public/overview.html", {"page": public.overview_page()})


@login_not_required
@require_safe
@public_page()
def priority(request: HttpRequest, code: str) -> HttpResponse:
    return _render(request, "public/priority.html", {"page": public.priority_page(code)})


@login_not_required
@require_safe
@public_page()
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    return _render(request, "public/indicator.html", {"page": public.indicator_page(code)})


@login_not_required
@require_safe
@public_page()
def about(request: HttpRequest) -> HttpResponse:
    return _render(
        request, "public/about.html", {"settings": RatingSettings.current()}, section="about"
    )


@login_not_required
@require_safe
@public_page(params=("year",), daily=True)
def timetable(request: HttpRequest) -> HttpResponse:
    """When the council plans its year: each stage with its date, whom it is due from, and
    whether it is done or overdue today (so the copy kept is for today only)."""
    page = public.timetable_page(request.GET.get("year", ""))
    return _render(request, "public/timetable.html", {"page": page}, section="timetable")


@login_not_required
@require_safe
@public_page()
def open_data(request: HttpRequest) -> HttpResponse:
    context = {
        "release": public.release(),
        "council": public.council_name(),
        "priorities": public.priorities_for_download(),
        "columns": opendata.COLUMNS,
        "licence": opendata,
    }
    return _render(request, "public/open_data.html", context, section="open-data")


@login_not_required
@require_safe
@limited(Limit.OPEN_DATA)
@public_page(params=("priority", "indicator"))
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    """All the public's figures, or one priority's (``?priority=CODE``) or one measure's
    (``?indicator=CODE``), as CSV or JSON."""
    if fmt not in DOWNLOADS:
        raise Http404("Not found")
    indicators = public.public_indicators()
    title, name = "Published performance figures", "performance-figures"
    if code := request.GET.get("priority"):
        chosen = access.access_priority(THE_PUBLIC, code)
        indicators = indicators.filter(priority_links__priority=chosen)
        title, name = f"{title}: {chosen.name}", f"{name}-{slugify(chosen.code)}"
    elif code := request.GET.get("indicator"):
        measure = access.access_indicator(THE_PUBLIC, code)
        indicators = indicators.filter(pk=measure.pk)
        title, name = f"{title}: {measure.code} {measure.title}", f"{name}-{slugify(measure.code)}"
    release = public.release()

    def page_url(code: str) -> str:
        return request.build_absolute_uri(reverse("public_indicator", args=[code]))

    dataset = opendata.Dataset(
        title=title,
        publisher=public.council_name(),
        release=release,
        rows=opendata.figure_rows(indicators, release, page_url=page_url),
    )
    content_type, write = DOWNLOADS[fmt]
    response = HttpResponse(write(dataset), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    # The licence travels with the file: in the JSON document, and for CSV (which has nowhere
    # to say it) in the response's Link header, as RFC 8288 names it.
    response["Link"] = f'<{opendata.LICENCE_URL}>; rel="license"; title="{opendata.LICENCE_NAME}"'
    return response
