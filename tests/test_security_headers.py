"""Every response carries the security headers, and the pages have no inline script or style, so
the Content Security Policy can forbid both (docs/security.md)."""

import re

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD, Council


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_the_policy_allows_scripts_and_styles_only_from_our_own_files(client, council):
    csp = policy(client.get(reverse("login")))

    assert csp["script-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    # No inline style either: the charts carry theirs in SVG presentation attributes.
    assert csp["style-src"] == ["'self'"]
    assert "style-src-elem" not in csp and "style-src-attr" not in csp
    assert not any("unsafe" in value for values in csp.values() for value in values)


@pytest.mark.parametrize("path", ["/", "/sign-in/"])
def test_public_pages_send_the_security_headers(client, council, path):
    response = client.get(path)

    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_a_signed_in_page_has_no_inline_script_only_our_static_files(client, council: Council):
    client.force_login(council.priya)

    html = client.get(reverse("indicators")).content.decode()

    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.DOTALL)
    assert scripts, "the page loads GOV.UK Frontend"
    for attributes, body in scripts:
        assert 'src="/static/' in attributes
        assert body.strip() == ""
    assert not re.search(r"\son[a-z]+=", html), "no inline event handlers either"
    assert "<style" not in html and not re.search(r"\sstyle=", html), "nor inline styles"
    assert 'src="/static/web/govuk-start.js"' in html


def test_the_session_and_csrf_cookies_are_http_only_and_same_site_lax(client, council):
    client.get(reverse("login"))  # sets the CSRF cookie

    response = client.post(reverse("login"), {"username": "priya", "password": PASSWORD})

    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    csrf = client.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"


def test_the_admin_still_works_under_the_policy(client, council):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers
    inline = re.findall(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", response.text)
    assert inline == []
