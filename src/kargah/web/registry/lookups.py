"""``pk__in=[…]`` with an id too large for the database matches nothing, as ``pk=…`` already does
in Django: without this SQLite raises OverflowError, and every form with a many-to-many choice
(ours and the admin's) answered a visitor's ``99999999999999999999`` with a 500."""

from __future__ import annotations

from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerIn(In):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            kind = self.lhs.output_field.get_internal_type()
            low, high = connection.ops.integer_field_range(kind)
            values: Any = self.rhs  # type: ignore[has-type]
            self.rhs = [
                v
                for v in values
                if not isinstance(v, int)
                or ((low is None or v >= low) and (high is None or v <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerIn)
