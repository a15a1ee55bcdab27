"""Thin views: fetch through the permission helper, bind the form, call one service, redirect."""

import datetime
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms.utils import ErrorDict
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from agencies.models import Agency, AuditAction
from agencies.web import audit, once_only, save_form, save_versioned_form, submit_once
from core import clock, uploads
from core.forms import apply_service_errors
from core.http import AuthenticatedHttpRequest
from core.paging import counted_page, indexed_page
from core.responses import private

from . import services
from .back import back_link
from .band_steps import second_step
from .cards import PERSON_MATCH, person_facts
from .case_reviews.explanations import prompt_url as case_review_prompt_url
from .closure.forms import CloseCaseForm
from .closure.selectors import closing_victims
from .exploitation.selectors import flagged_case_ids
from .filters import CaseFilter
from .forms import (
    AddAgencyForm,
    CaseForm,
    CaseStatusForm,
    ChronologyForm,
    CorrectionForm,
    DocumentForm,
    IncidentForm,
    PersonForm,
    PlanForm,
    RiskForm,
    plan_action_formset,
)
from .models import (
    Case,
    CaseStatus,
    ChronologyEntry,
    Document,
    Person,
    PersonRole,
    PlanVersion,
    RiskReviewInterval,
)
from .people.views import person_page_context
from .permissions import CHANGE, CONTRIBUTE, get_case_for, serial_plans
from .sections import CASE_DETAIL_RELATED, section_url
from .selectors import (
    CASE_LIST_RELATED,
    CASE_SORTS,
    MyCasesScope,
    PersonMatches,
    case_count_aggregates,
    case_people_in_role,
    list_order,
    parse_sort,
    people_case_roles,
    people_visible_to,
    person_case_roles,
    person_for,
    sorted_cases,
    team_name,
)
from .selectors import (
    case_list as visible_case_list,
)
from .selectors import (
    my_cases as my_case_list,
)
from .support import selectors as support_selectors

PAGE_SIZE = 25
# A search lists at most this many cases, the most recently active; beyond that the officer narrows it down.
SEARCH_RESULT_LIMIT = 1000

CASE_CONFLICT = (
    "Someone else changed this case while you were editing it. Your changes have not been saved: check the current "
    "details below, then make your changes again."
)
PLAN_CONFLICT = (
    "Someone else saved a new version of the plan while you were editing it. Your changes have not been saved: "
    "check the current version below, then save yours again if it is still right."
)


