"""Status is history: a published period keeps the rating it was given until a performance
officer recalculates on purpose, and the audit trail records that."""

from decimal import Decimal as D

import pytest

from goldenthread.audit.models import AuditEntry
from goldenthread.indicators.models import Actual, Indicator, Target
from goldenthread.performance.models import RatingSettings, StatusRecord
from goldenthread.performance.selectors import period_assessments
from goldenthread.performance.services import (
    rating_settings_update,
    statuses_recalculate,
    statuses_record_published,
)
from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState

Q1 = Period.parse("2008/09 Q1")
Q2 = Period.parse("2008/09 Q2")


@pytest.fixture
def smoking(council):
    indicator = Indicator.objects.create(
        code="NI 123", title="Stopping smoking", department=council.health_dept
    )
    Target.objects.create(indicator=indicator, period=Q1, value=D(100))
    Actual.objects.create(
        indicator=indicator, period=Q1, value=D(93), state=WorkflowState.PUBLISHED
    )
    return indicator


def current_status(indicator, period=Q1):
    [result] = period_assessments(
        Indicator.objects.filter(pk=indicator.pk),
        period,
        council=RatingSettings.current().council_rules(),
    )
    return result


def test_publishing_stores_the_status_with_the_rule_and_thresholds(council, smoking):
    counts = statuses_record_published(acting_user=council.priya)

    record = StatusRecord.objects.get(indicator=smoking, period=Q1)
    assert counts.created == 1
    assert record.status == "red"  # 7% short with a 5% band
    assert record.rule == "tolerance_band"
    assert record.thresholds["tolerance"] == "5"
    assert record.explanation == (
        "93 is 7% below the target of 100; the amber band is 5%, so this is red."
    )


def test_changing_a_threshold_does_not_recolour_published_history(council, smoking):
    statuses_record_published(acting_user=council.priya)
    rating_settings_update(acting_user=council.priya, tolerance=D(10))

    assert current_status(smoking).status == "red"
    assert StatusRecord.objects.get(indicator=smoking).status == "red"


def test_recalculating_on_purpose_recolours_and_is_audited(council, smoking):
    statuses_record_published(acting_user=council.priya)
    rating_settings_update(acting_user=council.priya, tolerance=D(10))

    counts = statuses_recalculate(acting_user=council.priya)

    assert counts.changed_status == 1
    assert current_status(smoking).status == "amber"
    entry = AuditEntry.objects.filter(action="statuses_recalculate").get()
    assert entry.actor == council.priya
    assert "1 changed status" in entry.summary
    assert entry.data["changed"] == ["NI 123 2008/09 Q1: red → amber"]


def test_settings_changes_are_audited_with_before_and_after(council):
    rating_settings_update(acting_user=council.priya, tolerance=D(7), spc_enabled=True)
    entry = AuditEntry.objects.get(action="rating_settings_update")
    assert entry.data["changed"]["tolerance"] == ["5", "7"]
    assert entry.data["changed"]["spc_enabled"] == ["False", "True"]


def test_recording_again_leaves_unchanged_figures_alone(council, smoking):
    statuses_record_published(acting_user=council.priya)
    again = statuses_record_published(acting_user=council.priya)
    assert (again.created, again.updated) == (0, 0)


def test_a_revised_published_figure_is_rated_afresh(council, smoking):
    statuses_record_published(acting_user=council.priya)
    Actual.objects.filter(indicator=smoking).update(value=D(99))
    assert current_status(smoking).record is None  # the stored rating no longer applies
    counts = statuses_record_published(acting_user=council.priya)
    assert counts.updated == 1
    assert StatusRecord.objects.get(indicator=smoking).status == "amber"


def test_validated_figures_are_rated_live_and_not_stored(council, smoking):
    Target.objects.create(indicator=smoking, period=Q2, value=D(100))
    Actual.objects.create(indicator=smoking, period=Q2, value=D(120), state=WorkflowState.VALIDATED)
    statuses_record_published(acting_user=council.priya)
    result = current_status(smoking, Q2)
    assert (result.status, result.exception, result.record) == ("green", "over", None)
    assert not StatusRecord.objects.filter(period=Q2).exists()


def test_rating_many_indicators_takes_the_same_number_of_queries_as_one(
    council, smoking, django_assert_num_queries
):
    rules = RatingSettings.current().council_rules()
    with django_assert_num_queries(4):
        period_assessments(Indicator.objects.all(), Q1, council=rules)
    for n in range(30):
        indicator = Indicator.objects.create(code=f"LI {n}", title="x")
        Target.objects.create(indicator=indicator, period=Q1, value=D(10))
        Actual.objects.create(
            indicator=indicator, period=Q1, value=D(n), state=WorkflowState.PUBLISHED
        )
    with django_assert_num_queries(4):
        results = period_assessments(Indicator.objects.all(), Q1, council=rules)
    assert len(results) == 31
