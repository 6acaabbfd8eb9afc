"""The plans: the golden thread as pages, walked down from priorities and departments and up
from objectives."""

from django.urls import reverse

from tests.pages_fixtures import Thread, grow, queries_for, thread_fixture  # noqa: F401


def page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def breadcrumbs(html: str) -> str:
    return html.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]


def test_the_plans_page_lists_priorities_with_key_objectives_and_areas_of_focus(
    client, thread: Thread
):
    html = page(client, thread.council.chen, reverse("plans"))

    assert '<h1 class="govuk-heading-xl">Plans</h1>' in html
    assert reverse("priority", args=["HEALTH"]) in html
    assert "Key objective A: Improve health" in html
    assert reverse("area_of_focus", args=[1]) in html


def test_the_plans_page_lists_departments_by_directorate_with_their_service_plans(
    client, thread: Thread
):
    html = page(client, thread.council.chen, reverse("plans"))

    assert "Health &amp; Community" in html
    assert reverse("department", args=["EH"]) in html
    assert reverse("plan", args=["SP-EH"]) in html
    assert reverse("plan", args=["CP"]) in html  # council-wide plans
    assert reverse("plan", args=["DIV-EH"]) not in html  # only service plans here


def test_a_priority_page_walks_down_to_objectives_milestones_and_indicators(client, thread: Thread):
    html = page(client, thread.council.chen, reverse("priority", args=["HEALTH"]))

    assert '<h1 class="govuk-heading-xl">A Healthy Borough</h1>' in html
    assert "Healthy Borough PPB" in html
    assert "Health and Adults" in html  # its portfolio
    area_1 = html.split("Area of focus 1</a>: Reducing smoking</h3>")[1]
    assert reverse("objective", args=["EH 1"]) in area_1.split("</ul>")[0]
    assert "EH 1.1 Open three quit clinics" in html
    assert "812.3 rate per 100,000</span> in 2008/09 Q1" in html  # the latest published
    assert "790.4" not in html  # Q2's figure is only submitted: not for a councillor's eyes
    assert "Linked to the priority with no area of focus" in html
    assert reverse("objective", args=["EH 2"]) in html
    assert reverse("objective", args=["RB 1"]) not in html  # another priority's


def test_a_priority_page_lists_its_indicators_primary_first(client, thread: Thread):
    html = page(client, thread.council.chen, reverse("priority", args=["CORP"]))

    table = html.split("Indicators linked to this priority, primary first")[1]
    assert table.index("BV 9") < table.index("EH LI 1")  # EH LI 1 is linked second
    assert table.count(">Primary<") == 1


def test_an_area_of_focus_page_shows_its_objectives_and_leads_back_to_its_priority(
    client, thread: Thread
):
    html = page(client, thread.council.chen, reverse("area_of_focus", args=[1]))

    assert '<h1 class="govuk-heading-xl">Reducing smoking</h1>' in html
    assert reverse("priority", args=["HEALTH"]) in breadcrumbs(html)
    assert reverse("objective", args=["EH 1"]) in html
    assert reverse("objective", args=["EH 2"]) not in html


def test_a_department_page_shows_its_service_plan_objectives_and_indicators(client, thread: Thread):
    html = page(client, thread.council.dev, reverse("department", args=["EH"]))

    assert '<h1 class="govuk-heading-xl">Environmental Health</h1>' in html
    assert reverse("plan", args=["SP-EH"]) in html
    assert reverse("plan", args=["DIV-EH"]) in html  # other plans
    assert reverse("objective", args=["EH 3"]) in html
    assert "Not linked" in html  # EH 3 serves no priority
    assert "812.3" not in html and "790.4 rate per 100,000" in html  # latest, not the first
    other = page(client, thread.council.olu, reverse("department", args=["EH"]))
    assert "790.4" not in other and "812.3 rate per 100,000" in other  # published only


def test_a_plan_page_shows_its_parent_children_objectives_and_breadcrumbs(client, thread: Thread):
    html = page(client, thread.council.dev, reverse("plan", args=["SP-EH"]))

    assert '<h1 class="govuk-heading-xl">Environmental Health Service Plan</h1>' in html
    assert "Service plan 2008–11" in html
    assert reverse("plan", args=["CP"]) in breadcrumbs(html)
    assert reverse("plan", args=["DIV-EH"]) in html
    assert "2008/09 to 2010/11" in html
    assert reverse("objective", args=["EH 1"]) in html
    assert ">Primary<" in html


def test_a_personal_plan_page_shows_its_tasks_and_the_whole_chain_above_it(client, thread: Thread):
    html = page(client, thread.council.dev, reverse("plan", args=["EDR-DEV"]))

    crumbs = breadcrumbs(html)
    for code in ("CP", "SP-EH", "DIV-EH"):
        assert reverse("plan", args=[code]) in crumbs
    assert crumbs.index("SP-EH") < crumbs.index("DIV-EH")
    assert "Train two advisers" in html
    assert reverse("objective", args=["EH 1"]) in html


def test_an_objective_page_links_up_to_its_priorities_with_the_primary_marked(
    client, thread: Thread
):
    html = page(client, thread.council.dev, reverse("objective", args=["EH 2"]))

    assert "Objective EH 2" in html
    up = html.split("Up the thread")[1].split("Down the thread")[0]
    assert up.index("A Healthy Borough") < up.index("Corporate Effectiveness")
    assert up.count(">Primary<") == 1
    assert "Secondary" in up
    assert reverse("plan", args=["SP-EH"]) in breadcrumbs(html)


def test_an_objective_page_links_down_to_milestones_indicators_and_tasks(client, thread: Thread):
    html = page(client, thread.council.dev, reverse("objective", args=["EH 1"]))

    down = html.split("Down the thread")[1]
    assert "EH 1.1 Open three quit clinics" in down
    assert "At risk" in down and "One site delayed" in down
    assert "EH 1.2 Schools campaign" in down
    assert reverse("indicator", args=["NI 123"]) in down
    assert "Book clinic venues" in down and reverse("plan", args=["DIV-EH"]) in down
    assert "Train two advisers" in down and reverse("plan", args=["EDR-DEV"]) in down


def test_an_objective_linked_to_nothing_warns_that_the_thread_is_broken(client, thread: Thread):
    html = page(client, thread.council.dev, reverse("objective", args=["EH 3"]))

    assert "This objective is linked to no priority" in html


def test_codes_with_spaces_make_working_links(client, thread: Thread):
    assert reverse("objective", args=["EH 1"]) == "/objectives/EH%201/"

    html = page(client, thread.council.dev, "/objectives/EH%201/")

    assert "Reduce smoking in the borough" in html


def test_a_priority_page_makes_the_same_number_of_queries_with_more_data(client, thread: Thread):
    client.force_login(thread.council.chen)
    url = reverse("priority", args=["HEALTH"])
    few = queries_for(client, url)

    grow(thread, 4)

    assert queries_for(client, url) == few


def test_the_other_plan_pages_make_the_same_number_of_queries_with_more_data(
    client, thread: Thread
):
    client.force_login(thread.council.dev)
    urls = [
        reverse("plans"),
        reverse("area_of_focus", args=[1]),
        reverse("department", args=["EH"]),
        reverse("plan", args=["CP"]),
        reverse("objective", args=["EH 1"]),
    ]
    few = {url: queries_for(client, url) for url in urls}

    grow(thread, 4)
    many = {url: queries_for(client, url) for url in urls}

    assert many == few
