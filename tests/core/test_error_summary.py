"""The error summary's links point at an input, so that following one moves focus to what needs correcting."""

import re

from django import forms
from django.template import Context, Template

from core.forms import date_field, gds_helper, yes_no

PAGE = Template("{% load crispy_forms_gds crispy_forms_filters %}{% error_summary form %}{{ form|crispy }}")


class ExampleForm(forms.Form):
    happened_on = date_field("Date it happened")
    reported = yes_no("Was it reported to the police?")
    where = forms.CharField(label="Where it happened")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


def summary_links(form: forms.Form) -> tuple[dict[str, str], set[str]]:
    """The summary's links (message: target id) and the ids of the page's inputs."""
    page = PAGE.render(Context({"form": form}))
    summary = page.split('<div class="govuk-error-summary__body">')[1].split("</ul>")[0]
    links = {message.strip(): target for target, message in re.findall(r'<a href="#([^"]*)">([^<]*)</a>', summary)}
    inputs = set(re.findall(r'<input[^>]*\bid="([^"]*)"', page))
    return links, inputs


def test_error_summary_links_a_missing_date_to_its_day_input():
    links, inputs = summary_links(ExampleForm({"where": "Fosse Road", "reported": "no"}))

    assert links == {"Enter date it happened": "id_happened_on_0"}
    assert "id_happened_on_0" in inputs


def test_error_summary_links_an_impossible_date_to_its_day_input():
    form = ExampleForm(
        {"happened_on_0": "31", "happened_on_1": "2", "happened_on_2": "2026", "where": "Fosse Road", "reported": "no"}
    )

    links, inputs = summary_links(form)

    assert links == {"Date it happened must be a real date": "id_happened_on_0"}


def test_error_summary_links_a_missing_month_to_the_month_input():
    form = ExampleForm({"happened_on_0": "3", "happened_on_2": "2026", "where": "Fosse Road", "reported": "no"})

    links, inputs = summary_links(form)

    assert links == {"Enter the month": "id_happened_on_1"}
    assert "id_happened_on_1" in inputs


def test_error_summary_links_radios_to_the_first_option_and_text_to_its_input():
    links, inputs = summary_links(ExampleForm({"happened_on_0": "3", "happened_on_1": "12", "happened_on_2": "2026"}))

    assert links == {"Answer: Was it reported to the police?": "id_reported_1", "This field is required.": "id_where"}
    assert {"id_reported_1", "id_where"} <= inputs


def test_error_summary_links_a_form_wide_error_to_the_first_input():
    form = ExampleForm(
        {"happened_on_0": "3", "happened_on_1": "12", "happened_on_2": "2026", "where": "x", "reported": "no"}
    )
    form.is_valid()
    form.add_error(None, "This case was changed by someone else")

    links, inputs = summary_links(form)

    assert links == {"This case was changed by someone else": "id_happened_on_0"}
