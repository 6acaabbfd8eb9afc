"""Middleware for signing in safely: a Permissions-Policy header, the request the audit log's
receivers may record against, and the hold on people who still owe their two-step code."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from goldenthread.accounts import two_factor

Handler = Callable[[HttpRequest], HttpResponse]

# The request being answered in this thread, or None in a command or a test's set-up: the audit
# receivers (audit.py) record only what people do through the site.
current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


def permissions_policy(get_response: Handler) -> Handler:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def audited_request(get_response: Handler) -> Handler:
    def middleware(request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            return get_response(request)
        finally:
            current_request.reset(token)

    return middleware


# The pages someone part-way through signing in may still open.
UNHELD_URL_NAMES = ("login", "logout", "sign_in_code", "two_factor_setup")


def second_factor(get_response: Handler) -> Handler:
    """Holds a signed-in person at the code page until they give their two-step code, and, when
    the council requires two-step verification, an officer without it at the set-up page."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and request.path not in unheld_paths():
            step = two_factor.step_owed(request)
            if step is not None:
                target = reverse(step)
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return get_response(request)

    return middleware


def unheld_paths() -> set[str]:
    return {reverse(name) for name in UNHELD_URL_NAMES}
