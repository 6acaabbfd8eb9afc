"""Reports in the browser: the standard pack for a period, any report at its stable URL in
any format, the builder, and saved reports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from goldenthread.reporting.build import build_report
from goldenthread.reporting.spec import SpecError, spec_from_query


@login_required
def reports_index(request: HttpRequest) -> HttpResponse:
    return render(request, "reporting/index.html", {})


@login_required
def report(request: HttpRequest, kind: str) -> HttpResponse:
    try:
        spec = spec_from_query(kind, request.GET)
        document = build_report(spec)
    except SpecError as error:
        raise Http404(str(error)) from error
    return render(request, "reporting/report.html", {"report": document})
