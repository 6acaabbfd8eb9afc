"""The report builder and saved reports: a built report's URL opens the builder with every
choice as it was; bad choices are shown on the form; a saved report is re-opened by its
owner, the members of the boards it is shared with and the performance team, and by no one
else; saving, sharing and deleting each leave an audit entry."""

import re
from html import unescape

import pytest

from goldenthread.audit.models import AuditEntry
from goldenthread.organisation.models import User
from goldenthread.reporting.models import SavedReport
from goldenthread.reporting.services import saved_report_save

BUILT_QUERY = "period=2009-10-Q1&scope=council&set=LAA&exceptions=yes"
NINE_QUARTERS = [
    f"{year}-{(year + 1) % 100:02d}-Q{n}" for year in (2007, 2008) for n in (1, 2, 3, 4)
]
NINE_QUARTERS.append("2009-10-Q1")


def text(response) -> str:
    return unescape(response.content.decode())


def checked(html: str, name: str) -> set[str]:
    """The values of the ticked checkboxes or the chosen radio called ``name``."""
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    return {re.search(r'value="([^"]*)"', i)[1] for i in inputs if " checked" in i}


def selected(html: str, name: str) -> str:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    chosen = re.search(r'<option value="([^"]*)" selected>', select[1])
    return chosen[1] if chosen else ""


def build(client, **choices) -> object:
    return client.get("/reports/builder/", {"build": "yes", **choices})


# -- the builder, over the demo council ------------------------------------------------------


def test_the_builder_opens_at_the_latest_published_quarter(client, demo):
    client.force_login(User.objects.get(username="performance.officer"))
    html = text(client.get("/reports/builder/"))

    assert checked(html, "period") == {"2009-10-Q1"}
    assert checked(html, "scope") == {"council"}
    assert checked(html, "content") == {"pis", "milestones", "commentary"}
    assert checked(html, "depth") == {"detail"}
    assert "2007/08 Q1" in html  # every published quarter can be chosen
    assert "2008/09 H2" in html  # and half years


def test_a_built_report_goes_to_its_stable_url_and_back_to_the_builder(client, demo):
    client.force_login(User.objects.get(username="department.manager"))
    response = build(
        client,
        scope="department",
        department="ERS",
        period=["2009-10-Q1", "2008-09-Q4"],
        set=["NI", "key"],
        content=["pis"],
        status=["red", "amber"],
        depth="detail",
    )

    url = (
        "/reports/built/?period=2008-09-Q4&period=2009-10-Q1&scope=department&department=ERS"
        "&set=NI&set=key&content=pis&status=red&status=amber"
    )
    assert response.status_code == 302
    assert response["Location"] == url
    page = client.get(url)
    assert page.context["report"].periods[0].slug == "2008-09-Q4"
    builder_url = re.search(r'href="(/reports/builder/\?[^"]+)"', page.content.decode())[1]
    html = text(client.get(unescape(builder_url)))
    assert checked(html, "scope") == {"department"}
    assert selected(html, "department") == "ERS"
    assert checked(html, "period") == {"2008-09-Q4", "2009-10-Q1"}
    assert checked(html, "set") == {"NI", "key"}
    assert checked(html, "content") == {"pis"}
    assert checked(html, "status") == {"red", "amber"}
    assert checked(html, "exceptions") == set()
    assert checked(html, "depth") == {"detail"}


def test_every_missing_choice_is_listed_at_once(client, demo):
    client.force_login(User.objects.get(username="ppb.chair"))
    html = text(build(client, scope="board", depth="detail"))

    assert '<a href="#id_period">Choose at least one period</a>' in html
    assert '<a href="#id_board">Choose the board the report is for</a>' in html
    assert '<a href="#id_content">Choose at least one thing for the report to show</a>' in html


def test_a_standard_report_opens_in_the_builder_with_its_preset_choices(client, demo):
    client.force_login(User.objects.get(username="ppb.chair"))
    page = client.get("/reports/exceptions/?period=2009-10-Q1&scope=board&board=PPB-HEALTH")
    builder_url = re.search(r'href="(/reports/builder/\?[^"]+)"', page.content.decode())[1]
    html = text(client.get(unescape(builder_url)))

    assert checked(html, "scope") == {"board"}
    assert selected(html, "board") == "PPB-HEALTH"
    assert checked(html, "exceptions") == {"yes"}


@pytest.mark.parametrize(
    ("choices", "message", "field"),
    [
        (
            {"scope": "council", "content": "pis", "depth": "detail"},
            "Choose at least one period",
            "period",
        ),
        (
            {"scope": "department", "period": "2009-10-Q1", "content": "pis", "depth": "detail"},
            "Choose the department the report is for",
            "department",
        ),
        (
            {"scope": "council", "period": "2009-10-Q1", "depth": "detail"},
            "Choose at least one thing for the report to show",
            "content",
        ),
        (
            {
                "scope": "council",
                "period": NINE_QUARTERS,
                "content": "pis",
                "depth": "detail",
            },
            "choose at most 8 periods",
            "period",
        ),
    ],
)
def test_bad_choices_are_shown_on_the_builder(client, demo, choices, message, field):
    client.force_login(User.objects.get(username="ppb.chair"))
    response = build(client, **choices)
    html = text(response)

    assert response.status_code == 400
    assert "There is a problem" in html
    assert f'<a href="#id_{field}">' in html and message in html
    assert "<title>Error: Build a report" in html


# -- saving, sharing, re-opening: over the small council -------------------------------------


def save(client, name="Healthy Borough exceptions", query=BUILT_QUERY, boards=("PPB-HEALTH",)):
    return client.post("/reports/save/", {"name": name, "query": query, "boards": list(boards)})


