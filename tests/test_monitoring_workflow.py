"""A figure's way from a manager's entry to publication: draft → submitted → validated →
published, each step by the people allowed it, every change in the item's history."""

import datetime
from decimal import Decimal as D

import pytest
from django.http import Http404

from goldenthread import access
from goldenthread.audit.models import AuditEntry
from goldenthread.indicators.models import Actual
from goldenthread.monitoring.models import ActualRevision, ChangeHow, ItemChange, ItemType
from goldenthread.monitoring.services import (
    EntryRefused,
    MonitoringError,
    StaleEdit,
    TransitionRefused,
    actual_correct,
    actual_publish,
    actual_return,
    actual_save,
    actual_submit,
    actual_validate,
    milestone_progress_publish,
    milestone_progress_save,
    milestone_progress_submit,
    milestone_progress_validate,
    narrative_save,
    narrative_submit,
    round_open,
)
from goldenthread.performance.models import StatusRecord
from tests.conftest import make_user
from tests.monitoring_fixtures import Q2, collection_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def history(item, item_type=ItemType.ACTUAL):
    return [
        (c.field, c.old_value, c.new_value, c.actor.username, c.how)
        for c in ItemChange.objects.of_item(item_type, item.pk)
    ]


def published_figure(council, collection, value="52"):
    actual = actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value=value
    )
    actual_submit(acting_user=council.dev, actual=actual)
    actual_validate(acting_user=council.priya, actual=actual)
    [actual] = actual_publish(acting_user=council.priya, actuals=[actual])
    return actual


def test_dev_enters_a_draft_and_its_history_records_each_field(council, collection):
    actual = actual_save(
        acting_user=council.dev,
        indicator=collection.smoking,
        period=Q2,
        numerator="26",
        denominator="50",
        commentary="Steady",
    )
    assert (actual.value, actual.state, actual.version) == (D(52), "draft", 1)
    assert history(actual) == [
        ("value", "", "52", "dev", "form"),
        ("numerator", "", "26", "dev", "form"),
        ("denominator", "", "50", "dev", "form"),
        ("commentary", "", "Steady", "dev", "form"),
        ("state", "", "draft", "dev", "form"),
    ]
    assert AuditEntry.objects.filter(action="actual_save", object_id=str(actual.pk)).exists()


def test_a_figure_goes_from_draft_to_published_and_every_state_change_is_in_its_history(
    council, collection
):
    actual = published_figure(council, collection)

    assert actual.state == "published"
    states = [
        (c.old_value, c.new_value, c.actor.username)
        for c in ItemChange.objects.of_actual(actual).state_changes()
    ]
    assert states == [
        ("", "draft", "dev"),
        ("draft", "submitted", "dev"),
        ("submitted", "validated", "priya"),
        ("validated", "published", "priya"),
    ]
    assert StatusRecord.objects.get(indicator=collection.smoking, period=Q2).status == "green"


def test_a_second_save_changes_only_what_changed_and_bumps_the_version(council, collection):
    actual = actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49"
    )
    actual = actual_save(
        acting_user=council.dev,
        indicator=collection.smoking,
        period=Q2,
        value="49.5",
        expected_version=1,
        how=ChangeHow.API,
    )
    assert actual.version == 2
    assert history(actual)[-1] == ("value", "49", "49.5", "dev", "api")


def test_a_figure_cannot_skip_validation_or_be_edited_once_submitted(council, collection):
    actual = actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49"
    )
    with pytest.raises(TransitionRefused, match="is draft, so it cannot be published"):
        actual_publish(acting_user=council.priya, actuals=[actual])
    actual_submit(acting_user=council.dev, actual=actual)
    with pytest.raises(TransitionRefused, match="is submitted, so it cannot be edited"):
        actual_save(
            acting_user=council.dev,
            indicator=collection.smoking,
            period=Q2,
            value="50",
            expected_version=2,
        )
    with pytest.raises(TransitionRefused, match="cannot be submitted"):
        actual_submit(acting_user=council.dev, actual=actual)


def test_only_the_performance_team_validates_publishes_and_corrects(council, collection):
    actual = actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49"
    )
    actual_submit(acting_user=council.dev, actual=actual)
    with pytest.raises(Http404):
        actual_validate(acting_user=council.dev, actual=actual)
    with pytest.raises(Http404):
        actual_publish(acting_user=council.dev, actuals=[actual])
    assert Actual.objects.get(pk=actual.pk).state == "submitted"


