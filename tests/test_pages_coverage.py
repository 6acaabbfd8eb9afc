"""The golden thread coverage page: the review's Table 2, live, and where the thread breaks."""

from django.urls import reverse

from tests.pages_fixtures import Thread, grow, queries_for, thread_fixture  # noqa: F401


def coverage(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("coverage"))
    assert response.status_code == 200
    return response.content.decode()


def cells(html: str, row_heading: str) -> list[str]:
    row = html.split(row_heading)[1].split("</tr>")[0]
    return [cell.split(">")[-1] for cell in row.split("</td>")[:-1]]


def test_the_coverage_table_counts_each_priority_s_objectives_milestones_and_indicators(
    client, thread: Thread
):
    html = coverage(client, thread.council.priya)

    assert '<h1 class="govuk-heading-xl">Golden thread coverage</h1>' in html
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    # Healthy Borough: EH 1 and EH 2, EH 1's two milestones; NI 123 and EH LI 1.
    assert cells(html, "A Healthy Borough</a></th>") == ["4", "2", "6"]
    # Business efficiency: RB 1 (EH 2 counts under its primary only); BV 9.
    assert cells(html, "Corporate Effectiveness &amp; Business Efficiency</a></th>") == [
        "1",
        "1",
        "2",
    ]
    assert cells(html, '<th scope="row" class="govuk-table__header">Total</th>') == ["5", "3", "8"]


def test_the_coverage_page_lists_unlinked_and_multi_linked_objectives(client, thread: Thread):
    html = coverage(client, thread.council.priya)

    unlinked = html.split('id="unlinked"')[1].split('id="multi-linked"')[0]
    multi = html.split('id="multi-linked"')[1].split('id="unlinked-indicators"')[0]
    assert reverse("objective", args=["EH 3"]) in unlinked
    assert reverse("objective", args=["EH 2"]) in multi
    assert "A Healthy Borough, Corporate Effectiveness &amp; Business Efficiency" in multi
    assert reverse("objective", args=["EH 1"]) not in unlinked + multi


def test_the_coverage_page_counts_indicators_linked_to_no_priority(client, thread: Thread):
    html = coverage(client, thread.council.priya)

    assert f'href="{reverse("indicators")}?priority=none">1 indicator</a> is linked' in html


def test_a_council_whose_thread_is_whole_is_told_so(client, thread: Thread):
    thread.orphan.delete()
    thread.unlinked.delete()
    thread.food.links.filter(is_primary=False).delete()

    html = coverage(client, thread.council.priya)

    assert "Every objective is linked to a priority." in html
    assert "No objective is linked to more than one priority." in html
    assert "Every indicator is linked to a priority." in html


def test_the_coverage_page_makes_the_same_number_of_queries_with_more_data(client, thread: Thread):
    client.force_login(thread.council.priya)
    few = queries_for(client, reverse("coverage"))

    grow(thread, 4)

    assert queries_for(client, reverse("coverage")) == few
