"""People's pages beyond the person page: editing with history, aliases, unknown people and their identification,
merging a duplicate record into the one kept, and an administrator's undoing of a merge."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from agencies.models import AuditAction
from agencies.web import audit, once_only, save_form, save_versioned_form, submit_once
from core.forms import apply_service_errors
from core.http import AuthenticatedHttpRequest

from ..cards import PERSON_MATCH, person_facts
from ..exploitation.selectors import flag_panel
from ..models import Case, CasePerson, Person, PersonMerge
from ..permissions import CHANGE, CONTRIBUTE, get_case_for, visible_among
from ..selectors import (
    PersonMatches,
    people_case_roles,
    people_visible_to,
    person_for,
    person_matches,
)
from . import services
from .forms import AliasForm, ChooseDuplicateForm, ConfirmMergeForm, IdentifyForm, PersonEditForm, UnknownPersonForm

PERSON_CONFLICT = (
    "Someone else changed this person's details while you were editing them. Your changes have not been saved: "
    "check the current details below, then make your changes again."
)


def _not_merged(person: Person) -> None:
    if person.merged_into_id:
        raise Http404("This record was merged into another")


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedHttpRequest, pk):
    person = person_for(request.user, pk, CHANGE)
    _not_merged(person)
    conflict = None
    if request.method == "POST":
        form = PersonEditForm(request.POST, unknown=person.unknown)
        saved, conflict = save_versioned_form(
            request,
            form,
            lambda: services.person_update(
                person=person,
                officer=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                **form.person_fields(),
            ).get_absolute_url(),
            "Details saved",
            conflict=PERSON_CONFLICT,
        )
        if saved:
            return saved
    else:
        form = PersonEditForm(initial=PersonEditForm.initial_for(person), unknown=person.unknown)
    return render(request, "cases/people/person_edit.html", {"form": form, "person": person, "conflict": conflict})


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def alias_add(request: AuthenticatedHttpRequest, pk):
    person = person_for(request.user, pk, CHANGE)
    _not_merged(person)
    if request.method == "POST":
        form = AliasForm(request.POST)

        def add() -> str:
            data = form.cleaned_data
            services.person_add_alias(
                person=person, officer=request.user, first_name=data["first_name"], last_name=data["last_name"]
            )
            return person.get_absolute_url() + "#aliases"

        saved = save_form(request, form, add, "Alias added")
        if saved:
            return saved
    else:
        form = AliasForm()
    return render(request, "cases/people/alias_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def unknown_add(request: AuthenticatedHttpRequest, reference):
    case = get_case_for(request.user, reference, CONTRIBUTE)
    people_section = reverse("cases:people", kwargs={"reference": case.reference})
    if request.method == "POST":
        form = UnknownPersonForm(request.POST)

        def record() -> str:
            services.person_record_unknown(
                case=case, officer=request.user, description=form.cleaned_data["description"]
            )
            return people_section

        saved = save_form(request, form, record, "Unknown perpetrator recorded")
        if saved:
            return saved
    else:
        form = UnknownPersonForm()
    return render(request, "cases/people/unknown_form.html", {"form": form, "case": case, "return_url": people_section})


def _with_cases(user, people: list[Person]) -> None:
    roles = people_case_roles(user, people)
    facts = person_facts(PERSON_MATCH, user, people)
    for person in people:
        person.visible_roles = roles[person.pk]
        person.facts = facts[person.pk]


def _changeable(user, person: Person) -> bool:
    return bool(visible_among(user, CasePerson.objects.filter(person=person).values("case_id"), CHANGE))


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def person_merge(request: AuthenticatedHttpRequest, pk):
    """Merge a duplicate record into this one: the possible matches of this person's name that the officer's agency
    also leads a case of are offered; the chosen one is shown beside this one to confirm."""
    kept = person_for(request.user, pk, CHANGE)
    _not_merged(kept)
    if kept.unknown:
        raise Http404("An unknown person is identified, not kept")
    if request.method == "POST":
        form: ChooseDuplicateForm = ConfirmMergeForm(request.POST)
    else:
        # "chosen" is sent by the choosing form, so that continuing with nothing selected says so.
        chosen_now = "duplicate" in request.GET or "chosen" in request.GET
        form = ChooseDuplicateForm(request.GET if chosen_now else None)
    duplicate = None
    if form.is_bound:
        form.is_valid()
        chosen = form.cleaned_data.get("duplicate")
        if chosen is not None:
            duplicate = person_for(request.user, chosen, CHANGE)
            if duplicate.pk == kept.pk or duplicate.merged_into_id:
                raise Http404("No such person to merge")
    if duplicate is not None and request.method == "POST" and not form.errors:

        def merge() -> str:
            services.person_merge(duplicate=duplicate, kept=kept, officer=request.user)
            return kept.get_absolute_url()

        try:
            url = submit_once(request, merge)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{duplicate.full_name}'s records merged into this record")
            return redirect(url)
    if duplicate is not None:
        if request.method == "GET":
            form = ConfirmMergeForm(initial={"duplicate": duplicate.pk})
        _with_cases(request.user, [kept, duplicate])
        return render(request, "cases/people/merge_confirm.html", {"kept": kept, "duplicate": duplicate, "form": form})
    found = person_matches(request.user, first_name=kept.first_name, last_name=kept.last_name)
    candidates = [person for person in found.people if person.pk != kept.pk and _changeable(request.user, person)]
    _with_cases(request.user, candidates)
    return render(request, "cases/people/merge_choose.html", {"kept": kept, "candidates": candidates, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def person_identify(request: AuthenticatedHttpRequest, pk):
    """Identify an unknown person: the real person's name lists the possible matches, as when adding a person to a
    case; the officer chooses one or adds a new person, and the unknown person is merged into them."""
    unknown = person_for(request.user, pk, CHANGE)
    if not unknown.unknown or unknown.merged_into_id:
        raise Http404("Only an unknown person is identified")
    case = (
        Case.objects.filter(pk__in=unknown.visible_case_ids, case_people__person=unknown).order_by("-opened_at").first()
    )
    matches = PersonMatches([], more=False)
    if request.method == "POST":
        form = IdentifyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            choice = data["match"]
            matches = form.unchosen_matches(request.user, case)
            if choice or not matches.people:
                kept: list[Person] = []

                def identify() -> str:
                    person = None
                    if choice and choice != "new":
                        person = people_visible_to(request.user).filter(merged_into__isnull=True).get(pk=int(choice))
                    merge = services.person_identify(
                        unknown=unknown, officer=request.user, person=person, new_person=form.person_fields()
                    )
                    kept.append(merge.kept)
                    return merge.kept.get_absolute_url()

                try:
                    url = submit_once(request, identify)
                except ValidationError as error:
                    apply_service_errors(form, error)
                except Person.DoesNotExist:
                    form.add_error(None, "Choose one of the people listed, or add a new person")
                else:
                    name = kept[0].full_name if kept else f"{data['first_name']} {data['last_name']}"
                    messages.success(request, f"Unknown person identified as {name}")
                    return redirect(url)
    else:
        form = IdentifyForm()
    if matches.people:
        _with_cases(request.user, matches.people)
    context = {"person": unknown, "case": case, "form": form, "matches": matches.people, "more_matches": matches.more}
    return render(request, "cases/people/identify.html", context)


def _administrator(request: AuthenticatedHttpRequest) -> None:
    # Anyone else may not learn the merges of records they may not see: as if there were no such page.
    if not request.user.is_superuser:
        raise Http404("No such page")


@login_required
def merge_list(request: AuthenticatedHttpRequest):
    _administrator(request)
    merges = PersonMerge.objects.select_related("duplicate", "kept", "merged_by", "undone_by")
    page = Paginator(merges, 25).get_page(request.GET.get("page"))
    return render(request, "cases/people/merge_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def merge_detail(request: AuthenticatedHttpRequest, pk):
    """A merge, what it moved, and (administrators only) its undoing: every row it moved goes back to the duplicate."""
    _administrator(request)
    merge = get_object_or_404(PersonMerge.objects.select_related("duplicate", "kept", "merged_by", "undone_by"), pk=pk)
    error = None
    if request.method == "POST":
        try:
            services.person_merge_undo(merge=merge, officer=request.user)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, "Merge undone")
            return redirect("cases:merge", pk=merge.pk)
    audit(request, AuditAction.VIEW, f"Viewed the merge of person {merge.duplicate_id} into {merge.kept_id}", obj=merge)
    references = list(
        Case.objects.filter(pk__in=merge.case_ids).order_by("reference").values_list("reference", flat=True)
    )
    moved = [
        (apps.get_model(group["model"])._meta.verbose_name_plural, group["field"].replace("_", " "), len(group["pks"]))
        for group in merge.moved
    ]
    context = {"merge": merge, "references": references, "moved": moved, "error": error, "removed": len(merge.removed)}
    return render(request, "cases/people/merge_detail.html", context)


def person_page_context(request: AuthenticatedHttpRequest, person: Person) -> dict:
    """What the person page shows beyond the details and cases: aliases, history, merges, what the officer may do."""
    merges = PersonMerge.objects.filter(Q(duplicate=person) | Q(kept=person)).select_related(
        "duplicate", "kept", "merged_by", "undone_by"
    )
    return {
        "can_change": not person.merged_into_id and _changeable(request.user, person),
        "aliases": person.aliases.all(),
        "history": person.history.select_related("changed_by")[:50],
        "merges": list(merges),
        "merged_into": Person.objects.filter(pk=person.merged_into_id).first() if person.merged_into_id else None,
        "is_administrator": request.user.is_superuser,
        "exploitation": flag_panel(
            person=person,
            may_flag=not person.merged_into_id
            and bool(visible_among(request.user, getattr(person, "visible_case_ids", set()), CONTRIBUTE)),
        ),
    }