def _page(request: AuthenticatedHttpRequest, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _sorting(request: AuthenticatedHttpRequest, sort: tuple[str, bool] | None) -> dict[str, dict]:
    """Each sortable column's header: its aria-sort and the link that sorts by it (ascending first, then the other
    way), keeping the other parameters but the page."""
    columns = {}
    for key in CASE_SORTS:
        params = request.GET.copy()
        params.pop("page", None)
        aria = "none"
        if sort is not None and sort[0] == key:
            aria = "descending" if sort[1] else "ascending"
        params["sort"] = f"-{key}" if aria == "ascending" else key
        columns[key] = {
            "aria": aria,
            "query": params.urlencode(),
        }
    return columns


def _query_without_page(request: AuthenticatedHttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def my_cases(request: AuthenticatedHttpRequest):
    scope = request.GET.get("show")
    if scope not in MyCasesScope.values:
        scope = MyCasesScope.MINE
    sort = parse_sort(request.GET.get("sort"))
    # My cases are the open ones alone.
    order = list_order(sort, {"status"})
    cases = sorted_cases(my_case_list(request.user, scope), order)
    with serial_plans():
        page, counts = _case_page(request, cases, order, totals=case_count_aggregates())
    return render(
        request,
        "cases/my_cases.html",
        {
            "page": page,
            "counts": counts,
            "scope": scope,
            "scopes": MyCasesScope.choices,
            "team_name": team_name(request.user) if scope == MyCasesScope.TEAM else "",
            "sorting": _sorting(request, sort),
            "query": _query_without_page(request),
        },
    )


@login_required
def case_list(request: AuthenticatedHttpRequest):
    case_filter = CaseFilter(request.GET or None, user=request.user)
    valid = case_filter.is_bound and case_filter.is_valid()
    cases = case_filter.qs if valid else visible_case_list(request.user)
    sort = parse_sort(request.GET.get("sort"))
    order = list_order(sort, case_filter.pinned() if valid else set())
    cases = sorted_cases(cases, order)
    more = False
    with serial_plans():
        if valid and case_filter.searching:
            page, more = _search_page(request, cases)
        elif order is not None:
            page, _totals = _case_page(request, cases, order)
        else:
            # In the newest activity's order (the cases' own) the page is read down its index.
            page = _page(request, cases)
            page.object_list = list(page.object_list)
    return render(
        request,
        "cases/case_list.html",
        {
            "filter": case_filter,
            "selected_filters": case_filter.selected_filters(request.GET),
            "page": page,
            "query": _query_without_page(request),
            "sorting": _sorting(request, sort),
            "sort": request.GET["sort"] if sort else "",
            "more_than": SEARCH_RESULT_LIMIT if more else None,
            "flagged_ids": flagged_case_ids(case.pk for case in page.object_list),
        },
    )


def _case_page(request: AuthenticatedHttpRequest, cases, sort, totals=None):
    """A page of a case list in a sortable column's order (None: the newest activity's), with the list's count and
    `totals` (core.paging).

    Every order but the lead officer's name has an index, which the page is read down; the officer's name is in
    another table, so that order is one pass that sorts every case, counting them as it goes."""
    paging = counted_page if sort is not None and sort[0] == "lead" else indexed_page
    return paging(
        cases,
        request.GET.get("page"),
        per_page=PAGE_SIZE,
        rows=Case.objects.select_related(*CASE_LIST_RELATED).in_bulk,
        totals=totals,
    )


def _search_page(request: AuthenticatedHttpRequest, cases):
    """A page of search results, from the ids of the (at most SEARCH_RESULT_LIMIT) most recently active matches.

    One query finds them and checks their visibility, instead of one to count and another for the page; the
    page's cases are then read by id. Returns the page and whether more cases matched than are listed.
    """
    ids = list(cases.values_list("pk", flat=True)[: SEARCH_RESULT_LIMIT + 1])
    page = _page(request, ids[:SEARCH_RESULT_LIMIT])
    found = Case.objects.select_related(*CASE_LIST_RELATED).in_bulk(page.object_list)
    page.object_list = [found[pk] for pk in page.object_list]
    return page, len(ids) > SEARCH_RESULT_LIMIT


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def case_open(request: AuthenticatedHttpRequest):
    officer = request.user
    if request.method == "POST":
        form = CaseForm(request.POST)
        saved = save_form(
            request,
            form,
            lambda: services.case_open(officer=officer, **form.case_fields()).get_absolute_url(),
            "Case opened",
        )
        if saved:
            return saved
    else:
        form = CaseForm(initial={"lead_agency": officer.agency_id, "lead_officer": officer.pk})
    return render(request, "cases/case_form.html", {"form": form, "title": "Open a case"})


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: AuthenticatedHttpRequest, reference):
    case = get_case_for(request.user, reference, CHANGE, queryset=Case.objects.select_related(*CASE_DETAIL_RELATED))
    conflict = None
    if request.method == "POST":
        form = CaseForm(request.POST)
        saved, conflict = save_versioned_form(
            request,
            form,
            lambda: services.case_update(
                case=case,
                officer=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                **form.case_fields(),
            ).get_absolute_url(),
            "Case details saved",
            conflict=CASE_CONFLICT,
        )
        if saved:
            return saved
    else:
        form = CaseForm(
            initial={f: getattr(case, f) for f in services.EDITABLE_CASE_FIELDS} | {"version": case.version}
        )
    return render(
        request,
        "cases/case_form.html",
        {"form": form, "case": case, "conflict": conflict, "title": f"Edit case {case.reference}"},
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def case_agencies(request: AuthenticatedHttpRequest, reference):
    case = get_case_for(request.user, reference, CHANGE, queryset=Case.objects.select_related("lead_agency", "jag"))
    form = AddAgencyForm(case=case)
    if request.method == "POST":
        if "remove" in request.POST:
            remove = request.POST.get("remove", "")
            # A tampered value is "no such agency", not a server error.
            agency = get_object_or_404(Agency, pk=int(remove)) if remove.isdecimal() else None
            if agency is None:
                raise Http404("No such agency")
            try:
                services.case_remove_agency(case=case, officer=request.user, agency=agency)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"{agency} no longer has access to this case")
            return redirect("cases:agencies", reference=case.reference)
        form = AddAgencyForm(request.POST, case=case)
        if form.is_valid():
            agency = form.cleaned_data["agency"]

            def share() -> str:
                services.case_add_agency(case=case, officer=request.user, agency=agency)
                return reverse("cases:agencies", kwargs={"reference": case.reference})

            try:
                submit_once(request, share)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"{agency} brought into the case")
                return redirect("cases:agencies", reference=case.reference)
    links = case.agency_links.select_related("agency", "added_by").order_by("agency__name")
    return render(request, "cases/case_agencies.html", {"case": case, "form": form, "links": links})


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def person_add(request: AuthenticatedHttpRequest, reference):
    """Add a person to the case. Anyone the officer may see whose name agrees with the one typed is offered first
    (cases.selectors.person_matches), with their cases, ladder and live orders; the officer must choose one of them
    or say it is none of them, so a second record of a known person is made only on purpose."""
    case = get_case_for(request.user, reference, CONTRIBUTE)
    matches = PersonMatches([], more=False)
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            choice = data["match"]
            matches = form.unchosen_matches(request.user, case)
            if choice or not matches.people:
                added: list[Person] = []
                try:
                    url = submit_once(request, lambda: _add_person(request, case, form, choice, added))
                except ValidationError as error:
                    apply_service_errors(form, error)
                except Person.DoesNotExist:
                    form.add_error(None, "Choose one of the people listed, or add a new person")
                else:
                    name = added[0].full_name if added else f"{data['first_name']} {data['last_name']}"
                    messages.success(request, f"{name} added to the case")
                    return redirect(url)
    else:
        form = PersonForm()
    if matches.people:
        roles = people_case_roles(request.user, matches.people)
        facts = person_facts(PERSON_MATCH, request.user, matches.people)
        for person in matches.people:
            person.visible_roles = roles[person.pk]
            person.facts = facts[person.pk]
    context = {
        "case": case,
        "form": form,
        "matches": matches.people,
        "more_matches": matches.more,
        "return_url": section_url(case, "people"),
    }
    return render(request, "cases/person_form.html", context)


