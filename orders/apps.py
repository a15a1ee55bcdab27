from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = "Orders and notices"

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from cases.cards import CASE_INTERVENTIONS, register_card
        from incremental import reminders as incremental_reminders
        from incremental.models import Intervention, ReminderKind
        from incremental.task_views import SUBJECT_PAGES

        from . import cards, hooks, reminders

        register_card(
            CASE_INTERVENTIONS, name="orders", template=cards.CASE_ORDERS_TEMPLATE, context=cards.case_orders, order=20
        )

        incremental_reminders.register_due(
            ReminderKind.SUPERVISOR_UPDATE, due=reminders.DUE, still_stands=reminders.STILL_STANDS
        )
        # The task is done on the order's record (subject_id: the order).
        SUBJECT_PAGES[ReminderKind.SUPERVISOR_UPDATE] = "orders:order_detail"
        # The issue form is incremental's; the Respect order's precondition is this app's, checked as it is saved.
        pre_save.connect(hooks.respect_order_needs_risk_assessment, sender=Intervention, dispatch_uid="orders-risk")
