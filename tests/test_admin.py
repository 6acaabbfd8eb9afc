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
