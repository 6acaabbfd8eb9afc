"""The public landing page, signing in and signing out, and the layout every page shares."""

from django.template.loader import render_to_string
from django.urls import reverse

from tests.conftest import PASSWORD, Council


def test_the_landing_page_says_what_golden_thread_is_and_links_to_sign_in(client, council):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Golden Thread</h1>' in html
    assert "corporate priorities" in html
    assert f'href="{reverse("login")}"' in html


def test_the_layout_is_unbranded_with_a_skip_link_and_landmarks(client, council):
    html = client.get("/").content.decode()

    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert "<header" in html and "<footer" in html
    assert "Golden Thread</a>" in html  # the service name, as text
    assert "crown" not in html.lower() and "gov.uk" not in html.lower()
    assert html.count("<h1") == 1


def test_a_signed_in_visitor_to_the_landing_page_goes_to_their_home(client, council: Council):
    client.force_login(council.dev)

    assert client.get("/").headers["Location"] == reverse("home")


def test_signing_in_with_the_right_password_lands_on_home(client, council: Council):
    response = client.post(reverse("login"), {"username": "priya", "password": PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("home")


def test_signing_in_returns_to_the_page_first_asked_for(client, council: Council):
    response = client.post(
        reverse("login") + "?next=/indicators/",
        {"username": "priya", "password": PASSWORD, "next": "/indicators/"},
    )

    assert response.headers["Location"] == "/indicators/"


def test_a_wrong_password_shows_an_error_summary_linked_to_the_field(client, council: Council):
    response = client.post(reverse("login"), {"username": "priya", "password": "wrong"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in" in html
    assert 'class="govuk-error-summary"' in html
    assert "There is a problem" in html
    assert 'href="#id_username"' in html
    assert "correct username and password" in html
    assert 'value="wrong"' not in html  # the password is never sent back


def test_an_empty_form_says_which_fields_are_missing(client, council: Council):
    html = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()

    assert 'href="#id_username">This field is required.' in html
    assert 'href="#id_password">This field is required.' in html
    assert 'id="id_username-error"' in html


def test_the_sign_in_form_labels_every_field(client, council: Council):
    html = client.get(reverse("login")).content.decode()

    assert '<label class="govuk-label" for="id_username">Username</label>' in html
    assert '<label class="govuk-label" for="id_password">Password</label>' in html
    assert 'autocomplete="current-password"' in html


def test_signed_in_pages_show_the_navigation_the_name_and_a_sign_out_button(
    client, council: Council
):
    client.force_login(council.priya)

    html = client.get(reverse("indicators")).content.decode()

    navigation = html.split('<nav aria-label="Menu"')[1].split("</nav>")[0]
    for text, name in (
        ("Home", "home"),
        ("Plans", "plans"),
        ("Indicators", "indicators"),
        ("Coverage", "coverage"),
    ):
        assert f'href="{reverse(name)}"' in navigation
        assert text in navigation
    assert 'aria-current="page"' in navigation
    assert "Priya Shah" in html
    assert f'<form method="post" action="{reverse("logout")}"' in html
    assert '<button type="submit" class="gt-account__sign-out">Sign out</button>' in html


def test_the_navigation_marks_the_section_you_are_in(client, council: Council):
    client.force_login(council.priya)

    html = client.get(reverse("indicators")).content.decode()

    active = html.split("govuk-service-navigation__item--active")[1][:400]
    assert "Indicators" in active
    assert "Plans" not in active


def test_signing_out_takes_a_post_and_ends_the_session(client, council: Council):
    client.force_login(council.dev)

    response = client.post(reverse("logout"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("landing")
    assert "You have signed out." in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_opening_sign_out_shows_a_button_and_does_not_sign_out(client, council: Council):
    client.force_login(council.dev)

    response = client.get(reverse("logout"))

    assert '<button type="submit" class="govuk-button" data-module="govuk-button">Sign out' in (
        response.content.decode()
    )
    assert client.get(reverse("home")).status_code == 200


def test_an_unknown_page_says_page_not_found_in_the_service_s_layout(client, council, settings):
    settings.DEBUG = False
    client.force_login(council.dev)

    response = client.get("/indicators/NI 999/")

    html = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert f'href="{reverse("home")}"' in html


def test_the_server_error_page_renders_without_a_request():
    html = render_to_string("500.html")

    assert "Sorry, there is a problem with the service" in html
    assert "Sign out" not in html
