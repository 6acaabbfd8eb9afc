"""The performance team loads a plan file in the browser: check it, see what it would do, then
load it with one confirmation. The same import as `goldenthread import-plans`.

Between the check and the confirmation the file waits on the server, in a file named by a
random token the person's session holds (never in the page), and is removed once loaded, once
another file is checked, or when it is found older than a day. The confirmation checks the
file again, so what is loaded is what the database allows at that moment.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from goldenthread import access
from goldenthread.organisation.models import User
from goldenthread.planning.imports import PlanImportResult, plans_import
from goldenthread.planning.imports.exporting import (
    CONTENT_TYPES,
    FORMATS,
    plans_export,
    plans_template,
)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # far more than a council's plans; a guard, not a limit
SESSION_KEY = "plan_import"
KEEP_FOR = datetime.timedelta(days=1)
TEMPLATE = "planning/import/upload.html"


def plans_import_page(request: HttpRequest) -> HttpResponse:
    """GET: the upload form, with the template to download. POST: check the chosen file and
    show what loading it would create, update and leave unchanged, or every row refused."""
    user = access.access_performance_team(request.user)
    if request.method != "POST":
        return render(request, TEMPLATE, {"waiting": _waiting(request, user)})
    _discard(request, user)
    upload = request.FILES.get("plan_file")
    problem = ""
    if upload is None:
        problem = "Choose the plan file to check"
    elif upload.size and upload.size > MAX_UPLOAD_BYTES:
        problem = "The file is larger than 10 MB; split the plans into smaller files"
    if problem:
        return render(request, TEMPLATE, {"problem": problem}, status=400)
    assert upload is not None
    name = Path(upload.name or "plans").name
    data = upload.read()
    result = plans_import(source=io.BytesIO(data), acting_user=user, dry_run=True, filename=name)
    if result.ok:
        _keep(request, user, data, name)
    return render(
        request, TEMPLATE, {"result": result, "name": name}, status=200 if result.ok else 400
    )


@require_POST
def plans_import_load(request: HttpRequest) -> HttpResponse:
    """Load the file checked a moment ago, checking it again first; all of it or nothing."""
    user = access.access_performance_team(request.user)
    waiting = _waiting(request, user)
    if waiting is None:
        messages.error(
            request, "There is no checked plan file waiting to be loaded: check it again"
        )
        return redirect("plans_import")
    path, name = waiting
    try:
        result: PlanImportResult = plans_import(source=path, acting_user=user, filename=name)
    finally:
        _discard(request, user)
    if not result.ok:
        return render(
            request, TEMPLATE, {"result": result, "name": name, "rechecked": True}, status=400
        )
    messages.success(request, f"{name} loaded: {'; '.join(result.kind_lines())}")
    return redirect("plans_import")


def plans_import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """The file to fill in: its columns and one example row of every kind (and, as XLSX, a
    Guidance sheet)."""
    access.access_performance_team(request.user)
    return _download(plans_template(fmt=_format(fmt)), f"plan-file-template.{fmt}", fmt)


def plans_export_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The council's plans as they stand, as a plan file that loads back unchanged."""
    access.access_performance_team(request.user)
    return _download(plans_export(fmt=_format(fmt)), f"plans.{fmt}", fmt)


# -- the checked file, kept on the server until confirmed ------------------------------------


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "uploads" / "plan-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _keep(request: HttpRequest, user: User, data: bytes, name: str) -> None:
    token = secrets.token_hex(16)
    (_folder() / f"{user.pk}-{token}").write_bytes(data)
    request.session[SESSION_KEY] = {
        "token": token,
        "name": name,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    _sweep()


def _waiting(request: HttpRequest, user: User) -> tuple[Path, str] | None:
    """The file this person checked and has not yet loaded, if it is still there unaltered."""
    kept = request.session.get(SESSION_KEY)
    if not isinstance(kept, dict) or not str(kept.get("token", "")).isalnum():
        return None
    path = _folder() / f"{user.pk}-{kept['token']}"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != kept.get("sha256"):
        return None
    return path, str(kept.get("name") or "plans")


def _discard(request: HttpRequest, user: User) -> None:
    kept = request.session.pop(SESSION_KEY, None)
    if isinstance(kept, dict) and str(kept.get("token", "")).isalnum():
        (_folder() / f"{user.pk}-{kept['token']}").unlink(missing_ok=True)


def _sweep() -> None:
    """Files checked and never loaded go after a day."""
    oldest = time.time() - KEEP_FOR.total_seconds()
    for path in _folder().iterdir():
        try:
            if path.stat().st_mtime < oldest:
                path.unlink(missing_ok=True)
        except OSError:
            continue


def _format(fmt: str) -> str:
    from django.http import Http404

    if fmt not in FORMATS:
        raise Http404("Not found")
    return fmt


def _download(content: bytes, name: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
