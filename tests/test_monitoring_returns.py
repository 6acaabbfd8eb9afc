"""Each department's return for a round: what is due, how far it has got, who is late, and how
long after the quarter's end its figures were published."""

import datetime
from decimal import Decimal as D

import pytest

from goldenthread.indicators.models import Actual, Frequency, Indicator
from goldenthread.monitoring.models import ChangeHow, CollectionRound, ItemChange, ItemType
from goldenthread.monitoring.selectors import (
    items_to_enter,
    round_progress,
    round_returns,
    round_timeliness,
)
from goldenthread.monitoring.services import (
    actual_publish,
    actual_save,
    actual_submit,
    actual_validate,
    milestone_progress_save,
    round_open,
)
from goldenthread.planning.models import Milestone, MilestoneUpdate
from goldenthread.planning.periods import Period
from tests.monitoring_fixtures import Q1, Q2, collection_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
DEADLINE = datetime.date(2009, 10, 23)


@pytest.fixture
def q2_round(council):
    return round_open(acting_user=council.priya, quarter=Q2, deadline=DEADLINE)


def by_department(returns):
    return {r.department.code: r for r in returns}


def test_quarterly_and_monthly_indicators_are_due_every_quarter_annual_ones_in_q4(
    council, collection, q2_round
):
    Indicator.objects.create(
        code="EH LI 9",
        title="Annual survey",
        frequency=Frequency.ANNUAL,
        department=council.health_dept,
    )
    Indicator.objects.create(
        code="EH LI 10",
        title="Monthly count",
        frequency=Frequency.MONTHLY,
        department=council.health_dept,
    )
    eh = by_department(round_returns(q2_round))["EH"]
    assert sorted((i.code, str(i.period)) for i in eh.items) == [
        ("EH 1.1", "2009/10 Q2"),
        ("EH LI 1", "2009/10 Q2"),
        ("EH LI 10", "2009/10 Q2"),
        ("NI 123", "2009/10 Q2"),
    ]
    q4 = CollectionRound.objects.create(
        quarter=Period.parse("2009/10 Q4"), deadline=datetime.date(2010, 4, 30)
    )
    eh_q4 = by_department(round_returns(q4))["EH"]
    assert ("EH LI 9", "2009/10") in {(i.code, str(i.period)) for i in eh_q4.items}


def test_a_biennial_indicator_is_due_only_when_last_year_has_no_figure(council, q2_round):
    biennial = Indicator.objects.create(
        code="EH LI 20",
        title="Every other year",
        frequency=Frequency.BIENNIAL,
        department=council.health_dept,
    )
    q4 = CollectionRound.objects.create(
        quarter=Period.parse("2009/10 Q4"), deadline=datetime.date(2010, 4, 30)
    )
    assert "EH LI 20" in {i.code for i in by_department(round_returns(q4))["EH"].items}
    Actual.objects.create(indicator=biennial, period="2008/09", value=D(3))
    assert "EH LI 20" not in {i.code for r in round_returns(q4) for i in r.items}


def test_a_milestone_completed_in_an_earlier_quarter_is_no_longer_due(
    council, collection, q2_round
):
    MilestoneUpdate.objects.create(milestone=collection.milestone, period=Q1, progress="complete")
    assert "EH 1.1" not in {i.code for i in by_department(round_returns(q2_round))["EH"].items}


def test_each_departments_return_counts_items_by_how_far_they_have_got(
    council, collection, q2_round
):
    smoking = actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49"
    )
    actual_submit(acting_user=council.dev, actual=smoking)
    actual_validate(acting_user=council.priya, actual=smoking)
    actual_publish(acting_user=council.priya, actuals=[smoking])
    actual_save(
        acting_user=council.dev,
        indicator=collection.inspections,
        period=Q2,
        value="250",
        explanation="Catch-up programme",
    )
    eh = by_department(round_returns(q2_round))["EH"]
    assert (eh.due, eh.entered, eh.submitted, eh.validated, eh.published) == (3, 2, 1, 1, 1)
    rb = by_department(round_returns(q2_round))["RB"]
    assert (rb.due, rb.entered) == (2, 0)


