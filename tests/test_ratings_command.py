"""The performance team can set the council's rating rules from the command line."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from goldenthread.audit.models import AuditEntry
from goldenthread.indicators.models import Actual, Indicator, Target
from goldenthread.performance.models import RatingSettings, StatusRecord
from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState


def ratings(*args):
    out = io.StringIO()
    call_command("ratings", *args, stdout=out)
    return out.getvalue()


def test_show_gives_the_defaults_before_anything_is_saved(db):
    shown = json.loads(ratings("show", "--format", "json"))
    assert shown["rule"] == "tolerance_band"
    assert Decimal(shown["tolerance"]) == 5
    assert Decimal(shown["exception_threshold"]) == 10
    assert shown["spc_enabled"] is False


def test_set_changes_the_rule_and_is_audited(db):
    out = ratings("set", "--rule", "floor_standard", "--tolerance", "7.5", "--spc", "on")
    assert "Published statuses keep their colours" in out
    current = RatingSettings.current()
    assert (current.rule, current.tolerance, current.spc_enabled) == (
        "floor_standard",
        Decimal("7.5"),
        True,
    )
    assert AuditEntry.objects.filter(action="rating_settings_update").count() == 1


def test_set_with_nothing_to_change_or_a_bad_value_is_refused(db):
    with pytest.raises(CommandError, match="at least one setting"):
        ratings("set")
    with pytest.raises(CommandError):
        ratings("set", "--tolerance", "lots")


def test_recalculate_recolours_history_on_purpose(db):
    indicator = Indicator.objects.create(code="LI 1", title="Local")
    period = Period.parse("2008/09 Q4")
    Target.objects.create(indicator=indicator, period=period, value=Decimal(100))
    Actual.objects.create(
        indicator=indicator, period=period, value=Decimal(94), state=WorkflowState.PUBLISHED
    )
    ratings("record")
    assert StatusRecord.objects.get().status == "red"
    ratings("set", "--tolerance", "10")
    assert StatusRecord.objects.get().status == "red"

    out = ratings("recalculate", "--period", "2008/09 Q4")

    assert out == "Recalculated 1 stored statuses: 1 changed colour (see the audit trail).\n"
    assert StatusRecord.objects.get().status == "amber"
