"""Sign-ins, failed sign-ins and changes to what people may do are written to the audit log,
whichever door they come through; never a password."""

from django.test import RequestFactory
from django.urls import reverse

from goldenthread.accounts.middleware import audited_request
from goldenthread.audit.models import AuditEntry
from goldenthread.organisation.models import Role, RoleAssignment, User
from tests.conftest import PASSWORD, Council


def test_signing_in_is_audited_with_who_from_where_and_how(client, council: Council):
    client.post(
        reverse("login"), {"username": "priya", "password": PASSWORD}, REMOTE_ADDR="192.0.2.1"
    )

    entry = AuditEntry.objects.get(action="sign_in")
    assert entry.actor == council.priya
    assert entry.data == {"username": "priya", "ip": "192.0.2.1", "method": "password"}
    assert entry.summary == "Priya Shah signed in (password) from 192.0.2.1"


def test_a_failed_sign_in_is_audited_with_the_username_tried_and_never_the_password(
    client, council: Council
):
    client.post(
        reverse("login"),
        {"username": "priya", "password": "hunter2-guess"},
        REMOTE_ADDR="203.0.113.9",
    )

    entry = AuditEntry.objects.get(action="sign_in_failed")
    assert entry.actor is None
    assert entry.data == {
        "username": "priya",
        "ip": "203.0.113.9",
        "reason": "wrong username or password",
    }
    assert "hunter2-guess" not in entry.summary + str(entry.data)
    assert not AuditEntry.objects.filter(action="sign_in").exists()


def test_a_sign_in_through_the_admin_s_own_form_is_audited_too(client, council: Council):
    User.objects.create_superuser("admin", "admin@example.org", PASSWORD)

    client.post("/admin/login/", {"username": "admin", "password": "wrong"})
    client.post("/admin/login/", {"username": "admin", "password": PASSWORD})

    assert list(AuditEntry.objects.order_by("id").values_list("action", "data__username")) == [
        ("sign_in_failed", "admin"),
        ("sign_in", "admin"),
    ]


def test_signing_out_is_audited(client, council: Council):
    client.post(reverse("login"), {"username": "dev", "password": PASSWORD})

    client.post(reverse("logout"))

    assert AuditEntry.objects.filter(action="sign_out", actor=council.dev).count() == 1


def during_a_request_by(user: User, change) -> None:
    """Runs `change` as a view would, behind the middleware that lets the audit see it."""
    request = RequestFactory().post("/admin/")
    request.user = user

    def view(request):
        change()

    audited_request(view)(request)


def test_giving_changing_and_taking_away_a_role_are_audited_with_who_did_it(
    council: Council,
):
    admin = User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    role = RoleAssignment(user=council.olu, role=Role.MANAGER, department=council.health_dept)

    during_a_request_by(admin, role.save)
    role.department = council.revenues_dept
    during_a_request_by(admin, role.save)
    during_a_request_by(admin, role.delete)

    entries = list(AuditEntry.objects.order_by("id"))
    assert [entry.action for entry in entries] == ["role_assign", "role_change", "role_remove"]
    assert all(entry.actor == admin for entry in entries)
    assert entries[0].summary == "Role given: Olu Adeyemi: Manager (Environmental Health)"
    assert entries[1].data["before"]["department_id"] == council.health_dept.pk
    assert entries[1].data["scope"] == "Revenues & Benefits"
    assert entries[2].data == {"user": "olu", "role": "manager", "scope": "Revenues & Benefits"}


def test_turning_staff_superuser_or_active_on_or_off_is_audited(council: Council):
    admin = User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    pat = council.pat

    def promote():
        pat.is_staff = True
        pat.is_active = False
        pat.save()

    during_a_request_by(admin, promote)
    during_a_request_by(admin, lambda: pat.save())  # nothing changed: nothing recorded

    entry = AuditEntry.objects.get(action="user_flags_change")
    assert entry.actor == admin
    assert entry.summary == "pat: is_active off, is_staff on"
    assert entry.data["changed"] == {"is_active": [True, False], "is_staff": [False, True]}


def test_changes_made_outside_the_site_such_as_loading_the_demo_are_not_audited(council):
    # The council fixture has just created five people and their roles from the command line.
    assert not AuditEntry.objects.exists()


def admin_user_form(user: User, roles: list[dict], **changes) -> dict:
    """What the admin's change page for `user` posts: its fields, then the roles inline."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "organisation": user.organisation_id,
        "job_title": user.job_title,
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "is_active": "on",
        "roles-TOTAL_FORMS": len(roles),
        "roles-INITIAL_FORMS": sum(1 for role in roles if "id" in role),
        "roles-MIN_NUM_FORMS": 0,
        "roles-MAX_NUM_FORMS": 1000,
    }
    for n, role in enumerate(roles):
        data |= {f"roles-{n}-{field}": value for field, value in role.items()}
        data[f"roles-{n}-user"] = user.pk
    return data | changes


def test_role_and_flag_changes_made_in_the_admin_are_audited(client, council: Council):
    admin = User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    olu = council.olu
    manager = olu.roles.get()
    client.force_login(admin)
    change_page = f"/admin/organisation/user/{olu.pk}/change/"

    response = client.post(
        change_page,
        admin_user_form(
            olu,
            [
                {"id": manager.pk, "role": "manager", "department": council.health_dept.pk},
                {"role": "ppb_member", "board": council.ppb.pk},
            ],
            is_staff="on",
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.post(
        change_page,
        admin_user_form(
            olu,
            [
                {
                    "id": manager.pk,
                    "role": "manager",
                    "department": council.health_dept.pk,
                    "DELETE": "on",
                },
                {
                    "id": olu.roles.get(role="ppb_member").pk,
                    "role": "ppb_member",
                    "board": council.ppb.pk,
                },
            ],  # fmt: skip
            is_staff="on",
        ),
    )

    entries = AuditEntry.objects.order_by("id")
    assert [(entry.action, entry.actor) for entry in entries] == [
        ("user_flags_change", admin),
        ("role_change", admin),
        ("role_assign", admin),
        ("role_remove", admin),
    ]
    assert entries[0].summary == "olu: is_staff on"
    assert entries[1].data["before"]["department_id"] == council.revenues_dept.pk
    assert entries[2].summary == "Role given: Olu Adeyemi: PPB member (Healthy Borough PPB)"