def test_no_one_is_late_before_the_deadline_and_after_it_the_owners_of_unsubmitted_items_are(
    council, collection, q2_round
):
    collection.smoking.responsible_officer = council.dev
    collection.smoking.save()
    collection.benefits.responsible_officer = council.olu
    collection.benefits.save()
    smoking = actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49"
    )
    assert round_progress(q2_round, as_of=DEADLINE).late() == []

    late = round_progress(q2_round, as_of=DEADLINE + datetime.timedelta(days=1)).late()
    assert [
        (p.department.code, p.person and p.person.username, [i.code for i in p.items]) for p in late
    ] == [
        ("EH", "dev", ["NI 123"]),
        ("EH", None, ["EH LI 1", "EH 1.1"]),
        ("RB", "olu", ["NI 181"]),
        ("RB", None, ["RB 1.1"]),
    ]
    actual_submit(acting_user=council.dev, actual=smoking)
    late = round_progress(q2_round, as_of=DEADLINE + datetime.timedelta(days=1)).late()
    assert "dev" not in {p.person and p.person.username for p in late}


def test_timeliness_is_days_from_quarter_end_to_first_publication(council, collection, q2_round):
    actuals = []
    for indicator, value in ((collection.smoking, "49"), (collection.benefits, "18")):
        user = council.dev if indicator == collection.smoking else council.olu
        actual = actual_save(acting_user=user, indicator=indicator, period=Q2, value=value)
        actual_submit(acting_user=user, actual=actual)
        actual_validate(acting_user=council.priya, actual=actual)
        actuals.append(actual)
    actual_publish(acting_user=council.priya, actuals=actuals)
    published = ItemChange.objects.filter(field="state", new_value="published")
    # As if published 20 and 30 days after the quarter ended (30 September 2009).
    for change, days in zip(published.order_by("item_id"), (20, 30), strict=True):
        change.at = datetime.datetime(2009, 9, 30, 12, tzinfo=datetime.UTC) + datetime.timedelta(
            days=days
        )
        change.save()

    timeliness = round_timeliness(q2_round)
    assert (timeliness.published, timeliness.due) == (2, 5)
    assert (timeliness.median_days, timeliness.last_days) == (25, 30)
    assert not timeliness.complete


def test_dev_sees_his_own_items_in_the_round(council, collection, q2_round):
    codes = {i.code for i in items_to_enter(council.dev, q2_round)}
    assert codes == {"NI 123", "EH LI 1", "EH 1.1"}
    assert {i.code for i in items_to_enter(council.chen, q2_round)} == set()


def grow(council, count):
    objective = Milestone.objects.first().objective
    for n in range(count):
        department = council.health_dept if n % 2 else council.revenues_dept
        indicator = Indicator.objects.create(
            code=f"GROW {n}", title="More", department=department, responsible_officer=council.dev
        )
        Actual.objects.create(indicator=indicator, period=Q2, value=D(n))
        milestone = Milestone.objects.create(
            objective=objective, code=f"GROW M{n}", title="More", due=Q2, owner=council.olu
        )
        MilestoneUpdate.objects.create(milestone=milestone, period=Q2, progress="on_track")


def test_progress_and_timeliness_take_the_same_queries_for_few_items_and_many(
    council, collection, q2_round, django_assert_max_num_queries
):
    grow(council, 2)
    with django_assert_max_num_queries(8):
        round_progress(q2_round, as_of=DEADLINE).late()
    with django_assert_max_num_queries(8):
        round_timeliness(q2_round)
    Indicator.objects.filter(code__startswith="GROW").delete()
    Milestone.objects.filter(code__startswith="GROW").delete()
    grow(council, 60)
    with django_assert_max_num_queries(8):
        progress = round_progress(q2_round, as_of=DEADLINE + datetime.timedelta(days=1))
        progress.late()
    assert sum(r.due for r in progress.returns) == 5 + 120
    with django_assert_max_num_queries(8):
        round_timeliness(q2_round)


def test_history_records_how_an_entry_was_made(council, collection, q2_round):
    update = milestone_progress_save(
        acting_user=council.dev,
        milestone=collection.milestone,
        period=Q2,
        progress="on_track",
        how=ChangeHow.UPLOAD,
    )
    assert set(
        ItemChange.objects.of_item(ItemType.MILESTONE_UPDATE, update.pk).values_list(
            "how", flat=True
        )
    ) == {"upload"}
    assert Period.parse("2009/10 Q2") == q2_round.quarter
