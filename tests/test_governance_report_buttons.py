"""Flag buttons on the report page: over the demo council, a PPB member opens the exception
report and each item has a button to flag it; nobody else sees one, and the PDF has none."""

from html import unescape

import pytest

from goldenthread.organisation.models import User

EXCEPTIONS = "/reports/exceptions/?period=2009-10-Q1&scope=board&board=PPB-CORP"
ERS_QMR = "/reports/qmr/?period=2009-10-Q1&department=ERS"


def page(client, username: str, url: str) -> str:
    client.force_login(User.objects.get(username=username))
    return unescape(client.get(url).content.decode())


def test_a_ppb_member_sees_a_flag_button_for_each_item_in_the_exception_report(client, demo):
    html = page(client, "ppb.member", EXCEPTIONS)
    assert html.count("for discussion</button>") >= 5
    # Flagged already in the demo: the row says which queue it is on.
    assert 'On the queue of <a class="govuk-link" href="/boards/PPB-CORP/queue/">' in html
    assert " (ASC LI 15)</span>" in html


@pytest.mark.parametrize("username", ["ppb.chair", "ppb.member"])
def test_ppb_members_and_chairs_see_flag_buttons_on_a_qmr_with_milestones(client, demo, username):
    html = page(client, username, ERS_QMR)
    assert "<button" in html
    assert "for discussion</button>" in html
    assert 'name="item" value="milestone"' in html


@pytest.mark.parametrize(
    "username",
    ["performance.officer", "strategic.director", "portfolio.holder", "executive.member"],
)
def test_nobody_else_sees_flag_buttons_on_a_report(client, demo, username):
    assert "for discussion</button>" not in page(client, username, ERS_QMR)


def test_a_flag_from_the_report_returns_to_it(client, demo):
    client.force_login(User.objects.get(username="ppb.member"))
    response = client.post(
        "/flags/new/",
        {
            "item": "indicator",
            "code": "BV 79a",
            "period": "2009-10-Q1",
            "from": EXCEPTIONS,
            "board": "PPB-CORP",
            "reason": "Why so low?",
        },
        follow=True,
    )
    assert response.redirect_chain == [(EXCEPTIONS, 302)]
    assert "BV 79a is on the Corporate Services Policy and Performance Board queue" in unescape(
        response.content.decode()
    )
