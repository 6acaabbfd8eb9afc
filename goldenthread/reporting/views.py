"""Reports in the browser: the standard pack for a period, any report at its stable URL in
any format, the builder, and saved reports."""

from __future__ import annotations

from itertools import groupby
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from goldenthread import access
from goldenthread.governance.selectors import flagging
from goldenthread.planning.periods import Period, PeriodError, PeriodKind
from goldenthread.reporting import services
from goldenthread.reporting.build import AUDIENCES, build_report, report_url
from goldenthread.reporting.choices import (
    Content,
    Depth,
    IndicatorSetChoice,
    ReportFormat,
    ReportKind,
)
from goldenthread.reporting.document import STATUS_LABELS, Report
from goldenthread.reporting.forms import (
    ReportBuilderForm,
    SaveReportForm,
    ShareReportForm,
    builder_data,
)
from goldenthread.reporting.models import SavedReport
from goldenthread.reporting.pack import standard_pack
from goldenthread.reporting.render import render_report
from goldenthread.reporting.spec import (
    SCOPE_PARAMETERS,
    STATUSES,
    ReportSpec,
    SpecError,
    spec_from_query,
)
from goldenthread.web.ratelimits import download_refused

DOWNLOADS = [
    ReportFormat.PDF,
    ReportFormat.XLSX,
    ReportFormat.CSV,
    ReportFormat.JSON,
    ReportFormat.HTML,
]
ROWS_FORMATS = {ReportFormat.XLSX, ReportFormat.CSV, ReportFormat.JSON}


@login_required
def reports_index(request: HttpRequest) -> HttpResponse:
    user = access.access_reports(request.user)
    periods = [p for p in services.published_periods() if p.kind is not PeriodKind.YEAR]
    period, error = _chosen_period(request, periods)
    groups = []
    if period is not None:
        for kind, entries in groupby(standard_pack(period), key=lambda e: e.spec.kind):
            links = [(entry.label, report_url(entry.spec)) for entry in entries]
            groups.append({"kind": ReportKind(kind), "audience": AUDIENCES[kind], "links": links})
    saved = list(
        access.visible_saved_reports(user).select_related("owner").prefetch_related("shared_with")
    )
    context = {
        "periods": periods,
        "period": period,
        "error": error,
        "groups": groups,
        "own": [s for s in saved if s.owner_id == user.pk],
        "shared": [s for s in saved if s.owner_id != user.pk],
        # The performance team sees every saved report, not only those shared with them.
        "shared_heading": "Saved by others"
        if access.is_performance_team(user)
        else "Shared with you",
    }
    return render(request, "reporting/index.html", context, status=400 if error else 200)


def _chosen_period(request: HttpRequest, periods: list[Period]) -> tuple[Period | None, str]:
    """The period asked for, or the latest published quarter whose round is closed; and what is
    wrong, if anything."""
    asked = request.GET.get("period", "").strip()
    if not asked:
        return services.default_period(periods=periods), ""
    try:
        period = Period.parse(asked)
    except PeriodError as error:
        return None, f"period: {error}"
    if period.kind is PeriodKind.YEAR:
        return None, "period: the standard pack is for a quarter or a half year, e.g. 2009/10 Q1"
    if period not in periods:
        return None, f"period: there are no published figures for {period} yet"
    return period, ""


@login_required
def report(request: HttpRequest, kind: str) -> HttpResponse:
    access.access_reports(request.user)
    if kind not in ReportKind.values:
        raise Http404("There is no such report")
    if "period" not in request.GET:
        latest = _latest(request, kind)
        if latest:
            return redirect(latest)
    try:
        spec = spec_from_query(kind, request.GET)
    except SpecError as error:
        return _bad_report(request, kind, str(error))
    return _report_response(request, spec)


def _latest(request: HttpRequest, kind: str) -> str:
    """A report's link without a period means its latest: the latest quarter with published
    figures whose round is closed (for the six-monthly summary, the latest such half year).
    The stable URL of that, or "" when nothing is published or the rest of the link is wrong
    (the report page says why)."""
    half = kind == ReportKind.SIX_MONTHLY
    period = services.default_period(PeriodKind.HALF if half else PeriodKind.QUARTER)
    if period is None:
        return ""
    query = request.GET.copy()
    query["period"] = period.slug
    try:
        url = report_url(spec_from_query(kind, query))
    except SpecError:
        return ""
    return f"{url}&{urlencode({'format': query['format']})}" if "format" in query else url


def _report_response(
    request: HttpRequest, spec: ReportSpec, saved: SavedReport | None = None
) -> HttpResponse:
    """The report page, or with ``?format=`` the report as a file to download (``html``: the
    report as one self-contained page, to keep or send)."""
    asked = request.GET.get("format")
    try:
        fmt = ReportFormat(asked) if asked is not None else None
    except ValueError:
        allowed = ", ".join(ReportFormat.values)
        return _bad_report(
            request, spec.kind, f"format: {request.GET['format']!r} is not one of {allowed}"
        )
    if fmt is not None and (refused := download_refused(request, pdf=fmt == ReportFormat.PDF)):
        return refused
    try:
        limits = access.report_limits(request.user)
        document = build_report(
            spec, charts=fmt not in ROWS_FORMATS, within=limits.indicators, plans=limits.plans
        )
    except SpecError as error:
        return _bad_report(request, spec.kind, str(error))
    if fmt is not None:
        rendered = render_report(document, fmt)
        response = HttpResponse(rendered.content, content_type=rendered.content_type)
        response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
        return response
    return _report_page(request, spec, document, saved=saved)


