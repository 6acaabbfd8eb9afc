"""Single sign-on with the council's accounts (OpenID Connect): off unless configured; people
are matched to existing accounts by e-mail address, and anyone else is refused and told why."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from goldenthread.accounts.oidc import CouncilAccountBackend, match_user
from goldenthread.audit.models import AuditEntry
from goldenthread.organisation.models import User
from tests.conftest import Council

PROVIDER = "https://login.example.test/tenant-id"  # a placeholder; tests make no requests


@pytest.fixture
def single_sign_on(settings):
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "golden-thread"
    settings.OIDC_RP_CLIENT_SECRET = "not-a-secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{PROVIDER}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{PROVIDER}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{PROVIDER}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{PROVIDER}/keys"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "goldenthread.accounts.oidc.CouncilAccountBackend",
    ]
    return settings


# -- matching people ---------------------------------------------------------------------------


def test_an_address_matches_its_one_account_whatever_the_case(council: Council):
    assert match_user("Priya@Example.ORG").user == council.priya


def test_an_address_no_account_has_is_refused_saying_so(council):
    match = match_user("stranger@example.org")

    assert match.user is None
    assert match.refusal == (
        "There is no Golden Thread account for stranger@example.org. "
        "Contact your council's performance team."
    )
    assert not User.objects.filter(email="stranger@example.org").exists()


def test_an_address_two_accounts_share_is_refused_rather_than_guessed(council: Council):
    council.dev.email = "PRIYA@example.org"
    council.dev.save()

    match = match_user("priya@example.org")

    assert match.user is None
    assert "More than one Golden Thread account has the e-mail address" in match.refusal


def test_a_switched_off_account_is_refused(council: Council):
    council.pat.is_active = False
    council.pat.save()

    assert "switched off" in match_user("pat@example.org").refusal


def test_no_address_at_all_is_refused(council):
    assert "did not give us an e-mail address" in match_user("  ").refusal


def test_new_people_are_created_only_when_the_council_says_so(council):
    match = match_user("new.officer@example.org", create=True)

    assert match.user is not None
    assert match.user.username == "new.officer@example.org"
    assert not match.user.roles.exists()  # sees nothing until given a role


# -- the button and the round trip -------------------------------------------------------------


def test_the_sign_in_page_has_no_council_account_button_unless_configured(client, council):
    html = client.get(reverse("login")).content.decode()

    assert "Sign in with your council account" not in html
    assert client.get("/sign-in/council/").status_code == 404


def test_when_configured_the_sign_in_page_offers_the_council_account(
    client, council, single_sign_on
):
    html = client.get(reverse("login") + "?next=/indicators/").content.decode()

    assert "Sign in with your council account" in html
    assert 'href="/sign-in/council/?next=/indicators/"' in html


def provider_round_trip(client, monkeypatch, claims: dict):
    """Goes to the provider and comes back with a code, the provider's answers stubbed."""
    monkeypatch.setattr(CouncilAccountBackend, "get_token", lambda self, payload: {
        "id_token": "id", "access_token": "access"})  # fmt: skip
    monkeypatch.setattr(
        CouncilAccountBackend, "verify_token", lambda self, token, **kw: {"sub": "1"}
    )
    monkeypatch.setattr(CouncilAccountBackend, "get_userinfo", lambda self, *args: claims)
    away = client.get("/sign-in/council/?next=/indicators/")
    assert away.status_code == 302
    assert away.headers["Location"].startswith(f"{PROVIDER}/authorize?")
    state = parse_qs(urlsplit(away.headers["Location"]).query)["state"][0]
    return client.get("/sign-in/council/callback/", {"code": "from-provider", "state": state})


def test_a_known_address_signs_in_and_is_audited_as_single_sign_on(
    client, council: Council, single_sign_on, monkeypatch
):
    response = provider_round_trip(client, monkeypatch, {"email": "PRIYA@example.org"})

    assert response.headers["Location"] == "/indicators/"
    assert client.get("/home/").status_code == 200
    entry = AuditEntry.objects.get(action="sign_in")
    assert entry.actor == council.priya
    assert entry.data["method"] == "single sign-on"


def test_an_unknown_address_goes_back_to_sign_in_with_the_reason_and_is_audited(
    client, council, single_sign_on, monkeypatch
):
    response = provider_round_trip(client, monkeypatch, {"email": "stranger@example.org"})

    assert response.headers["Location"] == "/sign-in/"
    page = client.get("/sign-in/").content.decode()
    assert "There is no Golden Thread account for stranger@example.org" in page
    assert client.get("/home/").status_code == 302
    failure = AuditEntry.objects.get(action="sign_in_failed")
    assert "no Golden Thread account for stranger@example.org" in failure.data["reason"]
