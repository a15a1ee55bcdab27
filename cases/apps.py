from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .cards import CASE_PAGE, register_card
        from .case_reviews import cards as case_review_cards
        from .jag_management import cards as jag_management_cards
        from .jag_management import tasks  # noqa: F401  (the daily long-standing task, for Celery)
        from .meetings import cards as meeting_cards

        # The rooms' cards on the case page, in this order, before those of the apps above (cessation 40, reminders 50).
        rooms = (
            ("jag_management", jag_management_cards),
            ("case_reviews", case_review_cards),
            ("meetings", meeting_cards),
        )
        for order, (name, cards) in enumerate(rooms, start=1):
            register_card(CASE_PAGE, name=name, template=cards.TEMPLATE, context=cards.card, order=order * 10)
