"""Small SQL helpers shared by the selectors."""

from collections.abc import Iterable

from django.db.models import Field, IntegerField, Lookup, Q
from django.db.models.fields import AutoFieldMixin


class _IntList(Lookup):
    prepare_rhs = False
    # The SQL comparing the field ({lhs}) with the values, sent as one array parameter (%s): each lookup sets it.
    array_template: str

    def values(self, connection) -> list:
        field = self.lhs.output_field
        if isinstance(field, IntegerField | AutoFieldMixin):
            return [int(v) for v in self.rhs]  # ids: the field's own preparation is int() with more steps
        return [field.get_db_prep_value(v, connection) for v in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = self.values(connection)
        if not values:
            return "1 = 0", []
        return self.array_template.format(lhs=lhs), [*lhs_params, values]


@Field.register_lookup
class AnyOf(_IntList):
    """`field__any_of=[...]`: the value is one of a list, sent to PostgreSQL as one array parameter
    (`field = ANY(%s)`) instead of one placeholder per value: thousands of ids (a common surname's cases) cost
    milliseconds of Python each way as placeholders. In a WHERE clause PostgreSQL looks each one up in the index."""

    lookup_name = "any_of"

    array_template = "{lhs} = ANY(%s)"


@Field.register_lookup
class InSet(_IntList):
    """`field__in_set=[...]`: like any_of, but as a subquery PostgreSQL hashes once: for a test repeated on every row
    (an aggregate's FILTER, the dashboard's Case Review count), where a list would be searched from its start."""

    lookup_name = "in_set"

    array_template = "{lhs} IN (SELECT unnest(%s))"


def case_pk_in(ids: Iterable[int], *, per_row: bool = False) -> Q:
    """The case is one of `ids`: looked up by id in a WHERE clause, or `per_row` hashed for a test on every row."""
    return Q(pk__in_set=sorted(ids)) if per_row else Q(pk__any_of=sorted(ids))