def _report_page(
    request: HttpRequest,
    spec: ReportSpec,
    document: Report,
    *,
    saved: SavedReport | None = None,
    save_form: SaveReportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "report": document,
        "saved": saved,
        "downloads": [(f.label, f"{document.url}&format={f.value}") for f in DOWNLOADS],
        "builder_url": f"{reverse('report_builder')}?{spec.as_built().query_string()}",
        "status_key": [(label, meaning) for _status, label, meaning in document.status_key],
        "narrowed_to": _narrowed_to(spec),
        # For PPB members and chairs: the boards they may flag the report's items for.
        "flagging": flagging(request.user),
    }
    if saved is not None and saved.owner_id == request.user.pk:
        boards = [board.code for board in saved.shared_with.all()]
        context["share_form"] = ShareReportForm(initial={"boards": boards})
    elif spec.kind == ReportKind.BUILT and saved is None:
        context["save_form"] = save_form or _save_form(request, spec)
    return render(request, "reporting/report.html", context, status=status)


def _narrowed_to(spec: ReportSpec) -> str:
    """In words, how the report narrows what it shows: "" when it shows everything."""
    parts = []
    if spec.statuses:
        labels = [STATUS_LABELS[s].lower() for s in STATUSES if s in spec.statuses]
        parts.append(f"{' and '.join(labels)} items only".capitalize())
    if spec.exceptions_only:
        parts.append("Exceptions only")
    if spec.sets:
        labels = [c.label for c in IndicatorSetChoice if c.value in spec.sets]
        parts.append(" and ".join(labels))
    if spec.content != frozenset(Content.values):
        labels = [c.label.lower() for c in Content if c.value in spec.content]
        parts.append(f"{' and '.join(labels)} only".capitalize())
    if spec.depth == Depth.SUMMARY:
        parts.append("Counts by status only")
    return "; ".join(parts)


def _save_form(request: HttpRequest, spec: ReportSpec) -> SaveReportForm:
    """The form to save a built report; filled in when this person saved it already."""
    query = spec.query_string()
    same = SavedReport.objects.filter(owner_id=request.user.pk, query=query).first()
    initial: dict[str, Any] = {"query": query}
    if same is not None:
        initial.update(name=same.name, boards=[board.code for board in same.shared_with.all()])
    return SaveReportForm(initial=initial)


def _bad_report(request: HttpRequest, kind: str, message: str) -> HttpResponse:
    what, _, detail = message.partition(":")
    context = {
        "kind": ReportKind(kind),
        "parameter": what.strip() if detail else "",
        "message": detail.strip() if detail else message,
        "builder_url": reverse("report_builder"),
    }
    return render(request, "reporting/bad_report.html", context, status=400)


@login_required
def report_builder(request: HttpRequest) -> HttpResponse:
    """The builder: a GET form. With ``build=yes`` it is a submission, which goes to the built
    report's stable URL or shows what is wrong; otherwise a report's query fills it in."""
    access.access_reports(request.user)
    periods = services.published_periods()
    if "build" in request.GET:
        form = ReportBuilderForm(request.GET, periods=periods)
        if form.is_valid() and form.spec is not None:
            return redirect(report_url(form.spec))
    elif request.GET.get("period"):
        try:
            spec = spec_from_query(ReportKind.BUILT, request.GET)
        except SpecError:
            form = ReportBuilderForm(request.GET, periods=periods)
        else:
            form = ReportBuilderForm(builder_data(spec), periods=periods)
    else:
        latest = services.default_period(periods=periods)
        initial = {"period": [latest.slug] if latest else []}
        form = ReportBuilderForm(initial=initial, periods=periods)
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "code_scopes": list(SCOPE_PARAMETERS)}
    return render(request, "reporting/builder.html", context, status=status)


@login_required
@require_POST
def report_save(request: HttpRequest) -> HttpResponse:
    user = access.access_reports(request.user)
    form = SaveReportForm(request.POST)
    if not form.is_valid():
        try:
            spec = spec_from_query(ReportKind.BUILT, QueryDict(request.POST.get("query", "")))
            limits = access.report_limits(user)
            document = build_report(spec, within=limits.indicators, plans=limits.plans)
        except SpecError as error:
            return _bad_report(request, ReportKind.BUILT, str(error))
        return _report_page(request, spec, document, save_form=form, status=400)
    saved = services.saved_report_save(
        acting_user=user,
        name=form.cleaned_data["name"],
        query=form.cleaned_data["query"],
        boards=form.cleaned_data["boards"],
    )
    messages.success(request, f"Saved as “{saved.name}”.")
    return redirect("saved_report", saved.pk)


@login_required
def saved_report(request: HttpRequest, pk: int) -> HttpResponse:
    """A saved report, drawn afresh from today's published figures."""
    saved = access.access_saved_report(request.user, pk)
    try:
        spec = spec_from_query(saved.kind, QueryDict(saved.query))
    except SpecError as error:
        return _bad_report(request, saved.kind, str(error))
    return _report_response(request, spec, saved)


@login_required
@require_POST
def saved_report_share(request: HttpRequest, pk: int) -> HttpResponse:
    user = access.access_reports(request.user)
    saved = access.access_saved_report_to_change(user, pk)
    form = ShareReportForm(request.POST)
    if form.is_valid():
        services.saved_report_share(
            acting_user=user, saved=saved, boards=form.cleaned_data["boards"]
        )
        messages.success(request, f"Changed who “{saved.name}” is shared with.")
    else:
        messages.error(request, "Choose the boards to share it with from the list.")
    return redirect("saved_report", saved.pk)


@login_required
@require_POST
def saved_report_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = access.access_reports(request.user)
    saved = access.access_saved_report_to_change(user, pk)
    services.saved_report_delete(acting_user=user, saved=saved)
    messages.success(request, f"Deleted “{saved.name}”.")
    return redirect("reports")
