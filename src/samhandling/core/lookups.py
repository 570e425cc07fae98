"""`__in` on integer fields drops numbers no row can hold, as Django's `exact` already does.

A form's multiple choice of objects (`ModelMultipleChoiceField`) looks its keys up with
`pk__in`; a key like 99999999999999999999 then reached the database driver, which raised
OverflowError (SQLite) or a DataError (PostgreSQL): a 500 from a form post. Django 5.2
guards `exact`, `gt`, `lt` … against values beyond the column's range, but not `in`.
Registered on IntegerField (and so on every integer, auto and foreign key column) by
`CoreConfig.ready`.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )

            def fits(value) -> bool:
                if not isinstance(value, int):
                    return True
                return (low is None or value >= low) and (high is None or value <= high)

            self.rhs = [value for value in self.rhs if fits(value)]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
