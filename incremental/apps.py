from django.apps import AppConfig


class IncrementalConfig(AppConfig):
    name = "incremental"

    def ready(self) -> None:
        from cases.cards import CASE_INTERVENTIONS, CASE_PAGE, PERSON_MATCH, PERSON_PAGE, register_card, register_facts

        from . import cards

        register_card(
            CASE_PAGE, name="reminders", template=cards.REMINDERS_TEMPLATE, context=cards.case_reminders, order=50
        )
        register_card(
            CASE_INTERVENTIONS,
            name="ladders",
            template=cards.CASE_LADDERS_TEMPLATE,
            context=cards.perpetrator_ladders,
            order=10,
        )
        register_card(
            PERSON_PAGE, name="ladder", template=cards.PERSON_LADDER_TEMPLATE, context=cards.person_ladder, order=10
        )
        register_facts(
            PERSON_MATCH, name="ladder", template=cards.MATCH_LADDER_TEMPLATE, context=cards.match_ladders, order=10
        )
