"""Forms for JAG case management: refer a case, take it off, transfer it to another JAG."""

from typing import cast

from django import forms

from core.forms import OnceOnlyForm, date_field, gds_helper
from jag.models import Jag


class JagReferForm(OnceOnlyForm):
    started_on = date_field("Date it was referred")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class JagTakeOffForm(OnceOnlyForm):
    ended_on = date_field(
        "Date it was taken off",
        help_text="From this day the case is no longer under JAG case management. For example, 27 3 2026",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class JagTransferForm(OnceOnlyForm):
    to_jag = forms.ModelChoiceField(
        label="JAG to transfer the case to", queryset=Jag.objects.none(), empty_label="Choose a JAG"
    )
    on = date_field(
        "Date of the transfer", help_text="The new JAG manages the case from this day. For example, 27 3 2026"
    )

    def __init__(self, *args, current_jag: Jag, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["to_jag"]).queryset = (
            Jag.objects.filter(is_active=True).exclude(pk=current_jag.pk).order_by("name")
        )
        self.fields["to_jag"].error_messages["required"] = "Choose the JAG to transfer the case to"
        self.fields["to_jag"].error_messages["invalid_choice"] = "Choose one of the JAGs listed"
        self.helper = gds_helper(self)
