"""A period held in a model field: model validation (``full_clean``, as the admin and the
import checks run it) accepts a Period or its written form, refuses a malformed one by name,
and still applies the stored form's maximum length."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from goldenthread.monitoring.models import CollectionRound
from goldenthread.planning.fields import PeriodField
from goldenthread.planning.periods import Period

DEADLINE = datetime.date(2009, 10, 20)


@pytest.mark.django_db
def test_a_record_holding_a_period_passes_model_validation():
    round_ = CollectionRound(quarter=Period.parse("2009/10 Q2"), deadline=DEADLINE)

    round_.full_clean()  # used to crash: the maximum length check called len() on the Period

    assert round_.quarter == Period.parse("2009/10 Q2")


@pytest.mark.django_db
def test_a_period_written_as_text_is_validated_and_read_as_a_period():
    round_ = CollectionRound(quarter="2009-10-Q3", deadline=DEADLINE)

    round_.full_clean()

    assert round_.quarter == Period.parse("2009/10 Q3")


@pytest.mark.django_db
def test_a_malformed_period_is_refused_on_its_own_field():
    round_ = CollectionRound(quarter="2009/10 Q5", deadline=DEADLINE)

    with pytest.raises(ValidationError) as refused:
        round_.full_clean()

    assert list(refused.value.message_dict) == ["quarter"]


def test_the_maximum_length_still_applies_to_the_written_form():
    field = PeriodField(max_length=7)

    assert field.clean("2009/10", None) == Period.parse("2009/10")
    with pytest.raises(ValidationError) as refused:
        field.clean(Period.parse("2009/10 Q2"), None)

    assert [e.code for e in refused.value.error_list] == ["max_length"]