def _add_person(
    request: AuthenticatedHttpRequest, case: Case, form: PersonForm, choice: str, added: list[Person]
) -> str:
    """Add the person the officer chose: an existing record they may see, or a new one (put in `added`)."""
    if choice and choice != "new":
        person = people_visible_to(request.user).get(pk=int(choice))
    else:
        person = services.person_create(officer=request.user, **form.person_fields())
    services.case_add_person(case=case, officer=request.user, person=person, role=form.cleaned_data["role"])
    added.append(person)
    return section_url(case, "people")


@login_required
def person_detail(request: AuthenticatedHttpRequest, pk):
    person = person_for(request.user, pk)
    audit(request, AuditAction.VIEW, f"Viewed person {person.full_name}", obj=person)
    roles = person_case_roles(request.user, person)
    return render(
        request,
        "cases/person_detail.html",
        {"person": person, "page": _page(request, roles), "back": back_link(request)}
        | person_page_context(request, person),
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def incident_add(request: AuthenticatedHttpRequest, reference):
    case = get_case_for(request.user, reference, CONTRIBUTE)
    if request.method == "POST":
        form = IncidentForm(request.POST, case=case)

        def record() -> str:
            incident = services.incident_record(case=case, officer=request.user, **form.incident_fields())
            # A victim's second report within six months: the officer is asked to explain the ASB Case Review.
            return case_review_prompt_url(incident) or section_url(case, "incidents")

        saved = save_form(request, form, record, "Incident recorded")
        if saved:
            return saved
    else:
        form = IncidentForm(initial={"reported_to": request.user.agency_id}, case=case)
    return render(
        request,
        "cases/incident_form.html",
        {"case": case, "form": form, "return_url": section_url(case, "incidents")},
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def chronology_add(request: AuthenticatedHttpRequest, reference):
    case = get_case_for(request.user, reference, CONTRIBUTE)
    if request.method == "POST":
        form = ChronologyForm(request.POST)

        def log() -> str:
            data = form.cleaned_data
            services.chronology_add(
                case=case, officer=request.user, kind=data["kind"], occurred_at=data["occurred_at"], text=data["text"]
            )
            return section_url(case, "chronology")

        saved = save_form(request, form, log, "Action logged on the chronology")
        if saved:
            return saved
    else:
        now = clock.localtime()
        form = ChronologyForm(initial={"occurred_on": now.date(), "occurred_time": now.strftime("%H:%M")})
    return render(
        request,
        "cases/chronology_form.html",
        {"case": case, "form": form, "return_url": section_url(case, "chronology")},
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def chronology_correct(request: AuthenticatedHttpRequest, reference, pk):
    case = get_case_for(request.user, reference, CONTRIBUTE)
    entry = get_object_or_404(ChronologyEntry.objects.select_related("agency", "officer"), case=case, pk=pk)
    if entry.is_system:
        raise Http404("System events cannot be corrected")
    if request.method == "POST":
        form = CorrectionForm(request.POST)

        def correct() -> str:
            services.chronology_correct(entry=entry, officer=request.user, text=form.cleaned_data["text"])
            return section_url(case, "chronology")

        saved = save_form(request, form, correct, "Correction added to the chronology")
        if saved:
            return saved
    else:
        form = CorrectionForm()
    return render(
        request,
        "cases/correction_form.html",
        {"case": case, "entry": entry, "form": form, "return_url": section_url(case, "chronology")},
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def risk_assess(request: AuthenticatedHttpRequest, reference):
    """The answers first; "Calculate band" shows the band they give and asks whether to change it; "Save" saves
    the assessment only when the band the officer was shown is still the one the answers give."""
    case = get_case_for(request.user, reference, CONTRIBUTE)
    victims = case_people_in_role(case, PersonRole.COMPLAINANT)
    calculated = None
    if request.method == "POST":
        form = RiskForm(request.POST, victims=victims)
        calculating = "calculate" in request.POST
        if form.is_valid() and form.band_was_shown and not calculating:

            def assess() -> str:
                services.risk_assess(case=case, officer=request.user, **form.cleaned_data_for_service())
                return section_url(case, "risk") + "#risk"

            saved = save_form(request, form, assess, "Risk assessment saved")
            if saved:
                return saved
        band = second_step(form, calculating=calculating)
        if band is not None:
            days = services.review_days_for(band)
            calculated = {"band": band, "days": days, "next_review": clock.today() + datetime.timedelta(days=days)}
    else:
        form = RiskForm(victims=victims)
    history = case.risk_assessments.select_related("assessed_by", "victim")
    intervals = dict(RiskReviewInterval.objects.values_list("band", "days"))
    return render(
        request,
        "cases/risk.html",
        {
            "case": case,
            "form": form,
            "history": history,
            "intervals": intervals,
            "calculated": calculated,
            "return_url": section_url(case, "risk"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def plan_edit(request: AuthenticatedHttpRequest, reference):
    case = get_case_for(request.user, reference, CONTRIBUTE)
    latest = case.plan_versions.select_related("completed_by").first()
    conflict = None
    if request.method == "POST":
        form = PlanForm(request.POST)
        adding = "add_action" in request.POST
        action_rows = plan_action_formset(case=case, data=request.POST, add_row=adding)
        if adding:
            # Another row for an action, nothing saved: what was typed comes back, not yet judged.
            for shown in (form, *action_rows.forms):
                cast(Any, shown)._errors = ErrorDict()
            cast(Any, action_rows)._non_form_errors = action_rows.error_class()
        else:
            rows_valid = action_rows.is_valid()

            def save_plan() -> str:
                services.plan_save(
                    case=case,
                    officer=request.user,
                    expected_version=form.cleaned_data["version"] or 0,
                    planned_actions=action_rows.planned_actions(),
                    **form.plan_fields(),
                )
                return section_url(case, "risk") + "#plan"

            if rows_valid:
                saved, conflict = save_versioned_form(
                    request,
                    form,
                    save_plan,
                    "Problem-solving plan saved as a new version",
                    conflict=PLAN_CONFLICT,
                )
                if saved:
                    return saved
            else:
                form.is_valid()
            if isinstance(conflict, PlanVersion):
                latest = conflict
    else:
        form = PlanForm(instance=latest, initial={"version": latest.number if latest else 0})
        actions = (
            [
                {"description": a.description, "agency": a.agency_id, "officer": a.officer_id, "due_on": a.due_on}
                for a in latest.planned_actions.all()
            ]
            if latest
            else []
        )
        action_rows = plan_action_formset(case=case, actions=actions)
    versions = case.plan_versions.select_related("completed_by")
    return render(
        request,
        "cases/plan_form.html",
        {
            "case": case,
            "form": form,
            "action_rows": action_rows,
            "versions": versions,
            "latest": latest,
            "conflict": conflict,
            # Section 4: the referrals made so far (on a conflict, the current version's lists them as it stood).
            "support_referrals": support_selectors.appendix_a_referrals(case),
            "iom_referrals": support_selectors.appendix_a_iom_referrals(case),
        },
    )


@login_required
def plan_version(request: AuthenticatedHttpRequest, reference, number):
    case = get_case_for(request.user, reference, queryset=Case.objects.select_related("lead_officer"))
    plan = get_object_or_404(PlanVersion.objects.select_related("completed_by"), case=case, number=number)
    versions = case.plan_versions.select_related("completed_by")
    return render(
        request,
        "cases/plan_version.html",
        {
            "case": case,
            "plan": plan,
            "versions": versions,
            "return_url": section_url(case, "risk") + "#plan",
            # Section 4: the referrals made by the time this version was saved.
            "support_referrals": support_selectors.appendix_a_referrals(case, plan.created_at),
            "iom_referrals": support_selectors.appendix_a_iom_referrals(case, plan.created_at),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def document_upload(request: AuthenticatedHttpRequest, reference):
    case = get_case_for(request.user, reference, CONTRIBUTE)
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES, cut_short=uploads.cut_short(request))

        def upload() -> str:
            data = form.cleaned_data
            services.document_upload(
                case=case,
                officer=request.user,
                uploaded=data["file"],
                content_type=form.detected_type,
                title=data["title"],
                description=data["description"],
            )
            return section_url(case, "documents")

        saved = save_form(request, form, upload, "Document uploaded")
        if saved:
            return saved
    else:
        form = DocumentForm()
    return render(
        request,
        "cases/document_form.html",
        {"case": case, "form": form, "return_url": section_url(case, "documents")},
    )


@login_required
def document_download(request: AuthenticatedHttpRequest, reference, pk):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    case = get_case_for(request.user, reference)
    document = get_object_or_404(Document, case=case, pk=pk)
    return serve_document(request, document, f"Downloaded document {document.title} ({document.original_name})")


def serve_document(request: AuthenticatedHttpRequest, document: Document, description: str) -> FileResponse:
    """A case document as a download, recorded in the audit trail. The caller has checked that the user may have it."""
    audit(request, AuditAction.DOWNLOAD, description, obj=document, case_reference=document.case.reference)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    return private(response)


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def case_status(request: AuthenticatedHttpRequest, reference):
    case = get_case_for(request.user, reference, CHANGE)
    if case.status == CaseStatus.CEASED:
        raise PermissionDenied
    target = CaseStatus.CLOSED if case.status == CaseStatus.OPEN else CaseStatus.OPEN
    closing = target == CaseStatus.CLOSED
    # Closing tells each victim first (cases.closure): its form has the place for the victims not yet told.
    form_class = CloseCaseForm if closing else CaseStatusForm
    conflict = None
    if request.method == "POST":
        form = form_class(request.POST)
        saved, conflict = save_versioned_form(
            request,
            form,
            lambda: services.case_set_status(
                case=case,
                officer=request.user,
                status=target,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"] or 0,
            ).get_absolute_url(),
            "Case closed" if target == CaseStatus.CLOSED else "Case reopened",
            conflict=CASE_CONFLICT,
        )
        if saved:
            return saved
    else:
        form = form_class(initial={"version": case.version})
    context = {"case": case, "form": form, "closing": closing, "conflict": conflict}
    if closing:
        context["victims"] = closing_victims(case)
    return render(request, "cases/case_status.html", context)
