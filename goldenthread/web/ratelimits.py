"""How often one address may ask: the limits that keep a flood of requests for the expensive
pages and files from taking the service away from everyone else.

Each limit is a number of requests a minute (settings.RATE_LIMITS, from the
GOLDENTHREAD_RATE_LIMIT_* variables; 0 switches it off), counted per address as
goldenthread.accounts.addresses.client_address() reads it, and for PDFs per person too. Past it,
the answer is the "Too many requests" page (429) with Retry-After: the seconds until the count
starts again. The counts are django-ratelimit's, in the "ratelimit" cache (docs/operating.md,
"Caching and rate limits"): shared by every server process with REDIS_URL set, otherwise
counted in each process.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django_ratelimit.core import get_usage

from goldenthread.accounts.addresses import client_address

View = Callable[..., HttpResponse]


class Limit(models.TextChoices):
    """What is counted, and what the "Too many requests" page calls it."""

    ANONYMOUS = "anonymous", "pages without signing in"
    OPEN_DATA = "open_data", "open data downloads"
    DOWNLOADS = "downloads", "report downloads"
    PDF = "pdf", "PDF reports"


def _wait(request: HttpRequest, limit: Limit, who: str) -> int | None:
    """Count this request against ``limit`` for ``who``: None while under the limit, or the
    seconds until the count starts again once past it."""
    per_minute = settings.RATE_LIMITS.get(limit.value, 0)
    if not per_minute or not who:
        return None
    usage = get_usage(
        request,
        group=f"goldenthread.{limit.value}",
        key=lambda group, request: who,
        rate=f"{per_minute}/m",
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, usage["time_left"])


def too_many_requests(request: HttpRequest, limit: Limit, retry_after: int) -> HttpResponse:
    response = render(
        request,
        "429.html",
        {
            "limit": limit.value,
            "what": limit.label,
            "per_minute": settings.RATE_LIMITS[limit.value],
            "retry_after": retry_after,
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)  # a refusal is for now only
    return response


def refused(request: HttpRequest, limit: Limit) -> HttpResponse | None:
    """The 429 page if this address is past ``limit``, else None (and the request counted)."""
    wait = _wait(request, limit, client_address(request))
    return too_many_requests(request, limit, wait) if wait is not None else None


def limited(limit: Limit) -> Callable[[View], View]:
    """A view counted against ``limit`` per address."""

    def decorate(view: View) -> View:
        @wraps(view)
        def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return refused(request, limit) or view(request, *args, **kwargs)

        return answer

    return decorate


def download_refused(request: HttpRequest, *, pdf: bool) -> HttpResponse | None:
    """A report download: counted per address, and a PDF, the dearest to draw, per person."""
    if (answer := refused(request, Limit.DOWNLOADS)) is not None:
        return answer
    if pdf and request.user.is_authenticated:
        wait = _wait(request, Limit.PDF, f"user:{request.user.pk}")
        if wait is not None:
            return too_many_requests(request, Limit.PDF, wait)
    return None


def anonymous_requests(get_response: View) -> View:
    """Middleware: every request from someone not signed in counts against one limit per
    address. Static files are answered before this (WhiteNoise) and are not counted."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            answer = refused(request, Limit.ANONYMOUS)
            if answer is not None:
                return answer
        return get_response(request)

    return middleware
