"""Two-step verification: an officer turns it on from their account page with an authenticator
app; from then on signing in also asks for the app's 6-digit code, and nothing else opens until
it is given. A wrong code is a failed sign-in in the audit log."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from goldenthread.audit.models import AuditEntry
from tests.conftest import PASSWORD, Council


def code_now(device: TOTPDevice) -> str:
    """The code the person's app shows at this moment."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(code_now(device)) + 1) % 1_000_000:06d}"


@pytest.fixture
def priya_with_an_app(council: Council) -> TOTPDevice:
    return TOTPDevice.objects.create(user=council.priya, name="Authenticator app", confirmed=True)


def sign_in(client, username: str, next_url: str = ""):
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


# -- turning it on and off ------------------------------------------------------------------------


def test_an_officer_s_account_page_offers_two_step_verification(client, council: Council):
    client.force_login(council.priya)

    html = client.get(reverse("account")).content.decode()

    assert '<h1 class="govuk-heading-l">Your account</h1>' in html
    assert "we recommend it" in html
    assert f'href="{reverse("two_factor_setup")}"' in html
    assert f'href="{reverse("account")}">Your account</a>' in html  # linked from every page


def test_setting_up_shows_a_qr_code_image_and_the_key_to_type(client, council: Council):
    client.force_login(council.priya)

    html = client.get(reverse("two_factor_setup")).content.decode()

    device = TOTPDevice.objects.get(user=council.priya, confirmed=False)
    assert '<img class="gt-qr-code" src="data:image/svg+xml' in html
    assert "<svg" not in html  # an image, so the page needs no inline styles
    assert device.config_url.startswith("otpauth://totp/Golden%20Thread%3Apriya?secret=")
    key = html.split('<code class="gt-secret">')[1].split("</code>")[0]
    assert len(key.replace(" ", "")) == 32


def test_a_right_code_turns_it_on_and_is_audited(client, council: Council):
    client.force_login(council.priya)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=council.priya)

    response = client.post(reverse("two_factor_setup"), {"code": code_now(device)}, follow=True)

    device.refresh_from_db()
    assert device.confirmed
    assert "Two-step verification is on." in response.content.decode()
    assert AuditEntry.objects.filter(action="two_factor_on", actor=council.priya).count() == 1
    assert client.get(reverse("home")).status_code == 200  # this session is verified


def test_a_wrong_code_does_not_turn_it_on(client, council: Council):
    client.force_login(council.priya)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=council.priya)

    response = client.post(reverse("two_factor_setup"), {"code": wrong_code(device)})

    html = response.content.decode()
    assert "<title>Error: Turn on two-step verification" in html
    assert "The code is not right" in html
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_a_code_that_is_not_six_digits_says_so(client, council: Council):
    client.force_login(council.priya)

    html = client.post(reverse("two_factor_setup"), {"code": "12a"}).content.decode()

    assert 'href="#id_code">Enter the code as 6 digits, like 123456' in html


def test_turning_it_off_needs_a_current_code(client, council: Council, priya_with_an_app):
    sign_in(client, "priya")
    client.post(reverse("sign_in_code"), {"code": code_now(priya_with_an_app)})
    priya_with_an_app.refresh_from_db()
    priya_with_an_app.last_t -= 1  # as if the app had moved on to the next code
    priya_with_an_app.save()

    client.post(reverse("two_factor_turn_off"), {"code": code_now(priya_with_an_app)})

    assert not TOTPDevice.objects.exists()
    assert AuditEntry.objects.filter(action="two_factor_off").count() == 1


# -- signing in with it on ---------------------------------------------------------------------


def test_with_it_on_a_right_password_leads_to_the_code_page(
    client, council: Council, priya_with_an_app
):
    response = sign_in(client, "priya", next_url="/indicators/")

    assert response.headers["Location"] == "/sign-in/code/?next=%2Findicators%2F"
    code_page = client.get(response.headers["Location"]).content.decode()
    assert "Enter the code from your authenticator app" in code_page
    assert 'autocomplete="one-time-code"' in code_page
    assert 'aria-label="Menu"' not in code_page  # no navigation to pages that are not open yet


def test_until_the_code_is_given_every_other_page_leads_back_to_it(
    client, council: Council, priya_with_an_app
):
    sign_in(client, "priya")

    for path in ("/home/", "/indicators/", "/account/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/sign-in/code/?next="), path


def test_the_right_code_signs_in_and_goes_where_was_asked(
    client, council: Council, priya_with_an_app
):
    sign_in(client, "priya", next_url="/indicators/")

    response = client.post(
        reverse("sign_in_code"), {"code": code_now(priya_with_an_app), "next": "/indicators/"}
    )

    assert response.headers["Location"] == "/indicators/"
    assert client.get("/home/").status_code == 200
    assert AuditEntry.objects.filter(action="sign_in_code", actor=council.priya).count() == 1


def test_a_wrong_code_is_refused_and_audited_as_a_failed_sign_in(
    client, council: Council, priya_with_an_app
):
    sign_in(client, "priya")

    response = client.post(reverse("sign_in_code"), {"code": wrong_code(priya_with_an_app)})

    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert client.get("/home/").status_code == 302
    failure = AuditEntry.objects.get(action="sign_in_failed")
    assert failure.data["username"] == "priya"
    assert failure.data["reason"] == "wrong two-step code"


def test_people_without_it_sign_in_with_a_password_alone(client, council: Council):
    assert sign_in(client, "chen").headers["Location"] == reverse("home")
    assert client.get("/home/").status_code == 200


# -- required for officers -----------------------------------------------------------------------


def test_when_required_an_officer_without_it_is_sent_to_set_it_up(
    client, council: Council, settings
):
    settings.REQUIRE_TWO_FACTOR = True

    response = sign_in(client, "dev")

    assert response.headers["Location"] == reverse("two_factor_setup")
    assert client.get("/home/").headers["Location"].startswith(reverse("two_factor_setup"))


def test_when_required_a_councillor_may_still_sign_in_without_it(
    client, council: Council, settings
):
    settings.REQUIRE_TWO_FACTOR = True

    assert sign_in(client, "chen").headers["Location"] == reverse("home")


def test_five_wrong_codes_lock_the_account_out_and_sign_out(
    client, council: Council, priya_with_an_app
):
    sign_in(client, "priya")

    responses = [
        client.post(reverse("sign_in_code"), {"code": wrong_code(priya_with_an_app)})
        for _ in range(5)
    ]

    assert [response.status_code for response in responses] == [200, 200, 200, 200, 429]
    assert "Too many attempts to sign in" in responses[-1].content.decode()
    assert client.get("/sign-in/code/").headers["Location"].startswith("/sign-in/")
    assert client.get("/home/").headers["Location"].startswith("/sign-in/?next=")
    assert sign_in(client, "priya").status_code == 429  # the password too, until the time is up