def test_olu_cannot_enter_or_submit_environmental_healths_figures(council, collection):
    with pytest.raises(Http404):
        actual_save(acting_user=council.olu, indicator=collection.smoking, period=Q2, value="49")
    actual = actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49"
    )
    with pytest.raises(Http404):
        actual_submit(acting_user=council.olu, actual=actual)
    olus = actual_save(
        acting_user=council.olu, indicator=collection.benefits, period=Q2, value="18"
    )
    assert olus.state == "draft"


def test_the_responsible_officer_and_collator_may_enter_without_a_department_role(
    council, collection
):
    collection.benefits.collator = council.chen
    collection.benefits.save()
    assert list(access.enterable_indicators(council.chen)) == [collection.benefits]
    actual_save(acting_user=council.chen, indicator=collection.benefits, period=Q2, value="18")


def test_drafts_are_seen_by_their_department_and_the_performance_team_only(council, collection):
    draft = actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49"
    )
    assert access.access_actual(council.dev, draft.pk) == draft
    assert access.access_actual(council.priya, draft.pk) == draft
    for outsider in (council.olu, council.chen, council.pat):
        with pytest.raises(Http404):
            access.access_actual(outsider, draft.pk)
    q1 = Actual.objects.get(indicator=collection.smoking, period="2009/10 Q1")
    assert access.access_actual(council.chen, q1.pk) == q1  # published: every councillor
    with pytest.raises(Http404):  # a partner only through a data sharing protocol
        access.access_actual(council.pat, q1.pk)


def test_validated_figures_reach_the_management_team_but_not_other_departments(council, collection):
    actual = actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49"
    )
    actual_submit(acting_user=council.dev, actual=actual)
    actual_validate(acting_user=council.priya, actual=actual)
    mo = make_user("mo", "Mo", "Farah", council.council, management_team=None)
    assert access.access_actual(mo, actual.pk) == actual
    assert access.access_actual(council.dev, actual.pk) == actual  # their department's
    for outsider in (council.olu, council.chen, council.pat):
        with pytest.raises(Http404):
            access.access_actual(outsider, actual.pk)


def test_priya_returns_a_figure_with_a_note_and_it_is_a_draft_again(council, collection):
    actual = actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49"
    )
    actual_submit(acting_user=council.dev, actual=actual)
    with pytest.raises(MonitoringError, match="Say why"):
        actual_return(acting_user=council.priya, actual=actual, note=" ")
    actual = actual_return(acting_user=council.priya, actual=actual, note="Q1 denominator used")
    assert actual.state == "draft"
    last = ItemChange.objects.of_actual(actual).last()
    assert (last.old_value, last.new_value, last.note) == (
        "submitted",
        "draft",
        "Q1 denominator used",
    )


def test_bad_input_leaves_the_database_unchanged(council, collection):
    before = (Actual.objects.count(), ItemChange.objects.count(), AuditEntry.objects.count())
    for value in ("forty", "101", "48.25", ""):
        with pytest.raises(EntryRefused):
            actual_save(
                acting_user=council.dev, indicator=collection.smoking, period=Q2, value=value
            )
    with pytest.raises(EntryRefused, match="red"):
        actual_save(acting_user=council.dev, indicator=collection.smoking, period=Q2, value="30")
    assert (
        Actual.objects.count(),
        ItemChange.objects.count(),
        AuditEntry.objects.count(),
    ) == before


def test_an_unexplained_warning_refuses_the_entry_and_an_explained_one_keeps_the_reason(
    council, collection
):
    with pytest.raises(EntryRefused, match="Give an explanation"):
        actual_save(acting_user=council.dev, indicator=collection.smoking, period=Q2, value="70")
    actual = actual_save(
        acting_user=council.dev,
        indicator=collection.smoking,
        period=Q2,
        value="70",
        explanation="A new pharmacy service",
    )
    assert ItemChange.objects.of_actual(actual).get(field="value").note == "A new pharmacy service"


def test_a_correction_needs_a_reason_keeps_the_old_value_and_is_rated_again(council, collection):
    actual = published_figure(council, collection, value="52")
    with pytest.raises(MonitoringError, match="needs a reason"):
        actual_correct(acting_user=council.priya, actual=actual, value="40", reason="")
    with pytest.raises(Http404):
        actual_correct(acting_user=council.dev, actual=actual, value="47", reason="Typo")

    actual = actual_correct(
        acting_user=council.priya,
        actual=actual,
        value="48",
        reason="Late returns from the PCT",
        expected_version=actual.version,
    )
    assert (actual.value, actual.state, actual.revision) == (D(48), "published", 1)
    revision = ActualRevision.objects.get(actual=actual)
    assert (revision.previous_value, revision.value) == (D(52), D(48))
    change = ItemChange.objects.of_actual(actual).get(field="value", new_value="48")
    assert (change.old_value, change.note) == ("52", "Late returns from the PCT")
    assert StatusRecord.objects.get(indicator=collection.smoking, period=Q2).status == "amber"


