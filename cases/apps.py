from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .cards import (
            CASE_INTERVENTIONS,
            CASE_JAG,
            CASE_PAGE,
            CASE_PEOPLE,
            PERSON_MATCH,
            PERSON_PAGE,
            VICTIM_PAGE,
            register_card,
            register_facts,
        )
        from .case_reviews import cards as case_review_cards
        from .closure import cards as closure_cards
        from .jag_management import cards as jag_management_cards
        from .jag_management import tasks  # noqa: F401  (the daily long-standing task, for Celery)
        from .meetings import cards as meeting_cards
        from .support import cards as support_cards
        from .victims import cards as victim_cards

        # The rooms' cards on the sections of the case page: the JAG's management periods, then its meetings, on the
        # JAG section; the ASB Case Review (each victim's threshold) after the people.
        register_card(
            CASE_JAG,
            name="jag_management",
            template=jag_management_cards.TEMPLATE,
            context=jag_management_cards.card,
            order=10,
        )
        register_card(CASE_JAG, name="meetings", template=meeting_cards.TEMPLATE, context=meeting_cards.card, order=20)
        register_card(
            CASE_PEOPLE,
            name="case_reviews",
            template=case_review_cards.TEMPLATE,
            context=case_review_cards.card,
            order=20,
        )
        # Closing with its victims: who has been told the case is closing, on the overview.
        register_card(CASE_PAGE, name="closure", template=closure_cards.TEMPLATE, context=closure_cards.card, order=50)
        # The repeat-victim flag on the person page, first, and beside each possible match.
        register_card(
            PERSON_PAGE,
            name="repeat_victim",
            template=victim_cards.PERSON_TEMPLATE,
            context=victim_cards.person_card,
            order=5,
        )
        register_facts(
            PERSON_MATCH,
            name="repeat_victim",
            template=victim_cards.MATCH_TEMPLATE,
            context=victim_cards.match_facts,
            order=5,
        )

        # Support and IOM referrals: each person's in the People section, a victim's on their page, the IOM
        # referrals after the perpetrators' ladders, and all of them on the person page after the ladder.
        register_card(
            CASE_PEOPLE,
            name="support",
            template=support_cards.CASE_TEMPLATE,
            context=support_cards.case_people,
            order=30,
        )
        register_card(
            VICTIM_PAGE, name="support", template=support_cards.VICTIM_TEMPLATE, context=support_cards.victim, order=30
        )
        register_card(
            CASE_INTERVENTIONS,
            name="iom",
            template=support_cards.IOM_TEMPLATE,
            context=support_cards.perpetrators_iom,
            order=20,
        )
        register_card(
            PERSON_PAGE, name="support", template=support_cards.PERSON_TEMPLATE, context=support_cards.person, order=20
        )
