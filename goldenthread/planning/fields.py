from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import Combinable

from goldenthread.planning.periods import Period, PeriodError


class PeriodField(models.CharField):
    """Stores a :class:`Period` as its written form, ``2008/09 Q1``."""

    description = "A financial year, half or quarter"

    # Read only by the django-stubs mypy plugin (bare annotations, nothing at run time): a
    # model's PeriodField reads as a Period and is set or looked up with a Period or its written
    # form, where CharField would say str. The stubs declare CharField's types as str, so
    # overriding them is an [assignment] error by design; the stubs ignore it the same way for
    # their own fields. Explicit generics, CharField[Period | str, Period], would break the
    # null=True fields and need django-stubs-ext's monkeypatch at run time.
    _pyi_private_set_type: Period | str | Combinable  # type: ignore[assignment]
    _pyi_private_get_type: Period  # type: ignore[assignment]
    _pyi_lookup_exact_type: Period | str

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 10:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Period | None:
        if value is None or value == "":
            return None
        return Period.parse(value)

    def to_python(self, value: Any) -> Period | None:
        if value is None or value == "" or isinstance(value, Period):
            return value or None
        try:
            return Period.parse(value)
        except PeriodError as error:
            raise ValidationError(str(error), code="invalid_period") from error

    def run_validators(self, value: Any) -> None:
        """Validators read the written form, as it is stored: a Period has no length, so the
        maximum length check (and any validator meant for a CharField) would fail on it."""
        super().run_validators(None if value is None else str(value))

    def get_prep_value(self, value: Any) -> str | None:
        period = self.to_python(value)
        return None if period is None else str(period)

    def value_to_string(self, obj: Any) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else str(value)
