from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = "Orders and notices"

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from cases.cards import CASE_INTERVENTIONS, register_card
        from incremental.models import Intervention

        from . import cards, hooks

        register_card(
            CASE_INTERVENTIONS, name="orders", template=cards.CASE_ORDERS_TEMPLATE, context=cards.case_orders, order=20
        )

        # The issue form is incremental's; the Respect order's precondition is this app's, checked as it is saved.
        pre_save.connect(hooks.respect_order_needs_risk_assessment, sender=Intervention, dispatch_uid="orders-risk")
