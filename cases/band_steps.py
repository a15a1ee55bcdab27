"""A risk assessment's form in two steps on one page, without JavaScript: the answers, then (once they give a band)
the calculated band and the choice of another with a reason. The case's risk assessment and the victim's own
assessment both ask so."""

from typing import ClassVar, cast

from crispy_forms_gds.layout import HTML, Layout
from django import forms
from django.http import QueryDict

from core.forms import OnceOnlyForm, gds_helper

from .models import RiskBand


class BandStepsForm(OnceOnlyForm):
    """`first_step` names the fields asked first and `band_panel` the template that shows the calculated band; the
    subclass's clean() sets `calculated_band` once every answer is valid. `shown_band` carries the band the
    officer was shown, so that answers changed after it was shown are not saved against a band nobody saw."""

    first_step: ClassVar[tuple[str, ...]]
    band_panel: ClassVar[str]

    override_band = forms.ChoiceField(
        label="Risk band to record",
        required=False,
        choices=[("", "Keep the calculated band"), *RiskBand.choices],
        help_text="Change the band only with a reason",
    )
    override_reason = forms.CharField(
        label="Reason for changing the band",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you choose a band other than the calculated one",
    )
    shown_band = forms.ChoiceField(choices=RiskBand.choices, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.calculated_band: str | None = None
        self.helper = gds_helper(self)
        self.helper.layout = Layout(*self.first_step, "submission_token")

    @property
    def band_was_shown(self) -> bool:
        """The band the answers give is the one the officer was shown: the assessment may be saved."""
        return self.calculated_band is not None and self.cleaned_data.get("shown_band") == self.calculated_band

    def show_band(self) -> None:
        """Lay out the second step: the answers, the calculated band, the override."""
        band = self.calculated_band
        assert band is not None
        # As OnceOnlyForm does with its token: the page carries the band it now shows.
        if isinstance(self.data, QueryDict):
            data = self.data.copy()
            data["shown_band"] = band
            self.data = data
        else:
            self.data = {**self.data, "shown_band": band}
        # Offered: the calculated band (kept), or another one. Any band still validates, so that a band chosen
        # before the answers changed is not an error of its own.
        cast(forms.ChoiceField, self.fields["override_band"]).widget.choices = [
            ("", f"{RiskBand(band).label} (calculated)"),
            *((value, label) for value, label in RiskBand.choices if value != band),
        ]
        self.helper.layout = Layout(
            *self.first_step,
            HTML(f'{{% include "{self.band_panel}" %}}'),
            "override_band",
            "override_reason",
            "shown_band",
            "submission_token",
        )


def second_step(form: BandStepsForm, *, calculating: bool) -> str | None:
    """After a post that saved nothing: the band the answers give (None while they are incomplete), with the form
    laid out to show it, and an error when the answers changed the band the officer had been shown."""
    band = form.calculated_band
    if band is None:
        return None
    shown = form.cleaned_data.get("shown_band")
    if shown and shown != band and not calculating:
        form.add_error(
            None,
            f"Your answers changed the calculated band from {RiskBand(shown).label.lower()} to "
            f"{RiskBand(band).label.lower()}: check the band below, then save the assessment",
        )
    if calculating:
        # The first look at the band: a reason is asked for only once a different band is chosen.
        form.errors.pop("override_reason", None)
    form.show_band()
    return band
