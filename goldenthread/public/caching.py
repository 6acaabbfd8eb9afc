"""The public pages, kept for anonymous readers until the public's view next changes.

Each page is built once per edition (goldenthread/public/edition.py) and stored in the cache
under that edition; a request reads the edition (one query) and is answered from the cache.
Publishing, a correction or a round opening or closing changes the edition in its own
transaction, so the very next request, in any server process, builds the page afresh.

Browsers and proxies may keep a copy but must ask again each time (``no-cache``), and get a
"304 Not Modified" while the edition stands: a page cannot be trusted for even a minute
longer, because a round opened again takes its quarter's figures away from the public.
Signed-in people are never given the anonymous copy, nor is theirs kept anywhere.

A page whose words depend on the day as well (``daily=True``: the planning timetable, whose
stages fall overdue at midnight with no edition changing) is kept for that day only: the
council's date is part of its key and its ETag, so the first request after midnight builds it
afresh and a browser's copy from yesterday is not "304 Not Modified".
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from functools import wraps
from importlib.metadata import version
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)

from goldenthread.public.edition import current_edition

View = Callable[..., HttpResponse]
KEY_PREFIX = "public-page"
# A shared cache (Redis) outlives an upgrade: a new version's pages never meet the old ones.
RELEASE = version("goldenthread")


def public_page(*, params: Sequence[str] = (), daily: bool = False) -> Callable[[View], View]:
    """Cache a public view for anonymous readers. ``params``: the query-string parameters the
    view reads (any other parameter does not change the page, so does not make a new copy).
    ``daily``: the page says what is due or overdue today, so a copy serves the council's
    day it was made on only."""

    def decorate(view: View) -> View:
        @wraps(view)
        def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.is_authenticated:
                response = view(request, *args, **kwargs)
                add_never_cache_headers(response)
                return response
            seconds = settings.PUBLIC_CACHE_SECONDS
            if not seconds or request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            edition = current_edition()
            if daily:
                edition = f"{edition}:{timezone.localdate().isoformat()}"
            key = _key(request, edition, params)
            etag = f'W/"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
            unchanged = get_conditional_response(request, etag=etag)
            if unchanged is not None:
                return _public(unchanged, etag)
            kept = cache.get(key)
            if kept is not None:
                return _public(_restored(kept), etag)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies and not response.streaming:
                cache.set(key, _kept(response), seconds)
            return _public(response, etag)

        return answer

    return decorate


def _key(request: HttpRequest, edition: str, params: Sequence[str]) -> str:
    # The host and scheme are part of the page: downloads carry absolute links to the pages.
    chosen = [(name, request.GET.get(name, "")) for name in params]
    place = f"{request.build_absolute_uri(request.path)}?{chosen}"
    digest = hashlib.sha256(place.encode()).hexdigest()
    return f"{KEY_PREFIX}:{RELEASE}:{edition}:{digest}"


def _kept(response: HttpResponse) -> tuple[int, bytes, dict[str, str]]:
    return response.status_code, response.content, dict(response.headers)


def _restored(kept: tuple[int, bytes, dict[str, str]]) -> HttpResponse:
    status, content, headers = kept
    return HttpResponse(content, status=status, headers=headers)


def _public(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    patch_cache_control(response, public=True, no_cache=True)
    # A signed-in person's browser (with its session cookie) must not reuse the copy.
    patch_vary_headers(response, ["Cookie"])
    return response
