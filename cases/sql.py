"""Small SQL helpers shared by the selectors."""

from collections.abc import Iterable

from django.db.models import Field, IntegerField, Lookup, Q
from django.db.models.fields import AutoFieldMixin


@Field.register_lookup
class AnyOf(Lookup):
    """`field__any_of=[...]`: the value is one of a list, sent to PostgreSQL as one array parameter instead of
    one placeholder per value. Thousands of ids (a common surname's cases, the ASB
    Case Review threshold's) cost milliseconds of Python each way as placeholders. Elsewhere (SQLite) a plain IN."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        if isinstance(field, IntegerField | AutoFieldMixin):
            values = [int(v) for v in self.rhs]  # ids: the field's own preparation is int() with more steps
        else:
            values = [field.get_db_prep_value(v, connection) for v in self.rhs]
        if not values:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            # A subquery, not `= ANY(%s)`: PostgreSQL hashes it once, where a list in an aggregate's FILTER (the
            # dashboard's Case Review count) would be searched from the start for every row.
            return f"{lhs} IN (SELECT unnest(%s))", [*lhs_params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


def case_pk_in(ids: Iterable[int]) -> Q:
    """The case is one of `ids` (see AnyOf)."""
    return Q(pk__any_of=sorted(ids))
