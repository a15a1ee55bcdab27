"""Small SQL helpers shared by the selectors: lists of values sent to PostgreSQL as one array parameter."""

from collections.abc import Iterable

from django.db.models import Field, IntegerField, Lookup, Q
from django.db.models.fields import AutoFieldMixin


class Values:
    """The values of an any_of or in_set lookup, held whole.

    A plain list in a filter is walked element by element when the query is built and again each time the
    condition is compared or combined (Django resolves and hashes every element): for the thousands of ids of a
    common surname or of the ASB Case Review threshold that is thousands of Python calls a request, for nothing.
    This holder is hashable as one tuple and resolved as one value.
    """

    __slots__ = ("items",)

    def __init__(self, items: Iterable) -> None:
        self.items = tuple(items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Values) and other.items == self.items

    def __hash__(self) -> int:
        return hash(self.items)

    def __len__(self) -> int:
        return len(self.items)


class _ArrayLookup(Lookup):
    prepare_rhs = False
    # The SQL comparing the field ({lhs}) with the values, sent as one array parameter (%s): each lookup sets it.
    array_template: str

    def values(self, connection) -> list:
        field = self.lhs.output_field
        items = self.rhs.items if isinstance(self.rhs, Values) else self.rhs
        if isinstance(field, IntegerField | AutoFieldMixin):
            return [int(v) for v in items]  # ids: the field's own preparation is int() with more steps
        return [field.get_db_prep_value(v, connection) for v in items]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = self.values(connection)
        if not values:
            return "1 = 0", []
        return self.array_template.format(lhs=lhs), [*lhs_params, values]


@Field.register_lookup
class AnyOf(_ArrayLookup):
    """`field__any_of=[...]`: the value is one of a list, sent to PostgreSQL as one array parameter
    (`field = ANY(%s)`) instead of one placeholder per value: thousands of ids (a common surname's cases) cost
    milliseconds of Python each way as placeholders. In a WHERE clause PostgreSQL looks each one up in the index."""

    lookup_name = "any_of"

    array_template = "{lhs} = ANY(%s)"


@Field.register_lookup
class InSet(_ArrayLookup):
    """`field__in_set=[...]`: like any_of, but as a subquery PostgreSQL hashes once: for a test repeated on every row
    (an aggregate's FILTER, the dashboard's Case Review count), where a list would be searched from its start."""

    lookup_name = "in_set"

    array_template = "{lhs} IN (SELECT unnest(%s))"


def pk_in(ids: Iterable[int], *, per_row: bool = False) -> Q:
    """The row is one of `ids` (primary keys): looked up by id in a WHERE clause, or `per_row` hashed for a test on
    every row."""
    values = Values(sorted(ids))
    return Q(pk__in_set=values) if per_row else Q(pk__any_of=values)
