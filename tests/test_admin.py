"""The admin is for reference-data upkeep by staff only."""

import pytest

from goldenthread.organisation.models import User
from tests.conftest import PASSWORD


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("admin", "admin@example.org", PASSWORD)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/organisation/department/",
        "/admin/organisation/user/",
        "/admin/planning/priority/",
        "/admin/planning/plan/",
        "/admin/indicators/indicator/",
        "/admin/reporting/perspective/",
    ],
)
def test_staff_can_open_reference_data_lists(client, council, admin_user, url):
    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 200


def test_a_department_appears_in_the_admin_list(client, council, admin_user):
    client.force_login(admin_user)
    assert "Environmental Health" in client.get("/admin/organisation/department/").text


def test_a_performance_officer_who_is_not_staff_is_sent_to_the_admin_sign_in(client, council):
    client.force_login(council.priya)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_choose_a_scorecard_perspectives_headline_indicators(client, council, admin_user):
    from goldenthread.indicators.models import Indicator
    from goldenthread.reporting.models import Perspective

    perspective = Perspective.objects.or_defaults().get(name="People and learning")
    indicator = Indicator.objects.create(code="HR LI 1", title="Days lost to sickness")
    client.force_login(admin_user)
    page = client.get(f"/admin/reporting/perspective/{perspective.pk}/change/")
    assert page.status_code == 200
    response = client.post(
        f"/admin/reporting/perspective/{perspective.pk}/change/",
        {
            "name": perspective.name,
            "position": perspective.position,
            "description": perspective.description,
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-indicator": indicator.pk,
            "lines-0-position": "0",
        },
    )
    assert response.status_code == 302
    assert list(perspective.lines.values_list("indicator__code", flat=True)) == ["HR LI 1"]
