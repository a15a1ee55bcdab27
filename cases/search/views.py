"""The search results page the header's search box leads to."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.http import AuthenticatedHttpRequest

from ..exploitation.selectors import flagged_case_ids, flagged_person_ids
from ..models import Case
from ..permissions import serial_plans
from ..selectors import CASE_LIST_RELATED
from .selectors import KINDS, incidents_by_id, people_by_id, search

PAGE_SIZE = 25
KIND_LABELS = {"cases": "Cases", "people": "People", "incidents": "Incidents"}


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search cases, people, addresses and postcodes",
        max_length=100,
        min_length=2,
        error_messages={
            "required": "Enter a case reference, a name, an address or a postcode",
            "min_length": "Enter at least 2 characters",
            "max_length": "Search must be 100 characters or fewer",
        },
    )


@login_required
@require_GET
def results(request: AuthenticatedHttpRequest):
    form = SearchForm(request.GET if "q" in request.GET else None)
    context: dict = {"form": form, "kind_labels": KIND_LABELS}
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        with serial_plans():
            found = search(request.user, query)
            shown = request.GET.get("show")
            if shown not in KINDS:
                # The first kind that found anything, so a street opens on its cases and a name on its people.
                shown = next((kind for kind in KINDS if found[kind].count), KINDS[0])
            page = Paginator(found[shown].ids, PAGE_SIZE).get_page(request.GET.get("page"))
            page.object_list = _objects(shown, list(page.object_list))
        params = request.GET.copy()
        params.pop("page", None)
        params["show"] = shown
        context.update(
            {
                "query": params.urlencode(),
                "q": query,
                "found": found,
                "tabs": [(kind, KIND_LABELS[kind], found[kind]) for kind in KINDS],
                "shown": shown,
                "page": page,
                "total": sum(found[kind].count for kind in KINDS),
                "flagged_ids": _flagged(shown, page.object_list),
            }
        )
    return render(request, "cases/search/results.html", context)


def _flagged(kind: str, objects) -> set[int]:
    """Which of the page's people or cases have an exploitation flag in force (one query)."""
    if kind == "people":
        return flagged_person_ids(person.pk for person in objects)
    if kind == "cases":
        return flagged_case_ids(case.pk for case in objects)
    return set()


def _objects(kind: str, ids: list[int]) -> list:
    if kind == "cases":
        cases = Case.objects.select_related(*CASE_LIST_RELATED).in_bulk(ids)
        return [cases[pk] for pk in ids]
    if kind == "people":
        return people_by_id(ids)
    return incidents_by_id(ids)
