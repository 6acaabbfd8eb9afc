"""Risk register writes and reads: a risk is recorded on a register against the objectives it
threatens, rescored with who, when, before → after and why, escalated up to its directorate's and
the corporate register with its history, closed; its actions are added and updated and become
overdue; the heat map counts risks per likelihood and impact, per register and council-wide, in a
fixed number of queries.

Personas (tests/conftest.py, tests/pages_fixtures.py): Dev, manager in Environmental Health,
owns its risks; Priya, performance officer; Sam, strategic director of Health & Community.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goldenthread.audit.models import AuditEntry
from goldenthread.risks import selectors, services
from goldenthread.risks.choices import (
    ActionProgress,
    Assessment,
    RiskBand,
    RiskLevel,
    RiskStatus,
    Trend,
)
from goldenthread.risks.models import (
    Register,
    Risk,
    RiskEscalation,
    RiskScale,
    RiskScoreChange,
    current_scale,
)
from goldenthread.risks.services import RiskRefused
from tests.pages_fixtures import Thread, thread_fixture  # noqa: F401

TODAY = datetime.date(2008, 11, 3)


def scores(il: int, ii: int, rl: int, ri: int) -> dict[str, int]:
    return {
        "inherent_likelihood": il,
        "inherent_impact": ii,
        "residual_likelihood": rl,
        "residual_impact": ri,
    }


def eh_register(thread: Thread) -> Register:
    return Register(RiskLevel.DEPARTMENT, department=thread.council.health_dept)


def record(thread: Thread, title: str = "Smoking cessation funding withdrawn", **fields) -> Risk:
    values = {
        "acting_user": thread.council.dev,
        "register": eh_register(thread),
        "title": title,
        "owner": thread.council.dev,
        "scores": scores(4, 4, 3, 3),
        "cause": "The PCT reviews its grants",
        "effect": "Fewer quit clinics",
        "objectives": [thread.smoking],
    } | fields
    return services.risk_create(**values)


def test_a_risk_is_recorded_on_its_departments_register_with_the_next_code(thread: Thread):
    first = record(thread)
    second = record(thread, "Food inspectors leave", objectives=[thread.food])
    assert (first.code, second.code) == ("EH R1", "EH R2")
    assert first.level == RiskLevel.DEPARTMENT and first.department == thread.council.health_dept
    assert list(first.objectives.all()) == [thread.smoking]
    assert (first.inherent, first.residual) == (16, 9)
    assert list(Risk.objects.on_register(eh_register(thread))) == [first, second]
    entry = AuditEntry.objects.get(action="risk_create", object_id=str(first.pk))
    assert entry.actor == thread.council.dev and "EH R1" in entry.summary


def test_a_risks_first_assessment_starts_its_score_history(thread: Thread):
    risk = record(thread)
    (first,) = selectors.score_history(risk)
    assert first.residual_before is None and first.residual == 9
    assert first.changed_by == thread.council.dev and first.reason == "First assessment"


def test_a_score_off_the_councils_scale_is_refused_naming_the_field_and_nothing_is_saved(
    thread: Thread,
):
    with pytest.raises(RiskRefused) as refused:
        record(thread, scores=scores(6, 4, 3, 3))
    assert refused.value.field == "inherent_likelihood"
    assert "from 1 (Rare) to 5 (Almost certain), not “6”" in refused.value.message
    assert not Risk.objects.exists() and not AuditEntry.objects.filter(action="risk_create")


def test_the_councils_own_scale_decides_what_a_level_may_be(thread: Thread):
    services.scale_save(
        acting_user=thread.council.priya,
        likelihood_words=["Low", "Medium", "High"],
        impact_words=["Low", "Medium", "High"],
        medium_from=3,
        high_from=5,
        very_high_from=9,
    )
    with pytest.raises(RiskRefused) as refused:
        record(thread, scores=scores(4, 3, 1, 1))
    assert "from 1 (Low) to 3 (High)" in refused.value.message
    risk = record(thread, scores=scores(3, 3, 1, 2))
    assert risk.residual_band(current_scale()) == RiskBand.LOW
    assert risk.inherent_band(current_scale()) == RiskBand.VERY_HIGH
    assert AuditEntry.objects.filter(action="risk_scale_save").count() == 1


def test_the_scale_cannot_shrink_under_an_open_risks_scores(thread: Thread):
    record(thread, scores=scores(5, 5, 4, 4))
    with pytest.raises(RiskRefused) as refused:
        services.scale_save(
            acting_user=thread.council.priya,
            likelihood_words=["Low", "Medium", "High"],
            impact_words=["Low", "Medium", "High"],
            medium_from=3,
            high_from=5,
            very_high_from=9,
        )
    assert "1 open risk is scored above the new scale's top level" in refused.value.message
    assert RiskScale.current().likelihood_levels == 5


def test_a_code_already_taken_is_refused(thread: Thread):
    record(thread, code="EH R7")
    with pytest.raises(RiskRefused) as refused:
        record(thread, code="eh r7")
    assert refused.value.field == "code"
    assert refused.value.message == "There is already a risk eh r7: choose another code."
    assert record(thread).code == "EH R8"


def test_rescoring_keeps_who_when_before_after_and_why(thread: Thread):
    risk = record(thread)
    updated = services.risk_update(
        acting_user=thread.council.dev,
        risk=risk,
        version=risk.version,
        scores=scores(4, 4, 4, 4),
        reason="The PCT has cut the grant by half",
    )
    assert updated.residual == 16 and updated.version == risk.version + 1
    change = RiskScoreChange.objects.of(risk).last()
    assert change.residual_before == 9 and change.residual == 16
    assert change.changed_by == thread.council.dev
    assert change.reason == "The PCT has cut the grant by half"
    entry = AuditEntry.objects.get(action="risk_update")
    assert entry.data["scores"]["from"]["residual_likelihood"] == 3
    assert entry.data["scores"]["to"]["residual_likelihood"] == 4


def test_a_new_score_needs_a_reason(thread: Thread):
    risk = record(thread)
    with pytest.raises(RiskRefused) as refused:
        services.risk_update(acting_user=thread.council.dev, risk=risk, scores=scores(4, 4, 4, 4))
    assert refused.value.field == "reason"
    assert Risk.objects.get(pk=risk.pk).residual == 9


def test_changing_words_only_writes_no_score_history(thread: Thread):
    risk = record(thread)
    services.risk_update(
        acting_user=thread.council.dev,
        risk=risk,
        controls="Quit clinics funded to March",
        scores=scores(4, 4, 3, 3),
        objectives=[thread.smoking, thread.food],
    )
    risk.refresh_from_db()
    assert risk.controls == "Quit clinics funded to March"
    assert {o.code for o in risk.objectives.all()} == {"EH 1", "EH 2"}
    assert RiskScoreChange.objects.of(risk).count() == 1
    entry = AuditEntry.objects.get(action="risk_update")
    assert entry.data["objectives"] == {"linked": ["EH 2"], "unlinked": []}


def test_a_save_over_someone_elses_newer_one_is_refused(thread: Thread):
    risk = record(thread)
    seen = risk.version
    services.risk_update(acting_user=thread.council.priya, risk=risk, title="Grant withdrawn")
    with pytest.raises(RiskRefused) as refused:
        services.risk_update(
            acting_user=thread.council.dev, risk=risk, version=seen, title="Funding withdrawn"
        )
    assert "Someone else changed EH R1" in refused.value.message
    assert Risk.objects.get(pk=risk.pk).title == "Grant withdrawn"


def test_a_risk_is_escalated_to_its_directorate_then_to_the_corporate_register(thread: Thread):
    c = thread.council
    risk = record(thread)
    directorate_risk = services.risk_escalate(
        acting_user=c.dev, risk=risk, to_level=RiskLevel.DIRECTORATE, reason="Affects both depts"
    )
    assert directorate_risk.code == "HCC R1"
    assert directorate_risk.directorate == c.directorate and directorate_risk.department is None
    assert list(directorate_risk.objectives.all()) == [thread.smoking]
    assert directorate_risk.residual == risk.residual
    risk.refresh_from_db()
    assert risk.status == RiskStatus.ESCALATED and risk.escalated_to == directorate_risk

    corporate = services.risk_escalate(
        acting_user=thread.sam,
        risk=directorate_risk,
        to_level=RiskLevel.CORPORATE,
        reason="Borough-wide health budget",
        owner=thread.morgan,
    )
    assert corporate.code == "CORP R1" and corporate.owner == thread.morgan
    trail = list(RiskEscalation.objects.values_list("risk__code", "new_risk__code", "to_level"))
    assert trail == [("EH R1", "HCC R1", "directorate"), ("HCC R1", "CORP R1", "corporate")]
    assert AuditEntry.objects.filter(action="risk_escalate").count() == 2
    first = selectors.score_history(corporate)[0]
    assert first.reason == "Escalated from HCC R1: Borough-wide health budget"


def test_an_escalated_risk_is_changed_on_the_register_it_went_to(thread: Thread):
    risk = record(thread)
    services.risk_escalate(
        acting_user=thread.council.dev, risk=risk, to_level="corporate", reason="Too big for us"
    )
    risk.refresh_from_db()
    with pytest.raises(RiskRefused) as refused:
        services.risk_update(acting_user=thread.council.dev, risk=risk, title="New title")
    assert refused.value.message == (
        "EH R1 was escalated to CORP R1: it is managed there now, so change that risk."
    )


def test_a_risk_cannot_be_escalated_down_or_sideways(thread: Thread):
    risk = record(thread)
    with pytest.raises(RiskRefused) as refused:
        services.risk_escalate(
            acting_user=thread.council.dev, risk=risk, to_level="department", reason="Why not"
        )
    assert refused.value.field == "to_level"
    assert Risk.objects.count() == 1


def test_escalating_needs_a_reason(thread: Thread):
    risk = record(thread)
    with pytest.raises(RiskRefused) as refused:
        services.risk_escalate(
            acting_user=thread.council.dev, risk=risk, to_level="corporate", reason="  "
        )
    assert refused.value.field == "reason"


def test_a_closed_risk_keeps_its_record_and_changes_no_more(thread: Thread):
    risk = record(thread)
    services.risk_close(acting_user=thread.council.dev, risk=risk, reason="Grant confirmed")
    risk.refresh_from_db()
    assert risk.status == RiskStatus.CLOSED and risk.closed_on == timezone.localdate()
    with pytest.raises(RiskRefused, match="EH R1 is closed"):
        services.risk_close(acting_user=thread.council.dev, risk=risk, reason="Again")
    with pytest.raises(RiskRefused, match="EH R1 is closed"):
        services.action_create(
            acting_user=thread.council.dev,
            risk=risk,
            title="Lobby the PCT",
            owner=thread.council.dev,
            due=TODAY,
        )


def test_an_action_not_done_by_its_due_date_is_overdue_and_done_is_done_today(thread: Thread):
    risk = record(thread)
    action = services.action_create(
        acting_user=thread.council.dev,
        risk=risk,
        title="Bid for the healthy towns fund",
        owner=thread.council.dev,
        due=TODAY,
    )
    assert not action.is_overdue(TODAY)
    assert action.is_overdue(TODAY + datetime.timedelta(days=1))
    assert list(risk.actions.overdue(TODAY + datetime.timedelta(days=1))) == [action]
    action = services.action_update(
        acting_user=thread.council.dev,
        action=action,
        version=action.version,
        progress=ActionProgress.IN_PROGRESS,
        percent_done="40",
        note="Bid drafted",
    )
    assert action.percent_done == 40 and action.done_on is None
    action = services.action_update(
        acting_user=thread.council.dev, action=action, progress=ActionProgress.DONE
    )
    assert action.done_on == timezone.localdate() and action.percent_done == 100
    assert not action.is_overdue(TODAY + datetime.timedelta(days=30))
    assert not risk.actions.overdue(TODAY + datetime.timedelta(days=30)).exists()
    assert AuditEntry.objects.filter(action="risk_action_update").count() == 2


@pytest.mark.parametrize("percent", ["120", "-5", "half", 101])
def test_a_percentage_off_0_to_100_is_refused(thread: Thread, percent):
    risk = record(thread)
    action = services.action_create(
        acting_user=thread.council.dev, risk=risk, title="Bid", owner=thread.council.dev, due=TODAY
    )
    with pytest.raises(RiskRefused) as refused:
        services.action_update(acting_user=thread.council.dev, action=action, percent_done=percent)
    assert refused.value.field == "percent_done"


# -- reads ------------------------------------------------------------------------------------


def test_a_register_lists_its_risks_highest_first_with_bands_trend_and_overdue_actions(
    thread: Thread,
):
    c = thread.council
    low = record(thread, "Pest contract lapses", scores=scores(2, 2, 1, 2))
    high = record(thread, "Food inspectors leave", scores=scores(5, 5, 4, 4))
    services.risk_update(
        acting_user=c.dev, risk=low, scores=scores(3, 3, 2, 3), reason="Contractor in trouble"
    )
    services.action_create(acting_user=c.dev, risk=high, title="Recruit", owner=c.dev, due=TODAY)
    rows = selectors.register_rows(
        Risk.objects.on_register(eh_register(thread)),
        scale=current_scale(),
        today=TODAY + datetime.timedelta(days=1),
    )
    assert [row.risk.code for row in rows] == [high.code, low.code]
    assert rows[0].residual_band == RiskBand.HIGH and rows[0].overdue_actions == 1
    assert rows[0].trend == Trend.STEADY
    assert rows[1].trend == Trend.RISING and rows[1].residual_band == RiskBand.MEDIUM


def test_a_registers_query_count_does_not_grow_with_its_risks(thread: Thread):
    def count() -> int:
        risks = Risk.objects.on_register(eh_register(thread))
        with CaptureQueriesContext(connection) as queries:
            selectors.register_rows(risks, scale=current_scale(), today=TODAY)
        return len(queries)

    record(thread)
    few = count()
    for n in range(6):
        risk = record(thread, f"Risk {n}", objectives=[thread.smoking, thread.food])
        services.action_create(
            acting_user=thread.council.dev,
            risk=risk,
            title="Act",
            owner=thread.council.dev,
            due=TODAY,
        )
    assert count() == few


def test_the_heat_map_counts_open_risks_per_likelihood_and_impact_per_register_and_council_wide(
    thread: Thread,
):
    c = thread.council
    record(thread, "A", scores=scores(5, 5, 4, 4))
    record(thread, "B", scores=scores(5, 5, 4, 4))
    record(thread, "C", scores=scores(3, 3, 2, 1))
    rb = Register(RiskLevel.DEPARTMENT, department=c.revenues_dept)
    record(thread, "D", register=rb, acting_user=c.olu, owner=c.olu, objectives=[])
    closed = record(thread, "E", scores=scores(5, 5, 5, 5))
    services.risk_close(acting_user=c.dev, risk=closed, reason="Gone")
    escalated = record(thread, "F", scores=scores(2, 5, 2, 5))
    services.risk_escalate(acting_user=c.dev, risk=escalated, to_level="corporate", reason="Big")

    scale = current_scale()
    with CaptureQueriesContext(connection) as queries:
        eh = selectors.heat_map(Risk.objects.on_register(eh_register(thread)), scale=scale)
    assert len(queries) == 1
    grid = {(cell.likelihood, cell.impact): cell.count for _, cells in eh.rows for cell in cells}
    assert grid[(4, 4)] == 2 and grid[(2, 1)] == 1 and grid[(5, 5)] == 0 and grid[(2, 5)] == 0
    assert eh.total == 3 and eh.by_band[RiskBand.HIGH] == 2 and eh.by_band[RiskBand.LOW] == 1

    council_wide = selectors.heat_map(Risk.objects.all(), scale=current_scale())
    assert council_wide.total == 5  # A, B, C, D and F's corporate copy; not closed E nor F
    assert selectors.heat_map_counts(Risk.objects.current()) == {
        (4, 4): 2,
        (2, 1): 1,
        (3, 3): 1,
        (2, 5): 1,
    }
    inherent = selectors.heat_map(
        Risk.objects.all(), scale=current_scale(), assessment=Assessment.INHERENT
    )
    assert inherent.rows[0][1][4].count == 2  # A and B: inherent 5 × 5
    drilled = selectors.in_cell(
        Risk.objects.all(), likelihood=5, impact=5, assessment=Assessment.INHERENT
    )
    assert [risk.title for risk in drilled] == ["A", "B"]
    assert [r.title for r in selectors.in_cell(Risk.objects.all(), likelihood=2, impact=5)] == ["F"]


def test_register_summaries_list_each_register_with_its_open_risks(thread: Thread):
    c = thread.council
    record(thread)
    escalated = record(thread, "Outbreak")
    services.risk_escalate(acting_user=c.dev, risk=escalated, to_level="directorate", reason="X")
    summaries = selectors.register_summaries(Risk.objects.all())
    assert [(str(s.register), s.open_risks) for s in summaries] == [
        ("Health & Community risk register", 1),
        ("Environmental Health risk register", 1),
    ]


def test_objectives_with_no_open_risk_are_not_yet_risk_assessed(thread: Thread):
    from goldenthread.planning.models import Objective

    record(thread)  # threatens EH 1
    closed = record(thread, "Old", objectives=[thread.food])
    services.risk_close(acting_user=thread.council.dev, risk=closed, reason="Gone")
    missing = selectors.objectives_without_risk_assessment(
        Objective.objects.filter(plan=thread.eh_plan)
    )
    assert {o.code for o in missing} == {"EH 2", "EH 3"}


# -- the admin --------------------------------------------------------------------------------


@pytest.fixture
def staff(db):
    from goldenthread.organisation.models import User

    return User.objects.create_superuser("admin", "admin@example.org", "x-password-1")


def test_staff_read_risks_in_the_admin_but_change_them_only_through_the_product(
    client, thread: Thread, staff
):
    risk = record(thread)
    client.force_login(staff)
    assert "Smoking cessation funding withdrawn" in client.get("/admin/risks/risk/").text
    page = client.get(f"/admin/risks/risk/{risk.pk}/change/")
    assert page.status_code == 200 and "First assessment" in page.text
    assert client.get("/admin/risks/risk/add/").status_code == 403
    response = client.post(f"/admin/risks/risk/{risk.pk}/change/", {"title": "Changed"})
    assert response.status_code == 403
    assert Risk.objects.get(pk=risk.pk).title == "Smoking cessation funding withdrawn"


def test_staff_set_the_councils_scale_in_the_admin_with_the_same_checks_and_audit(
    client, thread: Thread, staff
):
    record(thread, scores=scores(5, 5, 4, 4))
    client.force_login(staff)
    form = {
        "likelihood_words": "Low\nMedium\nHigh",
        "impact_words": "Low\nMedium\nHigh",
        "medium_from": "3",
        "high_from": "5",
        "very_high_from": "9",
    }
    refused = client.post("/admin/risks/riskscale/add/", form)
    assert refused.status_code == 200
    assert "scored above the new scale" in refused.text
    assert not RiskScale.objects.exists()
    form |= {"likelihood_words": "Rare\nUnlikely\nPossible\nLikely\nAlmost certain\nCertain"}
    form |= {"impact_words": "Tiny\nMinor\nModerate\nMajor\nCatastrophic"}
    form |= {"medium_from": "5", "high_from": "12", "very_high_from": "20"}
    saved = client.post("/admin/risks/riskscale/add/", form)
    assert saved.status_code == 302, saved.text
    assert RiskScale.current().likelihood_levels == 6
    assert current_scale().high_from == 12
    assert AuditEntry.objects.filter(action="risk_scale_save", actor=staff).count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"cause": "x" * 4001}, "cause", "The cause must be 4000 characters or fewer (4001 given)"),
        ({"title": "Grant\x00 withdrawn"}, "title", "cannot be saved (NUL)"),
        ({"title": "   "}, "title", "Enter the risk's title."),
        ({"register": Register(RiskLevel.DEPARTMENT)}, "department", "needs its department"),
    ],
)
def test_bad_text_or_a_register_with_no_department_is_refused_and_nothing_saved(
    thread: Thread, fields, field, words
):
    with pytest.raises(RiskRefused) as refused:
        record(thread, **fields)
    assert refused.value.field == field and words in refused.value.message
    assert not Risk.objects.exists()


def test_reports_find_high_risks_and_the_risks_of_a_departments_objectives(thread: Thread):
    from goldenthread.planning.models import Objective

    high = record(thread, "Outbreak", scores=scores(5, 5, 4, 3), objectives=[thread.food])
    record(thread, "Minor", scores=scores(2, 2, 1, 1), objectives=[thread.smoking, thread.food])
    record(thread, "Benefits backlog", objectives=[thread.benefits])
    assert list(Risk.objects.residual_at_least(current_scale().high_from)) == [high]
    eh_objectives = Objective.objects.filter(plan=thread.eh_plan)
    assert [r.title for r in Risk.objects.threatening(eh_objectives)] == ["Outbreak", "Minor"]
