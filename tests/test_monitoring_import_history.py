"""An actuals import writes the same history as a form: each created or changed figure, field
by field, with how = import, in a fixed number of queries."""

import csv
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goldenthread.indicators.models import Actual, Indicator
from goldenthread.indicators.services import actuals_import
from goldenthread.monitoring.models import ItemChange
from goldenthread.monitoring.services import StaleEdit, actual_save
from goldenthread.workflow import WorkflowState
from tests.monitoring_fixtures import Q1, Q2, collection_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([["indicator", "period", "value"], *rows])
    return path


def test_an_import_records_each_new_figure_and_each_changed_field(council, collection, tmp_path):
    # Published figures are corrected only by revisions; an import may change a validated one.
    Actual.objects.filter(indicator=collection.smoking, period=Q1).update(
        state=WorkflowState.VALIDATED
    )
    result = actuals_import(
        source=write_csv(
            tmp_path / "a.csv", [["NI 123", "2009/10 Q2", "49"], ["NI 123", "2009/10 Q1", "47"]]
        ),
        acting_user=council.priya,
    )
    assert result.ok, result.error_report()
    q2 = Actual.objects.get(indicator=collection.smoking, period=Q2)
    created = ItemChange.objects.of_actual(q2)
    assert sorted((c.field, c.old_value, c.new_value) for c in created) == [
        ("state", "", "validated"),
        ("value", "", "49"),
    ]
    assert {(c.how, c.actor.username, c.department_id) for c in created} == {
        ("import", "priya", council.health_dept.pk)
    }
    q1 = Actual.objects.get(indicator=collection.smoking, period=Q1)
    changed = ItemChange.objects.of_actual(q1)
    assert [(c.field, c.old_value, c.new_value) for c in changed] == [("value", "48", "47")]
    assert q1.version == 2  # an editor who opened it before the import is told


def test_an_unchanged_row_writes_no_history(council, collection, tmp_path):
    actuals_import(
        source=write_csv(tmp_path / "a.csv", [["NI 123", "2009/10 Q1", "48"]]),
        acting_user=council.priya,
    )
    assert ItemChange.objects.count() == 0


def test_a_refused_file_writes_no_history(council, collection, tmp_path):
    result = actuals_import(
        source=write_csv(
            tmp_path / "a.csv", [["NI 123", "2009/10 Q2", "49"], ["NI 999", "2009/10 Q2", "1"]]
        ),
        acting_user=council.priya,
    )
    assert not result.ok
    assert ItemChange.objects.count() == 0


def test_an_import_over_a_draft_makes_the_editors_save_stale(council, collection, tmp_path):
    draft = actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49"
    )
    actuals_import(
        source=write_csv(tmp_path / "a.csv", [["NI 123", "2009/10 Q2", "50"]]),
        acting_user=council.priya,
    )
    with pytest.raises(StaleEdit) as stale:
        actual_save(
            acting_user=council.dev,
            indicator=collection.smoking,
            period=Q2,
            value="51",
            expected_version=draft.version,
        )
    assert stale.value.current.value == D(50)


def counted(captured):
    """(queries other than history inserts, history insert batches)."""
    history = sum(1 for q in captured if 'INTO "monitoring_itemchange"' in q["sql"])
    return len(captured) - history, history


def queries_to_import(tmp_path, council, count):
    for n in range(count):
        Indicator.objects.get_or_create(code=f"BULK {n}", defaults={"title": "Bulk"})
    rows = [[f"BULK {n}", "2009/10 Q2", str(n + 1)] for n in range(count)]
    with CaptureQueriesContext(connection) as queries:
        result = actuals_import(
            source=write_csv(tmp_path / f"new{count}.csv", rows), acting_user=council.priya
        )
    assert result.created == count
    created = counted(queries)
    rows = [[f"BULK {n}", "2009/10 Q2", str(n + 2)] for n in range(count)]
    with CaptureQueriesContext(connection) as queries:
        result = actuals_import(
            source=write_csv(tmp_path / f"upd{count}.csv", rows), acting_user=council.priya
        )
    assert result.updated == count
    return created, counted(queries)


def test_the_history_costs_the_same_queries_for_few_rows_and_many(council, tmp_path):
    few = queries_to_import(tmp_path, council, 3)
    Indicator.objects.filter(code__startswith="BULK").delete()
    many = queries_to_import(tmp_path, council, 90)  # one batch of new actuals
    assert [other for other, _ in few] == [other for other, _ in many]
    # 180 history rows of 13 columns: at most a batch per 76 rows on SQLite, one on PostgreSQL
    assert all(batches <= 4 for _, batches in many)
    assert ItemChange.objects.filter(field="value", indicator__isnull=False).count() == 2 * 90
