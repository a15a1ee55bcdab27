from django.apps import AppConfig


class CessationConfig(AppConfig):
    name = "cessation"
    verbose_name = "Cessation of irresolvable cases"

    def ready(self) -> None:
        from cases.meeting_services import register_agenda_source
        from cases.models import AgendaReason

        from .selectors import proposals_for_agenda

        # Proposals awaiting a decision go onto their JAG's agenda whenever it is (re)built.
        register_agenda_source(AgendaReason.CESSATION_PROPOSAL, proposals_for_agenda)
