"""The quarterly collection pages: a department's return, the performance team's round, and an
item's history. Each view gets its objects through goldenthread.access, changes them through
goldenthread.monitoring.services, and renders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from goldenthread import access
from goldenthread.monitoring import services
from goldenthread.monitoring.models import CollectionRound
from goldenthread.monitoring.services import EntryRefused, MonitoringError, StaleEdit
from goldenthread.web.forms import (
    ActualEntryForm,
    CorrectionForm,
    EntryForm,
    MilestoneEntryForm,
    NarrativeForm,
    ReturnNoteForm,
    RoundOpenForm,
    SignOffForm,
)
from goldenthread.web.selectors import collection
from goldenthread.web.selectors.collection import Entry, ReturnPage

FORMS: dict[str, type[EntryForm]] = {
    "actual": ActualEntryForm,
    "milestone": MilestoneEntryForm,
    "narrative": NarrativeForm,
}


def _initial(entry: Entry) -> dict[str, Any]:
    item = entry.item
    if item is None:
        return {}
    if entry.indicator is not None:
        return ActualEntryForm.initial_for(item, entry.indicator.decimals)
    names = FORMS[entry.kind].base_fields
    return {name: getattr(item, name) for name in names if hasattr(item, name)}


def _save(user: Any, page: ReturnPage, entry: Entry, form: EntryForm) -> None:
    data, version = form.cleaned_data, form.version_seen()
    if entry.kind == "actual":
        assert entry.indicator is not None
        services.actual_save(
            acting_user=user,
            indicator=entry.indicator,
            period=entry.period,
            value=data["value"].strip() or None,
            numerator=data["numerator"].strip() or None,
            denominator=data["denominator"].strip() or None,
            commentary=data["commentary"],
            explanation=data["explanation"],
            expected_version=version,
        )
    elif entry.kind == "milestone":
        assert entry.milestone is not None
        services.milestone_progress_save(
            acting_user=user,
            milestone=entry.milestone,
            period=entry.period,
            progress=data["progress"],
            commentary=data["commentary"],
            expected_version=version,
        )
    else:
        services.narrative_save(
            acting_user=user,
            round=page.round,
            department_code=page.department.code,
            key_developments=data["key_developments"],
            emerging_issues=data["emerging_issues"],
            expected_version=version,
        )


def _bind(page: ReturnPage, data: Any, target: Entry | None) -> None:
    """Each item's form: bound to what was posted when the person changed it (or acted on it
    alone), otherwise fresh from what is held now. An item left as it was is shown as it now
    stands, so a newer save by someone else shows through."""
    for entry in page.editable:
        form = FORMS[entry.kind](
            data, prefix=entry.prefix, initial={**_initial(entry), "version": entry.version}
        )
        posted = form.add_prefix("version") in data
        if posted and (entry is target or form.changed()):
            entry.form = form
    for entry in page.entries:
        if entry.form is None:
            entry.form = FORMS[entry.kind](
                initial={**_initial(entry), "version": entry.version}, prefix=entry.prefix
            )


def _save_entry(user: Any, page: ReturnPage, entry: Entry) -> bool:
    """Save one item from its bound form; False, with the reasons on the form, when refused."""
    form = entry.form
    if not form.is_valid():
        return False
    try:
        _save(user, page, entry, form)
    except EntryRefused as refused:
        form.add_findings(refused.result)
    except StaleEdit as stale:
        entry.stale = stale.current
        form.add_error(None, "Someone else saved this while you were editing.")
        # They have now seen the newer version: saving again replaces it.
        data = form.data.copy()
        data[form.add_prefix("version")] = str(stale.current_version)
        form.data = data
    except MonitoringError as error:
        form.add_error(None, str(error))
    else:
        return True
    return False


class _SaveAllRefused(Exception):
    """One item of a "Save all" was refused: undo the others."""


def _save_all(user: Any, page: ReturnPage) -> int | None:
    """Save every changed item in one transaction: how many, or None when any is refused
    (then nothing is saved, and each refused item's form holds its reasons)."""
    changed = [e for e in page.editable if e.form.is_bound]
    if not all([e.form.is_valid() for e in changed]):  # a list: every form's errors, not the first
        return None
    try:
        with transaction.atomic():
            saved = [_save_entry(user, page, entry) for entry in changed]
            if not all(saved):
                raise _SaveAllRefused
    except _SaveAllRefused:
        for entry, ok in zip(changed, saved, strict=True):
            if ok:  # its save was undone: it is as it was, so saving again is safe
                entry.form.add_error(None, "Not saved: another item on the page was refused.")
        return None
    return len(changed)


def _check(page: ReturnPage, entries: list[Entry]) -> None:
    """Run the checks and the status rules on what was typed, as saving would, and save
    nothing: each entry's outlook, and its errors on its form."""
    assert page.rules is not None
    for entry in entries:
        form = entry.form
        if not form.is_bound or not form.is_valid():
            continue
        result = collection.check_entry(page.rules, entry, form.cleaned_data)
        for finding in result.errors if result else []:
            form.add_error(finding.field if finding.field in form.fields else None, finding.message)


def _typed(entry: Entry) -> bool:
    """Whether anything was typed that the checks can rate."""
    data = entry.form.data
    names = ("value", "numerator") if entry.kind == "actual" else ("progress",)
    return entry.kind != "narrative" and any(
        str(data.get(entry.form.add_prefix(name), "")).strip() for name in names
    )


def department_return(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """A department's return: every item due, with its target and earlier figures. Each item
    is checked (the status it would get, and the warnings, with nothing saved) or saved alone;
    "Check all" and "Save all" act on the whole page, and "Save all" saves every change or
    none."""
    user = request.user
    department = access.access_department_return(user, code)
    round = collection.round_for(collection.parse_quarter(period))  # noqa: A001
    page = collection.return_page(user, round, department)
    here = reverse("department_return", args=[department.code, round.quarter.slug])
    if request.method != "POST":
        _bind(page, {}, None)
        return _render_return(request, page)
    data = request.POST
    if "submit_return" in data:  # submitting is confirmed on its own page first
        return redirect("return_submit", department.code, round.quarter.slug)
    if "save_all" in data:
        _bind(page, data, None)
        count = _save_all(user, page)
        if count is not None:
            messages.success(
                request,
                f"Saved {count} item{'s' if count != 1 else ''} as drafts. Submit the return "
                "when it is ready."
                if count
                else "You had not changed anything, so nothing was saved.",
            )
            return redirect(here)
        return _render_return(request, page)
    if "check_all" in data or "check" in data:
        target = page.entry(data["check"]) if "check" in data else None
        if target is not None and not target.editable:
            raise Http404("Not found")
        _bind(page, data, target)
        checking = [target] if target else [e for e in page.editable if e.form.is_bound]
        _check(page, [e for e in checking if e is not None and (_typed(e) or e is target)])
        return _render_return(request, page, checked=True)
    posted = page.entry(data.get("item", ""))
    if not posted.editable:
        raise Http404("Not found")
    _bind(page, data, posted)
    if not _save_entry(user, page, posted):
        return _render_return(request, page)
    unsaved = [e.label for e in page.editable if e is not posted and e.form.is_bound]
    if not unsaved:
        messages.success(request, "Saved as a draft. Submit the return when it is ready.")
        return redirect(f"{here}#{posted.prefix}")
    # Keep what they typed elsewhere on the page: show it again, around the item just saved.
    messages.success(
        request,
        f"{posted.label} saved as a draft. Your changes to {', '.join(unsaved)} are not saved "
        "yet: save them, or use Save all.",
    )
    fresh = collection.return_page(user, round, department)
    _bind(fresh, {}, None)
    for entry in fresh.entries:
        kept = page.entry(entry.prefix).form
        if entry.prefix != posted.prefix and entry.editable and kept.is_bound:
            entry.form = kept
    return _render_return(request, fresh)


def _render_return(
    request: HttpRequest, page: ReturnPage, *, checked: bool = False
) -> HttpResponse:
    return render(request, "web/collection/return.html", {"page": page, "checked": checked})


def return_submit(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """GET: what submitting the return will send (how many items, and which are still empty),
    and a button to confirm. POST: submit every draft, all or nothing."""
    user = request.user
    department = access.access_department_return(user, code)
    round = collection.round_for(collection.parse_quarter(period))  # noqa: A001
    here = reverse("department_return", args=[department.code, round.quarter.slug])
    if request.method != "POST":
        page = collection.return_page(user, round, department)
        return render(request, "web/collection/submit.html", {"page": page, "back": here})
    try:
        count = services.return_submit(acting_user=user, round=round, department=department)
    except MonitoringError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Return submitted: {count} item{'s' if count != 1 else ''} sent to the "
            "performance team."
            if count
            else "There were no drafts to submit.",
        )
    return redirect(here)


@require_POST
def return_sign_off(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """The operational director signs off their department's return; refused, with what is
    still outstanding, until every item is submitted."""
    user = request.user
    department = access.access_department_return_to_sign_off(user, code)
    round = collection.round_for(collection.parse_quarter(period))  # noqa: A001
    form = SignOffForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The note is too long: keep it under 2,000 characters.")
    else:
        try:
            services.return_sign_off(
                acting_user=user, department=department, round=round, note=form.cleaned_data["note"]
            )
        except MonitoringError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"You signed off the return for {round.quarter}.")
    return redirect("department_return", department.code, round.quarter.slug)


# -- the performance team's pages ----------------------------------------------------------


def collection_index(request: HttpRequest) -> HttpResponse:
    """Every round, and the form to open one."""
    user = access.access_collection(request.user)
    form = RoundOpenForm(request.POST or None, initial={"quarter": request.GET.get("quarter", "")})
    if request.method == "POST" and form.is_valid():
        try:
            round = services.round_open(  # noqa: A001
                acting_user=user,
                quarter=form.cleaned_data["quarter"].strip(),
                deadline=form.cleaned_data["deadline"],
            )
        except MonitoringError as error:
            form.add_error("quarter", str(error))
        else:
            messages.success(request, f"The {round.quarter} round is open.")
            return redirect("collection_round", period=round.quarter.slug)
    return render(
        request,
        "web/collection/index.html",
        {"form": form, "rounds": list(CollectionRound.objects.all())},
    )


ITEM_ACTIONS: dict[tuple[str, str], tuple[Callable[..., Any], Callable[..., Any], str]] = {
    ("actual", "validate"): (access.access_actual_to_validate, services.actual_validate, "actual"),
    ("actual", "return"): (access.access_actual_to_validate, services.actual_return, "actual"),
    ("milestone", "validate"): (
        access.access_milestone_update_to_validate,
        services.milestone_progress_validate,
        "update",
    ),
    ("milestone", "return"): (
        access.access_milestone_update_to_validate,
        services.milestone_progress_return,
        "update",
    ),
    ("narrative", "validate"): (
        access.access_narrative_to_validate,
        services.narrative_validate,
        "narrative",
    ),
    ("narrative", "return"): (
        access.access_narrative_to_validate,
        services.narrative_return,
        "narrative",
    ),
}


def collection_round(request: HttpRequest, period: str) -> HttpResponse:
    """A round's progress, who is late, and the submitted items to validate or return."""
    user = access.access_collection(request.user)
    quarter = collection.parse_quarter(period)
    round = CollectionRound.objects.filter(quarter=quarter).first()  # noqa: A001
    if round is None:
        return redirect(f"{reverse('collection')}?quarter={quarter}")
    here = reverse("collection_round", args=[round.quarter.slug])
    note_form, note_for = ReturnNoteForm(), ""
    if request.method == "POST":
        if "publish" in request.POST:  # publishing is confirmed on its own page first
            return redirect("collection_round_publish", round.quarter.slug)
        key = (request.POST.get("kind", ""), request.POST.get("action", ""))
        if key not in ITEM_ACTIONS:
            raise Http404("Not found")
        find, act, argument = ITEM_ACTIONS[key]
        item = find(user, request.POST.get("item_id", ""))  # a bad id is a 404 there
        extra: dict[str, Any] = {}
        if key[1] == "return":
            note_form = ReturnNoteForm(request.POST, prefix=f"{key[0]}-{item.pk}")
            note_for = f"{key[0]}-{item.pk}"
            if not note_form.is_valid():
                return render(
                    request,
                    "web/collection/round.html",
                    {
                        "page": collection.round_page(round),
                        "note_form": note_form,
                        "note_for": note_for,
                    },
                )
            extra["note"] = note_form.cleaned_data["note"]
        try:
            act(acting_user=user, **{argument: item}, **extra)
        except MonitoringError as error:
            messages.error(request, str(error))
        else:
            done = "validated" if key[1] == "validate" else "returned to the department"
            messages.success(request, f"{item} {done}.")
        return redirect(here)
    return render(
        request,
        "web/collection/round.html",
        {"page": collection.round_page(round), "note_form": note_form, "note_for": note_for},
    )


def round_publish(request: HttpRequest, period: str) -> HttpResponse:
    """GET: what publishing will do (how many items, from which departments, and who will see
    them when), and a button to confirm. POST: publish every validated item, all or none."""
    user = access.access_collection(request.user)
    round = collection.round_for(collection.parse_quarter(period))  # noqa: A001
    here = reverse("collection_round", args=[round.quarter.slug])
    if request.method != "POST":
        return render(
            request,
            "web/collection/publish.html",
            {"preview": collection.publish_preview(round), "back": here},
        )
    try:
        count = services.round_publish(acting_user=user, round=round)
    except MonitoringError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Published {count} item{'s' if count != 1 else ''}.")
    return redirect(here)


def item_history(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    history = collection.item_history(request.user, kind, pk)
    return render(request, "web/collection/history.html", {"history": history})


def actual_correction(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """The performance team corrects a published figure: a new revision with a reason."""
    user = request.user
    access.access_performance_team(user)
    actual = access.access_published_actual(user, code, period)
    form = CorrectionForm(
        request.POST or None,
        initial={
            **CorrectionForm.initial_for(actual, actual.indicator.decimals),
            "version": actual.version,
        },
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            corrected = services.actual_correct(
                acting_user=user,
                actual=actual,
                reason=data["reason"],
                value=data["value"].strip() or None,
                numerator=data["numerator"].strip() or None,
                denominator=data["denominator"].strip() or None,
                commentary=data["commentary"],
                explanation=data["explanation"],
                expected_version=form.version_seen(),
            )
        except EntryRefused as refused:
            form.add_findings(refused.result)
        except StaleEdit as edit:
            stale = edit.current
        except MonitoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{corrected.indicator.code} {corrected.period} corrected: revision "
                f"{corrected.revision}, still published and rated again.",
            )
            return redirect("indicator", code=corrected.indicator.code)
    return render(
        request,
        "web/collection/correct.html",
        {"actual": actual, "form": form, "forms": [form], "stale": stale},
    )


MAX_RETURN_UPLOAD_BYTES = 5 * 1024 * 1024  # a return is a few hundred rows; refuse far more


def return_spreadsheet(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """GET: the department's return as an XLSX workbook to fill in offline. POST: upload it
    back; it goes through the same checks as the form, all or nothing, errors shown here."""
    from goldenthread.monitoring.returns_xlsx import (
        ReturnFileRefused,
        return_export,
        return_import,
    )

    user = request.user
    department = access.access_department_return(user, code)
    round = collection.round_for(collection.parse_quarter(period))  # noqa: A001
    here = reverse("department_return", args=[department.code, round.quarter.slug])
    if request.method != "POST":
        content = return_export(department=department, period=round.quarter, acting_user=user)
        response = HttpResponse(content, content_type=XLSX)
        name = f"return-{department.code}-{round.quarter.slug}.xlsx".replace(" ", "-")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    upload = request.FILES.get("return_file")
    problem = ""
    result = None
    if upload is None:
        problem = "Choose the filled-in return to upload"
    elif upload.size and upload.size > MAX_RETURN_UPLOAD_BYTES:
        problem = "The file is larger than 5 MB; a return is far smaller. Check it is the return"
    else:
        try:
            result = return_import(
                source=upload,
                acting_user=user,
                how="upload",
                expected_department=department,
                expected_period=round.quarter,
            )
        except ReturnFileRefused as refused:
            problem = str(refused)
    if result is not None and result.ok:
        messages.success(request, f"Return uploaded: {result.summary()}")
        return redirect(here)
    return render(
        request,
        "web/collection/upload.html",
        {
            "department": department,
            "round": round,
            "here": here,
            "problem": problem,
            "result": result,
        },
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
