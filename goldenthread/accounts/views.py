"""Signing in and out, the two-step code, and the account page where people turn two-step
verification on and off."""

from __future__ import annotations

import math
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from goldenthread.accounts import services, two_factor
from goldenthread.accounts.forms import CodeForm
from goldenthread.accounts.lockout import account_lockout

WRONG_CODE = "The code is not right. Enter the code your app shows now"


def next_path(request: HttpRequest) -> str:
    """Where to go after signing in, if it was asked for and is on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else ""


def onwards(request: HttpRequest, next_url: str) -> HttpResponse:
    """To the step still owed (the two-step code), else to the page asked for, else home."""
    step = two_factor.step_owed(request)
    if step is not None:
        query = f"?{urlencode({'next': next_url})}" if next_url else ""
        return redirect(reverse(step) + query)
    return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = next_path(request)
    if request.user.is_authenticated:
        return onwards(request, next_url)
    form = AuthenticationForm(request, data=request.POST if request.method == "POST" else None)
    if form.is_valid():
        auth_login(request, form.get_user())
        return onwards(request, next_url)
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": next_url, "single_sign_on": settings.OIDC_ENABLED},
    )


def sign_out(request: HttpRequest) -> HttpResponse:
    """Signing out changes state, so it takes a POST; a GET shows the button to press."""
    if request.method != "POST":
        return render(request, "accounts/sign_out.html")
    auth_logout(request)
    messages.success(request, "You have signed out.")
    return redirect(settings.LOGOUT_REDIRECT_URL)


@never_cache
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """The second step of signing in, for people who have turned on two-step verification."""
    user: Any = request.user
    next_url = next_path(request)
    device = two_factor.confirmed_device(user)
    if device is None or two_factor.step_owed(request) is None:
        return onwards(request, next_url)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if services.sign_in_code_check(
            request=request, device=device, code=form.cleaned_data["code"]
        ):
            return onwards(request, next_url)
        if getattr(request, "axes_locked_out", False):
            auth_logout(request)  # too many wrong codes: start again, after the lockout
            return render(request, "accounts/sign_in_code.html", {"form": form})
        form.add_error("code", WRONG_CODE)
    return render(request, "accounts/sign_in_code.html", {"form": form, "next": next_url})


# -- single sign-on ----------------------------------------------------------------------------


@login_not_required
def council_sign_in(request: HttpRequest) -> HttpResponse:
    """Off to the council's identity provider (mozilla-django-oidc), when it is configured."""
    if not settings.OIDC_ENABLED:
        raise Http404("Single sign-on is not set up")
    return OIDCAuthenticationRequestView.as_view()(request)


@login_not_required
def council_sign_in_callback(request: HttpRequest) -> HttpResponse:
    if not settings.OIDC_ENABLED:
        raise Http404("Single sign-on is not set up")
    return OIDCAuthenticationCallbackView.as_view()(request)


# -- your account ------------------------------------------------------------------------------


def account(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "two_factor_on": two_factor.confirmed_device(user) is not None,
            "officer": two_factor.is_officer(user),
            "required": settings.REQUIRE_TWO_FACTOR and two_factor.is_officer(user),
            "single_sign_on": two_factor.signed_in_by_single_sign_on(request),
        },
    )


@never_cache
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if two_factor.confirmed_device(user) is not None:
        return redirect("account")
    device = two_factor.unconfirmed_device(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if services.two_factor_turn_on(
            acting_user=user, device=device, code=form.cleaned_data["code"]
        ):
            otp_login(request, device)  # this session has just proved it holds the app
            messages.success(request, "Two-step verification is on.")
            return redirect(next_path(request) or reverse("account"))
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_data_uri(device),
            "secret": two_factor.secret_for_typing(device),
            "next": next_path(request),
        },
    )


@never_cache
def two_factor_turn_off(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    device = two_factor.confirmed_device(user)
    if device is None or (settings.REQUIRE_TWO_FACTOR and two_factor.is_officer(user)):
        return redirect("account")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if services.two_factor_turn_off(
            acting_user=user, device=device, code=form.cleaned_data["code"]
        ):
            messages.success(request, "Two-step verification is off.")
            return redirect("account")
        form.add_error("code", WRONG_CODE)
    return render(request, "accounts/two_factor_turn_off.html", {"form": form})


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes' answer once a username has failed too often from one address, or the whole
    account from several (accounts/lockout.py): says which, and when to try again. An unknown
    username gets the same page as a real one."""
    username = str((credentials or {}).get("username") or request.POST.get("username", ""))
    account = account_lockout(username)
    if account is not None:
        until = account.until
    else:
        last_failure = AccessAttempt.objects.filter(
            username=username, ip_address=getattr(request, "axes_ip_address", None)
        ).aggregate(last=Max("attempt_time"))["last"]
        until = (last_failure or timezone.now()) + settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": username,
        "whole_account": account is not None,
        "minutes": max(1, math.ceil((until - timezone.now()).total_seconds() / 60)),
        "until": timezone.localtime(until),
    }
    return render(request, "accounts/locked_out.html", context, status=429)
