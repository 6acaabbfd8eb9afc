"""Each demo sign-in lands on a home page made for its audience (issue 2, "Done when")."""

import pytest

from goldenthread.demo.content import LOGINS

PASSWORD = "golden-thread-demo"

# What each audience's home shows that no other audience's does.
MADE_FOR = {
    "performance.officer": ["Collection progress, 2009/10 Q2", "Thread integrity"],
    "department.manager": ["Your returns for 2009/10 Q2", "still to enter or submit"],
    "operational.director": ["Exceptions first", "Indicators significantly under or over"],
    "strategic.director": ["Environment directorate"],
    "management.team": ["The organisation: every service plan"],
    "portfolio.holder": ["Health &amp; Adults portfolio"],
    "executive.member": ["Corporate Services portfolio", "Performance by priority"],
    "ppb.chair": ["Healthy Borough Policy and Performance Board"],
    "ppb.member": ["Corporate Services Policy and Performance Board"],
    "partner.officer": ["LAA indicators led by Demo Borough Primary Care Trust"],
    "regulator": ["The National Indicator dataset"],
}


def test_every_audience_in_the_demo_has_a_home_made_for_it():
    assert {row.username for row in LOGINS} == set(MADE_FOR)


@pytest.mark.parametrize("username", list(MADE_FOR))
def test_signing_in_lands_on_the_home_made_for_that_audience(demo, client, username):
    response = client.post("/sign-in/", {"username": username, "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == "/home/"
    html = response.content.decode()
    for words in MADE_FOR[username]:
        assert words in html
    others = {w for name, words in MADE_FOR.items() if name != username for w in words}
    assert [words for words in sorted(others) if words in html] == []


def test_the_demo_manager_can_open_the_return_being_collected(demo, client):
    client.post("/sign-in/", {"username": "department.manager", "password": PASSWORD})
    response = client.get("/returns/ERS/2009-10-Q2/")
    assert response.status_code == 200
    assert "Return for 2009/10 Q2" in response.content.decode()


def test_the_executive_members_home_opens_at_their_portfolio(demo, client):
    response = client.post(
        "/sign-in/", {"username": "executive.member", "password": PASSWORD}, follow=True
    )

    html = response.content.decode()
    assert html.index("Corporate Services portfolio") < html.index("Performance by priority")
