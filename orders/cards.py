"""What the register adds to the case's interventions page: the case's orders and notices, each linking to its own
record, and for each perpetrator the way to a Respect order (its risk assessment first). One query."""

from cases.models import PersonRole
from incremental.models import Intervention
from incremental.permissions import may_record_interventions

from .rules import on_register_q

CASE_ORDERS_TEMPLATE = "orders/case_orders.html"


def case_orders(context, case) -> dict:
    perpetrators = [link.person for link in context["people"] if link.role == PersonRole.PERPETRATOR]
    orders = (
        Intervention.objects.filter(on_register_q(), case=case)
        .select_related("person")
        .only("kind_name", "issued_on", "status", "person__first_name", "person__last_name", "case_id")
        .order_by("-issued_on", "-id")
    )
    return {
        "case": case,
        "orders": list(orders),
        "perpetrators": perpetrators,
        "can_record": may_record_interventions(case),
    }
