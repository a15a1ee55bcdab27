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

        register_card(
            CASE_PAGE,
            name="jag_management",
            template=jag_management_cards.TEMPLATE,
            context=jag_management_cards.jag_management_card,
            order=10,
        )
        register_card(
            CASE_PAGE,
            name="case_reviews",
            template=case_review_cards.TEMPLATE,
            context=case_review_cards.case_review_card,
            order=20,
        )
        register_card(
            CASE_PAGE, name="meetings", template=meeting_cards.TEMPLATE, context=meeting_cards.meeting_card, order=30
        )
