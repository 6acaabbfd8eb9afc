"""The golden-thread integrity page: the performance team's list of every broken or tangled
link, each item linked to its page, with what to do about it."""

import pytest
from django.urls import reverse

from tests.pages_fixtures import Thread, grow, queries_for, thread_fixture  # noqa: F401


def integrity(client, user, query: str = "") -> str:
    client.force_login(user)
    response = client.get(reverse("integrity") + query)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, key: str) -> str:
    return html.split(f'id="{key}"')[1].split("</section>")[0]


@pytest.mark.parametrize("name", ["dev", "olu", "chen", "pat"])
def test_only_the_performance_team_sees_the_integrity_page(client, thread: Thread, name: str):
    client.force_login(getattr(thread.council, name))

    assert client.get(reverse("integrity")).status_code == 404


def test_signed_out_it_asks_you_to_sign_in(client, thread: Thread):
    response = client.get(reverse("integrity"))

    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_each_finding_lists_its_items_linked_to_their_pages_with_advice(client, thread: Thread):
    html = integrity(client, thread.council.priya)

    assert "Golden-thread integrity, 2008/09</h1>" in html
    unlinked = section(html, "objectives_unlinked")
    assert "Objectives linked to no priority (1)" in unlinked
    assert "Link each objective to the priority it serves, or drop it." in unlinked
    assert (
        f'<a class="govuk-link" href="{reverse("objective", args=["EH 3"])}">EH 3</a>' in unlinked
    )
    assert "Environmental Health Service Plan" in unlinked  # where it is
    no_priority = section(html, "indicators_without_priority")
    assert f'href="{reverse("indicator", args=["RB LI 2"])}">RB LI 2</a>' in no_priority
    orphans = section(html, "plans_without_parent")
    assert f'href="{reverse("plan", args=["CP"])}">CP</a>' in orphans


def test_the_summary_counts_every_finding_and_links_to_those_with_items(client, thread: Thread):
    html = integrity(client, thread.council.priya)

    summary = html.split("<caption")[1].split("</table>")[0]
    assert (
        '<a class="govuk-link" href="#objectives_multi_linked">Objectives linked to '
        "several priorities</a>" in summary
    )
    assert "Indicators with no target for 2008/09" in summary


def test_another_year_can_be_checked(client, thread: Thread):
    html = integrity(client, thread.council.priya, "?year=2007-08")

    assert "Golden-thread integrity, 2007/08</h1>" in html
    assert '<option value="2007-08" selected>2007/08</option>' in html
    no_target = section(html, "indicators_without_target")
    assert "NI 123" in no_target  # its targets are all for 2008/09


def test_a_year_that_is_not_a_year_falls_back_to_the_current_one(client, thread: Thread):
    html = integrity(client, thread.council.priya, "?year=2008/09 Q1")

    assert "Golden-thread integrity, 2008/09</h1>" in html


def test_the_page_makes_the_same_number_of_queries_with_more_data(client, thread: Thread):
    client.force_login(thread.council.priya)
    few = queries_for(client, reverse("integrity"))

    grow(thread, 3)

    assert queries_for(client, reverse("integrity")) == few


def test_the_performance_officer_s_home_links_to_it(client, thread: Thread):
    client.force_login(thread.council.priya)
    html = client.get(reverse("home")).content.decode()

    assert f'<a class="govuk-link" href="{reverse("integrity")}">Check the golden thread' in html