def test_a_draft_cannot_be_corrected_only_edited(council, collection):
    actual = actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49"
    )
    with pytest.raises(MonitoringError, match="only published figures are corrected"):
        actual_correct(acting_user=council.priya, actual=actual, value="47", reason="x")


def test_saving_over_a_newer_version_is_refused_with_the_newer_value(council, collection):
    actual_save(acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49")
    actual_save(
        acting_user=council.priya,
        indicator=collection.smoking,
        period=Q2,
        value="49.5",
        expected_version=1,
    )
    with pytest.raises(StaleEdit) as stale:
        actual_save(
            acting_user=council.dev,
            indicator=collection.smoking,
            period=Q2,
            value="48",
            expected_version=1,
        )
    assert stale.value.current.value == D("49.5")
    assert stale.value.current_version == 2
    assert Actual.objects.get(indicator=collection.smoking, period=Q2).value == D("49.5")


def test_creating_a_figure_someone_else_already_created_is_a_stale_edit(council, collection):
    actual_save(acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49")
    with pytest.raises(StaleEdit):
        actual_save(acting_user=council.priya, indicator=collection.smoking, period=Q2, value="50")


def test_publishing_many_is_all_or_nothing(council, collection):
    ready = actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49"
    )
    actual_submit(acting_user=council.dev, actual=ready)
    actual_validate(acting_user=council.priya, actual=ready)
    draft = actual_save(
        acting_user=council.olu, indicator=collection.benefits, period=Q2, value="18"
    )
    with pytest.raises(TransitionRefused):
        actual_publish(acting_user=council.priya, actuals=[ready, draft])
    assert Actual.objects.get(pk=ready.pk).state == "validated"


def test_milestone_progress_goes_through_the_same_workflow_with_history(council, collection):
    update = milestone_progress_save(
        acting_user=council.dev,
        milestone=collection.milestone,
        period=Q2,
        progress="at_risk",
        commentary="Second site delayed",
    )
    with pytest.raises(EntryRefused, match="red"):
        milestone_progress_save(
            acting_user=council.dev,
            milestone=collection.milestone,
            period=Q2,
            progress="will_miss",
            expected_version=1,
            commentary="",
        )
    with pytest.raises(Http404):
        milestone_progress_submit(acting_user=council.olu, update=update)
    milestone_progress_submit(acting_user=council.dev, update=update)
    milestone_progress_validate(acting_user=council.priya, update=update)
    update = milestone_progress_publish(acting_user=council.priya, update=update)
    assert update.state == "published"
    assert [
        c.new_value
        for c in ItemChange.objects.of_item(ItemType.MILESTONE_UPDATE, update.pk).state_changes()
    ] == ["draft", "submitted", "validated", "published"]


def test_a_department_writes_and_submits_its_narrative_for_the_round(council, collection):
    round_ = round_open(acting_user=council.priya, quarter=Q2, deadline=datetime.date(2009, 10, 23))
    with pytest.raises(Http404):
        narrative_save(acting_user=council.olu, round=round_, department_code="EH")
    narrative = narrative_save(
        acting_user=council.dev,
        round=round_,
        department_code="EH",
        key_developments="Two clinics opened",
        emerging_issues="Staff turnover",
    )
    narrative = narrative_submit(acting_user=council.dev, narrative=narrative)
    assert narrative.state == "submitted"
    assert [c.field for c in ItemChange.objects.of_item(ItemType.NARRATIVE, narrative.pk)] == [
        "key_developments",
        "emerging_issues",
        "state",
        "state",
    ]


def test_only_the_performance_team_opens_a_round_and_only_once_per_quarter(council):
    with pytest.raises(Http404):
        round_open(acting_user=council.dev, quarter=Q2, deadline=datetime.date(2009, 10, 23))
    round_open(acting_user=council.priya, quarter=Q2, deadline=datetime.date(2009, 10, 23))
    with pytest.raises(MonitoringError, match="already open"):
        round_open(acting_user=council.priya, quarter=Q2, deadline=datetime.date(2009, 10, 30))
    with pytest.raises(MonitoringError, match="not one"):
        round_open(acting_user=council.priya, quarter="2009/10", deadline=datetime.date(2010, 5, 1))
