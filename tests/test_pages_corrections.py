"""A published figure is corrected only by a new revision with a reason (issue 4)."""

import pytest
from django.urls import reverse

from goldenthread.indicators.models import Actual
from goldenthread.monitoring.models import ItemChange
from tests.pages_fixtures import Q1, Thread, thread_fixture  # noqa: F401

URL = reverse("actual_correction", args=[Q1.slug, "NI 123"])


def published(thread: Thread) -> Actual:
    return Actual.objects.get(indicator=thread.ni, period=Q1)


@pytest.mark.parametrize("persona", ["dev", "chen", "olu", "pat"])
def test_only_the_performance_team_may_correct_a_published_figure(client, thread, persona):
    client.force_login(getattr(thread.council, persona))
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"value": "1", "reason": "x"}).status_code == 404
    assert published(thread).value == pytest.approx(812.25)


def test_the_indicator_page_offers_the_correction_to_the_performance_team_only(client, thread):
    client.force_login(thread.council.priya)
    assert URL in client.get(reverse("indicator", args=["NI 123"])).content.decode()
    client.force_login(thread.council.dev)
    assert URL not in client.get(reverse("indicator", args=["NI 123"])).content.decode()


def test_a_correction_without_a_reason_is_refused_and_changes_nothing(client, thread):
    client.force_login(thread.council.priya)
    before = published(thread)

    response = client.post(URL, {"value": "815.0", "version": before.version})

    html = response.content.decode()
    assert "There is a problem" in html and "Say why the published figure is corrected" in html
    after = published(thread)
    assert (after.value, after.revision, after.version) == (
        before.value,
        before.revision,
        before.version,
    )


def test_a_correction_makes_a_revision_that_stays_published_and_keeps_the_old_figure(
    client, thread
):
    client.force_login(thread.council.priya)
    before = published(thread)

    response = client.post(
        URL,
        {
            "value": "815.0",
            "commentary": "",
            "reason": "Late returns from two clinics",
            "version": before.version,
        },
        follow=True,
    )

    assert "corrected: revision" in response.content.decode()
    after = published(thread)
    assert float(after.value) == 815.0
    assert after.state == "published" and after.revision == before.revision + 1
    change = ItemChange.objects.filter(item_id=after.pk, field="value").last()
    assert (change.old_value, change.new_value) == ("812.25", "815")
    assert "Late returns from two clinics" in change.note


def test_a_correction_over_someone_elses_newer_change_is_told_not_saved(client, thread):
    client.force_login(thread.council.priya)
    seen = published(thread).version
    Actual.objects.filter(pk=published(thread).pk).update(version=seen + 1)

    html = client.post(URL, {"value": "815.0", "reason": "Recount", "version": seen}).content
    assert b"Someone else changed this figure while you were editing" in html
    assert float(published(thread).value) == pytest.approx(812.25)


def test_a_targets_changes_are_shown_as_its_history(client, thread, tmp_path):
    from goldenthread.indicators.models import Target
    from goldenthread.indicators.services import targets_import

    path = tmp_path / "targets.csv"
    path.write_text("indicator,period,target\nNI 123,2008/09 Q1,805\n")
    assert targets_import(source=path, acting_user=thread.council.priya).ok
    target = Target.objects.get(indicator=thread.ni, period=Q1)
    client.force_login(thread.council.chen)

    assert (
        reverse("item_history", args=["target", target.pk])
        in client.get(reverse("indicator", args=["NI 123"])).content.decode()
    )
    html = client.get(reverse("item_history", args=["target", target.pk])).content.decode()
    assert "target for 2008/09 Q1" in html
    assert "805" in html and "Priya Shah" in html