def test_a_built_report_page_offers_to_save_it(client, council):
    client.force_login(council.dev)
    html = text(client.get(f"/reports/built/?{BUILT_QUERY}"))

    assert "Save this report" in html
    assert f'value="{BUILT_QUERY}"' in html.replace("&amp;", "&")
    assert "Healthy Borough PPB" in html  # a board to share it with


def test_a_saved_report_is_shared_with_a_board_and_reopened_by_its_members(client, council):
    client.force_login(council.dev)
    response = save(client)

    saved = SavedReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/saved/{saved.pk}/"
    assert saved.owner == council.dev
    assert [b.code for b in saved.shared_with.all()] == ["PPB-HEALTH"]
    entry = AuditEntry.objects.get(action="saved_report_create")
    assert entry.actor == council.dev and "PPB-HEALTH" in entry.summary
    assert "Healthy Borough exceptions" in text(client.get(response["Location"]))

    client.force_login(council.chen)  # on the Healthy Borough PPB
    listing = text(client.get("/reports/"))
    assert f'href="/reports/saved/{saved.pk}/"' in listing
    assert "saved by Dev Patel" in listing
    reopened = text(client.get(f"/reports/saved/{saved.pk}/"))
    assert "Healthy Borough exceptions" in reopened
    assert "Share or delete this report" not in reopened  # only its owner changes it


@pytest.mark.parametrize("name", ["olu", "pat"])
def test_no_one_else_sees_a_saved_report(client, council, name):
    client.force_login(council.dev)
    save(client)
    saved = SavedReport.objects.get()

    client.cookies.clear()  # a fresh browser: none of Dev's messages
    client.force_login(getattr(council, name))
    assert client.get(f"/reports/saved/{saved.pk}/").status_code == 404
    assert "Healthy Borough exceptions" not in text(client.get("/reports/"))
    assert client.post(f"/reports/saved/{saved.pk}/delete/").status_code == 404
    assert client.post(f"/reports/saved/{saved.pk}/share/", {"boards": []}).status_code == 404
    assert SavedReport.objects.filter(pk=saved.pk).exists()


def test_the_performance_team_sees_every_saved_report(client, council):
    saved = saved_report_save(acting_user=council.olu, name="Benefits", query=BUILT_QUERY)

    client.force_login(council.priya)
    assert client.get(f"/reports/saved/{saved.pk}/").status_code == 200
    listing = text(client.get("/reports/"))
    assert "Saved by others" in listing
    assert f'href="/reports/saved/{saved.pk}/">Benefits</a>' in listing


def test_saving_again_under_the_same_name_replaces_the_report(client, council):
    client.force_login(council.dev)
    save(client)
    save(client, query="period=2009-10-Q1&scope=council&set=NI", boards=())

    saved = SavedReport.objects.get()
    assert saved.query == "period=2009-10-Q1&scope=council&set=NI"
    assert not saved.shared_with.exists()
    assert AuditEntry.objects.filter(action="saved_report_update").count() == 1
    client.force_login(council.chen)
    assert client.get(f"/reports/saved/{saved.pk}/").status_code == 404


def test_the_owner_changes_who_a_report_is_shared_with(client, council):
    client.force_login(council.dev)
    save(client, boards=())
    saved = SavedReport.objects.get()
    client.force_login(council.chen)
    assert client.get(f"/reports/saved/{saved.pk}/").status_code == 404

    client.force_login(council.dev)
    page = text(client.get(f"/reports/saved/{saved.pk}/"))
    assert "Share or delete this report" in page
    client.post(f"/reports/saved/{saved.pk}/share/", {"boards": ["PPB-HEALTH"]})

    client.force_login(council.chen)
    assert client.get(f"/reports/saved/{saved.pk}/").status_code == 200
    entry = AuditEntry.objects.get(action="saved_report_share")
    assert entry.data == {"from": [], "to": ["PPB-HEALTH"]}


def test_the_owner_deletes_a_saved_report(client, council):
    client.force_login(council.dev)
    save(client)
    saved = SavedReport.objects.get()

    response = client.post(f"/reports/saved/{saved.pk}/delete/")

    assert response["Location"] == "/reports/"
    assert not SavedReport.objects.exists()
    assert AuditEntry.objects.filter(action="saved_report_delete", object_id=str(saved.pk))
    assert client.get(f"/reports/saved/{saved.pk}/").status_code == 404


def test_a_report_without_a_name_is_not_saved(client, council):
    client.force_login(council.dev)
    response = save(client, name="  ")

    assert response.status_code == 400
    assert "There is a problem" in text(response)
    assert "Enter a name for the report" in text(response)
    assert not SavedReport.objects.exists()


def test_a_report_that_cannot_be_drawn_is_not_saved(client, council):
    client.force_login(council.dev)
    response = save(client, query="period=2009-10-Q1&scope=department&department=NOPE")

    assert response.status_code == 400
    assert "NOPE" in text(response)
    assert not SavedReport.objects.exists()


def test_sharing_with_a_board_that_does_not_exist_changes_nothing(client, council):
    client.force_login(council.dev)
    save(client)
    saved = SavedReport.objects.get()

    response = client.post(f"/reports/saved/{saved.pk}/share/", {"boards": ["NO-SUCH-BOARD"]})

    assert "Choose the boards to share it with from the list" in text(
        client.get(response["Location"])
    )
    assert [b.code for b in saved.shared_with.all()] == ["PPB-HEALTH"]
    assert not AuditEntry.objects.filter(action="saved_report_share").exists()
