from django.apps import AppConfig


class CessationConfig(AppConfig):
    name = "cessation"
    verbose_name = "Cessation of irresolvable cases"

    def ready(self) -> None:
        from cases.cards import CASE_CESSATION, register_card
        from cases.meetings.sources import register_agenda_source
        from cases.models import AgendaReason

        from . import cards, tasks  # noqa: F401 (the web process queues the pack's tasks by name: they must be known)
        from .selectors import proposals_for_agenda

        # Proposals awaiting a decision go onto their JAG's agenda whenever it is (re)built, and their agenda items
        # link to the positions and the decision at that meeting.
        register_agenda_source(
            AgendaReason.CESSATION_PROPOSAL,
            proposals_for_agenda,
            link=cards.proposal_meeting_url,
            text=cards.MEETING_LINK_TEXT,
        )
        register_card(
            CASE_CESSATION, name="cessation", template=cards.CARD_TEMPLATE, context=cards.cessation_card, order=10
        )
