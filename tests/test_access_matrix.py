"""Every URL that names an object, requested by every kind of visitor, against one table of expected answers.

The URL conf is walked, not listed by hand: a new view that takes a case, person or document and has no row in
EXPECTED fails `test_every_object_url_has_an_expectation`, so nobody can add one without saying who may see it.
"""

import datetime
import uuid
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agencies.models import AuditEvent, FormSubmission, IdentityProvider
from cases import services
from cases.exploitation import services as exploitation_services
from cases.models import Case, EntryKind, Person, PersonRole
from cases.people import services as person_services
from cessation.models import Assessment, CessationProposal, PackJob, PackState, Position, VisitStatus
from core import clock
from incremental.letter_details import sign
from incremental.models import InterventionKind, Reminder, ReminderKind
from tests.cases.case_reviews.helpers import case_review_objects, case_review_posts
from tests.cases.meetings.helpers import meeting_action, meeting_with_case
from tests.cases.support.helpers import support_objects, support_posts
from tests.cases.victims.helpers import victim_objects, victim_posts
from tests.cessation import helpers
from tests.conftest import _signed_in
from tests.factories import InterventionFactory, JagFactory, OfficerFactory
from tests.incremental.penalty_helpers import penalty_objects, penalty_posts
from tests.letter_steps import DETAILS
from tests.orders.helpers import order_objects, order_posts

OBJECT_KWARGS = {"reference", "pk", "number"}
SKIPPED_PREFIXES = ("admin/", "static/")
PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

SIGN_IN = "sign_in"


@dataclass(frozen=True)
class Expect:
    """The status each visitor gets, and which objects the URL names: the case its `reference` names, the object
    whose number its `number` is and the object its `pk` is (keys of case_file)."""

    lead: int = 200
    partner: int = 200
    chair: int = 200
    outsider: int = 404
    anonymous: str = SIGN_IN
    # A peer reviewer (another locality's JAG chair) sees nothing of the case but their review's pages.
    reviewer: int = 404
    # An LPU commander of the involved partner agency: the partner's answers unless said otherwise.
    commander: int | None = None
    pk: str | None = None
    writes: bool = False
    case: str = "case"
    number: str = "plan"

    @property
    def commander_or_partner(self) -> int:
        return self.partner if self.commander is None else self.commander


# Keyed by URL name. Lead agency: everything. Involved agency and JAG chair: read and add to the record, but not
# edit the details or share the case (403, they know it exists). Anyone else: 404, as if there were no such case.
EXPECTED: dict[str, Expect] = {
    "cases:detail": Expect(),
    "cases:edit": Expect(partner=403, chair=403, writes=True),
    "cases:agencies": Expect(partner=403, chair=403, writes=True),
    "cases:status": Expect(partner=403, chair=403, writes=True),
    "cases:person_add": Expect(writes=True),
    "cases:incident_add": Expect(writes=True),
    "cases:chronology": Expect(),
    # The case page's other sections (cases/sections.py): seen as the case is.
    "cases:people": Expect(),
    "cases:incidents": Expect(),
    "cases:risk_and_plan": Expect(),
    "cases:documents": Expect(),
    "cases:interventions": Expect(),
    "cases:jag": Expect(),
    "cases:cessation": Expect(),
    "cases:chronology_add": Expect(writes=True),
    "cases:chronology_correct": Expect(pk="entry", writes=True),
    "cases:risk": Expect(writes=True),
    "cases:plan": Expect(writes=True),
    "cases:plan_version": Expect(),
    "cases:document_upload": Expect(writes=True),
    "cases:document_download": Expect(pk="document"),
    "cases:person": Expect(pk="person"),
    # People: anyone who may add to the case record records an unknown perpetrator on it; an officer of an agency
    # that leads one of the person's cases edits them, adds aliases, merges a duplicate into them and identifies an
    # unknown person; a partner who sees them is refused. A merge is seen and undone by administrators alone.
    "cases:unknown_add": Expect(writes=True),
    "cases:person_edit": Expect(partner=403, chair=403, pk="person", writes=True),
    "cases:alias_add": Expect(partner=403, chair=403, pk="person", writes=True),
    "cases:person_merge": Expect(partner=403, chair=403, pk="person", writes=True),
    "cases:person_identify": Expect(partner=403, chair=403, pk="unknown", writes=True),
    "cases:merge": Expect(lead=404, partner=404, chair=404, pk="merge"),
    # ASB Case Review activations: anyone who may add to the case record records the application and its steps.
    "case_reviews:create": Expect(writes=True),
    "case_reviews:detail": Expect(pk="case_review"),
    "case_reviews:decision": Expect(pk="case_review_pending", writes=True),
    "case_reviews:review": Expect(pk="case_review_met", writes=True),
    "case_reviews:appeal": Expect(pk="case_review_not_met", writes=True),
    # Closing with its victims (pk: the victim): the lead agency records how each was told the case is closing, the
    # outcome and satisfaction, and makes the closing letter; anyone who may see the case sees the records.
    "closure:victims": Expect(),
    "closure:victim": Expect(partner=403, chair=403, pk="person", writes=True),
    "closure:letter": Expect(partner=403, chair=403, pk="person", writes=True),
    # Victims: seen as the case is; anyone who may add to the case record keeps the contact plan, records the updates
    # given and assesses the victim (pk: the complainant's role on the case).
    "cases:victims": Expect(),
    "victims:detail": Expect(pk="victim"),
    "victims:contact_plan": Expect(pk="victim", writes=True),
    "victims:contact_add": Expect(pk="victim", writes=True),
    "victims:assess": Expect(pk="victim", writes=True),
    # Support and IOM referrals: anyone who may add to the case record refers its people and records each step.
    "support:create": Expect(writes=True),
    "support:detail": Expect(pk="referral"),
    "support:response": Expect(pk="referral_made", writes=True),
    "support:engaged": Expect(pk="referral_accepted", writes=True),
    "support:outcome": Expect(pk="referral_engaged", writes=True),
    "support:follow_up": Expect(pk="referral_open", writes=True),
    "support:iom_create": Expect(writes=True),
    "support:iom_detail": Expect(pk="iom_referral"),
    "support:iom_decision": Expect(pk="iom_referral", writes=True),
    # The exploitation flag: anyone who may add to one of the person's cases (or to the case) sets and removes it;
    # the case file's perpetrator and case carry one, so its removal is posted before a new one is set.
    "exploitation:person_set": Expect(pk="perpetrator", writes=True),
    "exploitation:person_remove": Expect(pk="perpetrator", writes=True),
    "exploitation:case_set": Expect(writes=True),
    "exploitation:case_remove": Expect(writes=True),
    "case_reviews:pcc_review": Expect(pk="case_review_pcc", writes=True),
    "case_reviews:action_add": Expect(pk="case_review_met", writes=True),
    "case_reviews:action": Expect(lead=302, partner=302, chair=302, pk="case_review_action"),
    "case_reviews:action_done": Expect(pk="case_review_action", writes=True),
    "case_reviews:explain": Expect(writes=True),
    "case_reviews:leaflet": Expect(),
    # JAG case management: the lead agency and the chair of the managing JAG refer, take off and transfer.
    "jag_management:refer": Expect(partner=403, writes=True),
    "jag_management:take_off": Expect(partner=403, writes=True),
    "jag_management:transfer": Expect(partner=403, writes=True),
    # JAG meetings: seen by officers of the JAG's member agencies (lead and partner here) and its chair; built by
    # its members (the lead officer) and chair; decided by the chair alone. The case is on the agenda. POSTs by
    # each visitor are checked in tests/cases/meetings/test_views.py.
    "meetings:detail": Expect(pk="meeting"),
    "meetings:minutes": Expect(pk="meeting"),
    "meetings:generate": Expect(lead=405, partner=403, chair=405, pk="meeting"),
    "meetings:agenda_add": Expect(partner=403, pk="meeting"),
    "meetings:attendance": Expect(partner=403, pk="meeting"),
    # An agenda item's page is read by anyone who sees the meeting and the case; the chair alone decides on it.
    "meetings:decision": Expect(pk="meeting"),
    "meetings:held": Expect(lead=403, partner=403, pk="meeting"),
    # A JAG action (given to the lead agency here) is marked done by the agency given it, the case's lead agency or
    # the JAG's chair; an involved partner sees it on the case but may not mark it done.
    "meetings:action_done": Expect(partner=403, pk="action", writes=True),
    # My tasks: a reminder is marked done (POST only) by the officer it is for, the lead officer here; anyone else
    # is told there is no such reminder.
    "incremental:reminder_done": Expect(lead=405, partner=404, chair=404, pk="reminder", writes=True),
    # An intervention's letter is written (addressed, previewed, filed) by anyone who may add to the case record.
    "incremental:letter_generate": Expect(pk="first_warning", writes=True),
    # The ladder: anyone who may add to the case record records interventions on its perpetrators (pk: the person)
    # and what happens to them afterwards (pk: the intervention); anyone who may see the case sees them.
    "incremental:intervention_issue": Expect(pk="perpetrator", writes=True),
    "incremental:intervention_detail": Expect(pk="intervention"),
    "incremental:intervention_event": Expect(pk="intervention", writes=True),
    # The register's order pages (pk: a Respect order): seen as the case is; anyone who may add to the case record
    # records service, terms, supervisors' updates, what was done about a breach and the risk assessment (pk: the
    # perpetrator).
    "orders:order_detail": Expect(pk="order"),
    "orders:service_new": Expect(pk="order", writes=True),
    "orders:term_new": Expect(pk="order", writes=True),
    "orders:supervisor_update_new": Expect(pk="order", writes=True),
    # A court's variation (of the requirement) and discharge (of the prohibition) of a single term.
    "orders:term_vary": Expect(pk="order", writes=True),
    "orders:term_discharge": Expect(pk="order", writes=True),
    "orders:breach_action": Expect(pk="order", writes=True),
    "orders:bundle": Expect(pk="order"),
    "orders:bundle_pdf": Expect(pk="order"),
    "orders:risk_assessment_new": Expect(pk="perpetrator", writes=True),
    # A fixed penalty for breaching a CPN (pk: the CPN; then the penalty) and Immediate Justice's referral and start
    # (pk: the intervention): recorded by anyone who may add to the case record.
    "incremental:fixed_penalty_issue": Expect(pk="cpn", writes=True),
    "incremental:fixed_penalty_outcome": Expect(pk="fixed_penalty", writes=True),
    "incremental:immediate_justice_refer": Expect(pk="ij_new", writes=True),
    "incremental:immediate_justice_start": Expect(pk="ij_referred", writes=True),
    # Cessation. On the shared case (long standing, with a plan): the lead agency proposes; anyone who may see the
    # case reads the collated summary and Appendix A, and asks for the case review pack (a POST makes a pack job).
    "cessation:propose": Expect(partner=403, chair=403, writes=True),
    "cessation:summary": Expect(),
    "cessation:case_review_pack": Expect(writes=True),
    "cessation:appendix_a": Expect(),
    # A proposal awaiting the JAG's decision (the agencies split at a meeting today): the lead agency withdraws it;
    # the JAG's chair and members (the lead officer is one) record positions; the chair alone requests a peer review
    # or signs (nothing to sign yet: back to the proposal). Decisions and the chair's POSTs by each visitor are
    # checked in tests/cessation/test_views.py.
    "cessation:proposal": Expect(case="proposal_case", number="proposal"),
    "cessation:withdraw": Expect(partner=403, chair=403, writes=True, case="proposal_case", number="proposal"),
    "cessation:meeting": Expect(writes=True, case="proposal_case", number="proposal"),
    "cessation:peer_review_request": Expect(lead=403, partner=403, case="proposal_case", number="proposal"),
    "cessation:sign": Expect(lead=403, partner=403, chair=302, case="proposal_case", number="proposal"),
    # A proposal whose peer review is answered: its chair may decide in writing, outside a meeting.
    "cessation:written_decision": Expect(lead=403, partner=403, case="reviewed_case", number="reviewed_proposal"),
    # A ceased case (peer reviewed, closed, signed, written to, a further report awaiting review): the chair signs
    # a new version; the lead agency writes to the complainant and records the joint visit; anyone who may add to
    # the record records a further report; the LPU commander reviews it.
    "cessation:draft_report": Expect(case="ceased_case", number="ceased_proposal"),
    "cessation:new_version": Expect(lead=403, partner=403, case="ceased_case", number="ceased_proposal"),
    "cessation:letter_new": Expect(partner=403, chair=403, writes=True, case="ceased_case", number="ceased_proposal"),
    "cessation:visit": Expect(partner=403, chair=403, pk="letter", writes=True, case="ceased_case"),
    "cessation:further_report_new": Expect(writes=True, case="ceased_case"),
    # The peer review of the ceased case's proposal (answered; access still open): the reviewer and anyone who may
    # see the case read it; only the reviewer answers (already answered: back to the review).
    "cessation:review": Expect(reviewer=200, pk="peer_review"),
    "cessation:review_answer": Expect(lead=403, partner=403, chair=403, reviewer=302, pk="peer_review"),
    "cessation:review_pack": Expect(reviewer=200, pk="peer_review", writes=True),
    "cessation:review_proposal_pdf": Expect(reviewer=200, pk="peer_review"),
    "cessation:review_appendix_a": Expect(reviewer=200, pk="peer_review"),
    # The further report: seen by those who may see the case and by the LPU commanders and LA community safety
    # managers of the JAG's agencies, who alone review it.
    "cessation:further_report": Expect(pk="further_report"),
    "cessation:further_report_review": Expect(lead=403, partner=403, chair=403, commander=200, pk="further_report"),
    # Written by the reviewer once the report is closed with no further action; before that, back to the report.
    "cessation:further_letter": Expect(lead=403, partner=403, chair=403, commander=302, pk="further_report"),
    "cessation:further_report_pack": Expect(pk="further_report", writes=True),
    # A case review pack job, ready, that the peer reviewer asked for through their review: only they follow it and
    # download it, through the review (the case's own officers have it among the case's documents).
    "cessation:pack_job": Expect(lead=404, partner=404, chair=404, reviewer=200, pk="pack_job"),
    "cessation:pack_job_status": Expect(lead=404, partner=404, chair=404, reviewer=200, pk="pack_job"),
    "cessation:pack_download": Expect(lead=404, partner=404, chair=404, reviewer=200, pk="pack_job"),
}

VISITORS = ("lead", "partner", "chair", "outsider", "anonymous", "reviewer", "commander")


def object_patterns(resolver=None, prefix="", namespace="") -> dict[str, set[str]]:
    """Every named URL pattern (with its namespace) that takes an object, mapped to its keyword arguments."""
    resolver = resolver or get_resolver()
    found: dict[str, set[str]] = {}
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.update(object_patterns(entry, route, inner))
        elif isinstance(entry, URLPattern):
            kwargs = set(entry.pattern.regex.groupindex)
            if kwargs & OBJECT_KWARGS:
                assert entry.name, f"the URL {route} takes an object but has no name to look its expectation up by"
                found[namespace + entry.name] = kwargs
    return found


@pytest.fixture
def case_file(case, lead_officer, chair, partner_agency, reviewer):
    """The shared case with one of everything a URL can name: person, entry, plan version, document."""
    officer = lead_officer
    person = services.person_create(officer=officer, first_name="Mary", last_name="Complainant")
    services.case_add_person(case=case, officer=officer, person=person, role=PersonRole.COMPLAINANT)
    now = clock.now()
    services.incident_record(
        case=case,
        officer=officer,
        occurred_at=now - datetime.timedelta(days=2),
        reported_at=now - datetime.timedelta(days=1),
        reported_to=case.lead_agency,
        description="Music until 3am.",
        hate_incident=False,
    )
    entry = services.chronology_add(
        case=case, officer=officer, kind=EntryKind.VISIT, occurred_at=now - datetime.timedelta(hours=3), text="Visited."
    )
    services.risk_assess(
        case=case,
        officer=officer,
        happened_before=True,
        reported_elsewhere=True,
        feels_targeted=True,
        household_vulnerable=True,
        children_involved=False,
    )
    plan = services.plan_save(
        case=case,
        officer=officer,
        overview="Noise most nights.",
        who_is_at_risk="The complainant.",
        risk_from="The neighbour.",
        children_involved=False,
        actions="Warning letter.",
    )
    document = services.document_upload(
        case=case,
        officer=officer,
        uploaded=SimpleUploadedFile("statement.pdf", PDF_BYTES, content_type="application/pdf"),
        content_type="application/pdf",
        title="Statement",
    )
    meeting = meeting_with_case(case, officer)
    case_reviews = case_review_objects(case, officer, person)
    victims = victim_objects(case, officer, person)
    perpetrator = services.person_create(officer=officer, first_name="Darren", last_name="Perpetrator")
    services.case_add_person(case=case, officer=officer, person=perpetrator, role=PersonRole.PERPETRATOR)
    intervention = InterventionFactory(case=case, person=perpetrator)
    support = support_objects(case, officer, person, perpetrator)
    first_warning = InterventionFactory(
        case=case, person=perpetrator, kind=InterventionKind.objects.get(code="first_warning")
    )
    reminder = Reminder.objects.create(
        officer=officer,
        case=case,
        intervention=intervention,
        kind=ReminderKind.LIVE_ENDING,
        due_on=clock.today() + datetime.timedelta(days=7),
        text="Words of advice to Darren Perpetrator: live period ends",
        key=f"live_ending:{intervention.pk}",
    )
    exploitation_services.person_flag_set(person=perpetrator, officer=officer, reason="Dealers using his flat")
    exploitation_services.case_flag_set(case=case, officer=officer, reason="A flat on the case taken over")
    penalty = penalty_objects(case, officer, perpetrator)
    cessation = cessation_objects(case, officer, chair, partner_agency, reviewer)
    orders = order_objects(case, officer, perpetrator)
    people = people_objects(case, officer, person)
    case.refresh_from_db()
    return {
        **people,
        **cessation,
        "case": case,
        "person": person,
        "entry": entry,
        "plan": plan,
        "document": document,
        "meeting": meeting,
        "action": meeting_action(case, officer, chair),
        **case_reviews,
        **victims,
        **support,
        "perpetrator": perpetrator,
        "intervention": intervention,
        "first_warning": first_warning,
        "reminder": reminder,
        **orders,
        **penalty,
    }


def people_objects(case, officer, person) -> dict:
    """On the shared case: a second record of the complainant (to merge), an unknown perpetrator (to identify), and
    a third record already merged into the complainant's."""
    duplicate = services.person_create(officer=officer, first_name="Mary", last_name="Complaynant")
    services.case_add_person(case=case, officer=officer, person=duplicate, role=PersonRole.WITNESS)
    unknown = person_services.person_record_unknown(case=case, officer=officer, description="Male, red moped").person
    merged = services.person_create(officer=officer, first_name="M", last_name="Complainant")
    services.case_add_person(case=case, officer=officer, person=merged, role=PersonRole.OTHER)
    merge = person_services.person_merge(duplicate=merged, kept=person, officer=officer)
    return {"duplicate": duplicate, "unknown": unknown, "merge": merge}


def cessation_objects(case, officer, chair, partner_agency, reviewer) -> dict:
    """The shared case made ready for a proposal; a second case with a proposal awaiting the JAG's decision (the
    agencies split at today's meeting); a third ceased after a peer review, with a letter and a further report."""
    helpers.make_ceasable(case, officer)
    agencies = (case.lead_agency, partner_agency)
    meeting = helpers.meeting_today(case.jag, officer, agencies)
    proposal_case = helpers.sibling_case(case, officer, partner_agency)
    proposal = helpers.propose(proposal_case, officer)
    helpers.record_positions(proposal, meeting, chair, {agencies[0]: Position.CLOSE, agencies[1]: Position.CONTINUE})
    ceased_case = helpers.sibling_case(case, officer, partner_agency)
    ceased = helpers.ceased_with_review(ceased_case, meeting, officer, chair, agencies, *reviewer)
    reviewed_case = helpers.sibling_case(case, officer, partner_agency)
    reviewed = helpers.reviewed(reviewed_case, meeting, officer, chair, agencies, *reviewer)
    return {
        "reviewed_case": reviewed_case,
        "reviewed_proposal": reviewed["proposal"],
        "proposal_case": proposal_case,
        "proposal": proposal,
        "cessation_meeting": meeting,
        "ceased_case": ceased_case,
        "ceased_proposal": ceased["proposal"],
        "peer_review": ceased["review"],
        "letter": ceased["letter"],
        "further_report": ceased["further_report"],
        "pack_job": ready_pack_job(ceased["review"], reviewer[0]),
    }


def ready_pack_job(review, reviewer) -> PackJob:
    """A case review pack the reviewer asked for through their review, ready (its document a stand-in PDF)."""
    case = review.proposal.case
    document = services.document_store(
        case=case,
        officer=reviewer,
        content=PDF_BYTES,
        filename="case-review-pack.pdf",
        content_type="application/pdf",
        title="Case review pack",
        on_record=False,
    )
    return PackJob.objects.create(
        case=case,
        review=review,
        requested_by=reviewer,
        state=PackState.READY,
        parts_done=2,
        parts_total=2,
        document=document,
        pages=1,
        finished_at=clock.now(),
    )


def url_for(name: str, kwargs: set[str], objects: dict) -> str:
    expect = EXPECTED[name]
    values = {}
    for kwarg in kwargs:
        if kwarg == "reference":
            values[kwarg] = objects[expect.case].reference
        elif kwarg == "number":
            values[kwarg] = objects[expect.number].number
        elif kwarg == "meeting_pk":
            values[kwarg] = objects["cessation_meeting"].pk
        elif kwarg == "term_pk":
            values[kwarg] = objects["order_prohibition" if name == "orders:term_discharge" else "order_term"].pk
        elif kwarg == "event_pk":
            values[kwarg] = objects["order_breach"].pk
        elif kwarg == "pk":
            assert expect.pk, f"{name} takes a pk: say in EXPECTED which object it names"
            values[kwarg] = objects[expect.pk].pk
        else:
            raise AssertionError(f"{name} takes {kwarg!r}: teach url_for how to fill it")
    return reverse(name, kwargs=values)


@pytest.fixture
def reviewer(db):
    """The chair of another locality's JAG, and that JAG: the peer reviewer of case_file's ceased case."""
    return helpers.reviewer_from_another_jag()


@pytest.fixture
def commander(partner_agency):
    return OfficerFactory(username="lpu.commander", agency=partner_agency, roles=["officer", "lpu_commander"])


@pytest.fixture
def clients(
    lead_officer_client, partner_officer_client, chair_client, outsider_client, anonymous_client, reviewer, commander
):
    return {
        "lead": lead_officer_client,
        "partner": partner_officer_client,
        "chair": chair_client,
        "outsider": outsider_client,
        "anonymous": anonymous_client,
        "reviewer": _signed_in(reviewer[0]),
        "commander": _signed_in(commander),
    }


def row_counts() -> dict[str, int]:
    """Rows in every table of the case file, the interventions, the audit trail and the once-only tokens."""
    models = [
        *apps.get_app_config("cases").get_models(),
        *apps.get_app_config("incremental").get_models(),
        *apps.get_app_config("cessation").get_models(),
        *apps.get_app_config("orders").get_models(),
        AuditEvent,
        FormSubmission,
    ]
    return {model._meta.label: model.objects.count() for model in models}


def test_every_object_url_has_an_expectation():
    patterns = object_patterns()

    missing = sorted(set(patterns) - set(EXPECTED))
    stale = sorted(set(EXPECTED) - set(patterns))

    assert missing == [], f"URLs that take an object with no row in EXPECTED (say who may see them): {missing}"
    assert stale == [], f"Rows in EXPECTED for URLs that no longer exist: {stale}"


def test_object_patterns_found_the_case_urls():
    """Guards the walker itself: if it found nothing, the matrix below would pass vacuously."""
    patterns = object_patterns()

    assert patterns["cases:detail"] == {"reference"}
    assert patterns["cases:chronology_correct"] == {"reference", "pk"}
    assert patterns["cases:plan_version"] == {"reference", "number"}
    assert patterns["cases:person"] == {"pk"}


@pytest.mark.django_db
def test_get_every_object_url_as_every_visitor(case_file, chair, clients):
    patterns = object_patterns()
    assert set(patterns) <= set(EXPECTED), "see test_every_object_url_has_an_expectation"
    sign_in = reverse("login")
    got, wanted = {}, {}

    for name, kwargs in sorted(patterns.items()):
        url = url_for(name, kwargs, case_file)
        for visitor in VISITORS:
            response = clients[visitor].get(url)
            if response.streaming:
                # Reading to the end closes the file (an explicit close() would also close the test's connection).
                b"".join(response.streaming_content)
            expect = EXPECTED[name]
            expected = expect.commander_or_partner if visitor == "commander" else getattr(expect, visitor)
            if expected == SIGN_IN:
                got[name, visitor] = (response.status_code, response.get("Location", "").split("?")[0])
                wanted[name, visitor] = (302, sign_in)
            else:
                got[name, visitor] = response.status_code
                wanted[name, visitor] = expected

    wrong = {key: f"got {got[key]}, expected {wanted[key]}" for key in got if got[key] != wanted[key]}
    assert wrong == {}


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in_and_back(case_file, anonymous_client):
    url = reverse("cases:detail", kwargs={"reference": case_file["case"].reference})

    response = anonymous_client.get(url)

    assert (response.status_code, response["Location"]) == (302, f"{reverse('login')}?next={url}")


# URLs without arguments that anyone may open without signing in, and the answers they may give; every other one
# sends an anonymous visitor to sign in.
ANONYMOUS_ALLOWED: dict[str, set[int]] = {
    "home": {302},  # on to My cases, which sends them to sign in
    "login": {200},
    "logout": {405},  # POST only
    # The load balancer's probe: "ok" or "unavailable" (503 here, with no Celery worker running), nothing more.
    "health": {200, 503},
    # Resetting a forgotten password, by the link an e-mail carries.
    "security:password_reset": {200},
    "security:password_reset_sent": {200},
    "security:password_reset_complete": {200},
    # The timeout warning asks how long is left: "not signed in" to a visitor who is not.
    "security:session": {401},
    # Where the warning sends the page at the time: on to the sign-in page, saying why.
    "security:timed_out": {302},
    "security:recovery_codes_new": {405},  # POST only
}


def plain_patterns(resolver=None, prefix="", namespace="") -> set[str]:
    """Every named URL pattern (with its namespace) that takes no argument."""
    resolver = resolver or get_resolver()
    found: set[str] = set()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found |= plain_patterns(entry, route, inner)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
            found.add(namespace + entry.name)
    return found


@pytest.mark.django_db
def test_anonymous_may_open_only_the_allowed_urls(anonymous_client):
    names = plain_patterns()
    assert set(ANONYMOUS_ALLOWED) <= names
    sign_in = reverse("login")
    got, wrong = {}, {}

    for name in sorted(names):
        url = reverse(name)
        response = anonymous_client.get(url)
        got[name] = (response.status_code, response.get("Location", "").split("?")[0])
        if name in ANONYMOUS_ALLOWED:
            if response.status_code not in ANONYMOUS_ALLOWED[name]:
                wrong[name] = f"got {response.status_code}, expected one of {sorted(ANONYMOUS_ALLOWED[name])}"
        elif got[name] != (302, sign_in):
            wrong[name] = f"got {got[name]}: not sent to sign in (or add it to ANONYMOUS_ALLOWED)"

    assert wrong == {}
    assert got["health"][1] == ""


class OpenedNow:
    """A form's version as it would be rendered at the moment it is posted: the record's version then (other posts
    of the same test may have changed the record since the submissions were written)."""

    def __init__(self, version):
        self.version = version

    def __str__(self) -> str:
        return str(self.version())


def confirmed_letter(purpose: str) -> dict:
    """A letter's preview confirmed: its details signed for the lead officer and that letter, as the preview signs
    them (incremental.letter_views)."""
    details = DETAILS | {"submission_token": str(uuid.uuid4())}
    return {"step": "confirm", "letter_details": sign(details, purpose=f"{purpose}")}


def valid_posts(case_file, outsider_agency) -> dict[str, dict]:
    """For each writing URL, a submission that would be saved if the visitor were allowed to make it."""
    case = case_file["case"]
    today = clock.today()
    yesterday = today - datetime.timedelta(days=1)
    date = lambda name, day: {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}  # noqa: E731
    lead = case.lead_officer_id
    return {
        "cases:edit": {
            "address": "1 Elsewhere Road",
            "postcode": "LE2 1AA",
            "ward": "Elsewhere",
            "category": case.category_id,
            "jag": case.jag_id,
            "lead_agency": case.lead_agency_id,
            "lead_officer": case.lead_officer_id,
            "summary": "Taken over by an outsider.",
            "version": case.version,
        },
        "cases:status": {
            "reason": "Closed by someone who should not see it.",
            "version": OpenedNow(lambda: Case.objects.get(pk=case.pk).version),
        },
        # The outsider's own agency: the way in they would most like.
        "cases:agencies": {"agency": outsider_agency.pk},
        "cases:person_add": {"role": PersonRole.WITNESS, "first_name": "Olly", "last_name": "Outsider", "match": "new"},
        "cases:unknown_add": {"description": "Outsider's unknown person."},
        "cases:person_edit": {
            "first_name": "Mary",
            "last_name": "Complainant",
            "address": "9 Outsider Row",
            "notes": "Edited by an outsider.",
            "version": OpenedNow(lambda: Person.objects.get(pk=case_file["person"].pk).version),
        },
        "cases:alias_add": {"first_name": "Molly", "last_name": "Outsider"},
        "exploitation:person_set": {"reason": "Set by someone who should not see him."},
        "exploitation:person_remove": {"removal_reason": "Removed by someone who should not see him."},
        "exploitation:case_set": {"reason": "Set by someone who should not see the case."},
        "exploitation:case_remove": {"removal_reason": "Removed by someone who should not see the case."},
        "cases:person_merge": {"duplicate": case_file["duplicate"].pk},
        "cases:person_identify": {"first_name": "Ivan", "last_name": "Identified", "match": "new"},
        "cases:incident_add": {
            **date("occurred_on", yesterday),
            **date("reported_on", today),
            "reported_to": outsider_agency.pk,
            "description": "Made up.",
        },
        "cases:chronology_add": {**date("occurred_on", yesterday), "kind": EntryKind.NOTE, "text": "Outsider note."},
        "cases:chronology_correct": {"text": "Outsider correction."},
        "cases:risk": {
            "happened_before": "no",
            "reported_elsewhere": "no",
            "feels_targeted": "no",
            "household_vulnerable": "no",
            "children_involved": "no",
            # The band these answers give, as the form carries it once it has shown it.
            "shown_band": "standard",
        },
        "cases:plan": {
            "overview": "Outsider plan.",
            "who_is_at_risk": "x",
            "risk_from": "y",
            "children_involved": "no",
            "actions": "z",
            "version": OpenedNow(lambda: case.plan_versions.first().number),
        },
        "cases:document_upload": {
            "title": "Outsider document",
            "file": SimpleUploadedFile("outsider.pdf", PDF_BYTES, content_type="application/pdf"),
        },
        "jag_management:refer": date("started_on", yesterday),
        "jag_management:take_off": date("ended_on", today),
        "jag_management:transfer": {"to_jag": JagFactory(name="Transfer target JAG").pk, **date("on", today)},
        "meetings:action_done": {**date("completed_on", today), "note": "Visited the complainant."},
        "incremental:reminder_done": {"next": f"/cases/{case.reference}/#tasks"},
        "incremental:letter_generate": confirmed_letter(f"intervention:{case_file['first_warning'].pk}:{lead}"),
        "incremental:intervention_issue": {
            "kind": InterventionKind.objects.get(code="words_of_advice").pk,
            "issuing_agency": case.lead_agency_id,
            "issuing_officer": case.lead_officer_id,
            **date("issued_on", yesterday),
            "conditions": "Keep the noise down.",
        },
        "incremental:intervention_event": {
            "version": case_file["intervention"].version,
            "event_type": "breach",
            **date("occurred_on", today),
            "details": "Music again at 2am.",
            "evidence_entry": case_file["entry"].pk,
        },
        **case_review_posts(case_file),
        "closure:victim": {
            "told_how": "phone",
            **date("told_on", today),
            "told_what": "The case is closing: the noise has stopped.",
            "outcome": "stopped",
            "satisfaction": "4",
            "version": "0",
        },
        "closure:letter": {
            "address": "Mary Complainant\n1 Somewhere Road\nLE1 1AA",
            "salutation": "Dear Mary Complainant",
            "why": "The noise has stopped.",
        },
        **victim_posts(case_file),
        **support_posts(case_file),
        **order_posts(case_file),
        **penalty_posts(case_file, OpenedNow),
        "cessation:propose": {"reasoning": "Every option is exhausted."},
        "cessation:withdraw": {"reason": "The complainant has moved away."},
        "cessation:meeting": {
            "step": "positions",
            "version": OpenedNow(lambda: CessationProposal.objects.get(pk=case_file["proposal"].pk).version),
            f"position_{case.lead_agency_id}": Position.CONTINUE,
            f"comment_{case.lead_agency_id}": "Changed its mind.",
        },
        "cessation:letter_new": {
            "complainant": case_file["letter"].complainant_id,
            **confirmed_letter(
                f"cessation:{case_file['ceased_proposal'].pk}:{case_file['letter'].complainant_id}:{lead}"
            ),
        },
        "cessation:visit": {
            "version": case_file["letter"].version,
            "visit_status": VisitStatus.NOT_APPROPRIATE,
            "visit_reason": "The complainant asked for no visits.",
        },
        "cessation:case_review_pack": {},
        "cessation:review_pack": {},
        "cessation:further_report_pack": {},
        "cessation:further_report_new": {
            "complainant": case_file["letter"].complainant_id,
            **date("received_on", today),
            "description": "Shouting again.",
            "assessment": Assessment.SAME,
            "assessment_reason": "The same neighbour.",
        },
    }


@pytest.mark.django_db
def test_outsider_post_to_every_writing_url_is_404_and_writes_nothing(case_file, outsider_client, outsider_agency):
    patterns = object_patterns()
    writing = sorted(name for name in patterns if EXPECTED[name].writes)
    posts = valid_posts(case_file, outsider_agency)
    assert sorted(posts) == writing, "every writing URL needs a valid submission in valid_posts"
    before = row_counts()
    case_before = Case.objects.values().get(pk=case_file["case"].pk)

    statuses = {
        name: outsider_client.post(url_for(name, patterns[name], case_file), posts[name]).status_code
        for name in writing
    }

    assert statuses == {name: 404 for name in writing}
    assert row_counts() == before
    assert Case.objects.values().get(pk=case_file["case"].pk) == case_before


@pytest.mark.django_db
def test_partner_post_to_lead_only_urls_is_403_and_writes_nothing(case_file, partner_officer_client, outsider_agency):
    patterns = object_patterns()
    lead_only = sorted(name for name in patterns if EXPECTED[name].writes and EXPECTED[name].partner == 403)
    posts = valid_posts(case_file, outsider_agency)
    before = row_counts()
    case_before = Case.objects.values().get(pk=case_file["case"].pk)

    statuses = {
        name: partner_officer_client.post(url_for(name, patterns[name], case_file), posts[name]).status_code
        for name in lead_only
    }

    assert statuses == {
        "cases:agencies": 403,
        "cases:alias_add": 403,
        "cases:edit": 403,
        "cases:person_edit": 403,
        "cases:person_identify": 403,
        "cases:person_merge": 403,
        "cases:status": 403,
        "cessation:letter_new": 403,
        "cessation:propose": 403,
        "closure:letter": 403,
        "closure:victim": 403,
        "cessation:visit": 403,
        "cessation:withdraw": 403,
        "jag_management:refer": 403,
        "jag_management:take_off": 403,
        "jag_management:transfer": 403,
        "meetings:action_done": 403,
    }
    assert row_counts() == before
    assert Case.objects.values().get(pk=case_file["case"].pk) == case_before


@pytest.mark.django_db
def test_lead_post_of_the_same_submissions_writes(case_file, lead_officer_client, outsider_agency):
    """The submissions above are valid: refused for the outsider because of who they are, not what they sent."""
    patterns = object_patterns()
    posts = valid_posts(case_file, outsider_agency)

    statuses = {
        # Each with the once-only token its form carries when shown.
        name: lead_officer_client.post(
            url_for(name, patterns[name], case_file), {**data, "submission_token": str(uuid.uuid4())}
        ).status_code
        # Closing the case goes last: a closed case cannot be referred to JAG case management.
        for name, data in sorted(posts.items(), key=lambda item: (item[0] == "cases:status", item[0]))
    }

    assert statuses == {name: 302 for name in posts}


@pytest.mark.django_db
def test_object_urls_with_unknown_objects_are_404_for_the_lead(case_file, lead_officer_client):
    """Numbers no object has, including ones too big for the database, are "not found", never a server error."""
    patterns = object_patterns()
    got = {}

    for name, kwargs in sorted(patterns.items()):
        for unknown in ("987654", "9" * 30):
            values = {kwarg: (case_file["case"].reference if kwarg == "reference" else unknown) for kwarg in kwargs}
            if values == {"reference": case_file["case"].reference}:
                values["reference"] = "ASB-1999-" + unknown
            got[name, unknown[:6]] = lead_officer_client.get(reverse(name, kwargs=values)).status_code

    assert {key: status for key, status in got.items() if status != 404} == {}


# --- Single sign-on: reached without signing in; bad input sends the visitor back to sign in, never a 500 -------

SINGLE_SIGN_ON_PREFIX = "sign-in/sso/"


def named_routes(resolver=None, prefix="", namespace="") -> dict[str, str]:
    """Every named URL pattern (with its namespace), mapped to its route."""
    resolver = resolver or get_resolver()
    found: dict[str, str] = {}
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found.update(named_routes(entry, route, f"{namespace}{entry.namespace}:" if entry.namespace else namespace))
        elif entry.name:
            found[namespace + entry.name] = route
    return found


@pytest.mark.django_db
def test_single_sign_on_urls_refuse_bad_input_as_every_visitor(clients, partner_agency):
    provider = IdentityProvider.objects.create(
        agency=partner_agency,
        slug="police-sso",
        display_name="Leicestershire Police",
        issuer="https://login.example/tenant/v2.0",
        client_id="asb",
        client_secret="secret",
        authorization_endpoint="https://login.example/authorize",
        token_endpoint="https://login.example/token",
        jwks_uri="https://login.example/keys",
        enabled=True,
    )
    start, callback = reverse("sso_start", args=[provider.slug]), reverse("sso_callback")
    odd = quote("\x00²①" + "é" * 300)
    to_provider, to_sign_in = (302, "https://login.example/authorize"), (302, reverse("login"))
    expected = {
        ("sso_start", "GET", start, ""): to_provider,
        ("sso_start", "GET", start, "next=https://elsewhere.example/&next=" + odd): to_provider,
        ("sso_start", "GET", reverse("sso_start", args=["no-such-provider"]), ""): (404, ""),
        ("sso_start", "POST", start, ""): (405, ""),
        ("sso_callback", "GET", callback, ""): to_sign_in,
        ("sso_callback", "GET", callback, "code=abc&state=forged"): to_sign_in,
        ("sso_callback", "GET", callback, f"code={odd}&state={odd}&state=x"): to_sign_in,
        ("sso_callback", "GET", callback, "error=access_denied&state=forged"): to_sign_in,
        ("sso_callback", "POST", callback, ""): (405, ""),
    }
    routes = named_routes()
    assert sorted(name for name, route in routes.items() if route.startswith(SINGLE_SIGN_ON_PREFIX)) == sorted(
        {key[0] for key in expected}
    ), "a single sign-on URL with no row here: say what every visitor gets"
    got, wanted = {}, {}

    for (name, method, url, query), answer in expected.items():
        for visitor in VISITORS:
            client = clients[visitor]
            response = client.get(url, QUERY_STRING=query) if method == "GET" else client.post(url)
            got[name, method, query[:20], visitor] = (response.status_code, response.get("Location", "").split("?")[0])
            wanted[name, method, query[:20], visitor] = answer

    assert {key: value for key, value in got.items() if value != wanted[key]} == {}


# --- Sign-in, second factor, password and session URLs: no object, so who reaches each ------------------------------
# Visitors: anonymous; an officer who owes no second factor; an administrator half signed in (password given, code
# owed, authenticator app set up); another half signed in with no app yet; an administrator who gave the code.
# SIGN_IN, CODE and SET_UP: sent to the sign-in page, the code page, or to set up an authenticator app.
CODE, SET_UP = "code", "set_up"
SIGN_IN_VISITORS = ("anonymous", "officer", "half", "new", "verified")


def every(answer) -> dict:
    return dict.fromkeys(SIGN_IN_VISITORS, answer)


def owed(anonymous, officer, verified, half=CODE, new=SET_UP) -> dict:
    return {"anonymous": anonymous, "officer": officer, "half": half, "new": new, "verified": verified}


SIGN_IN_EXPECTED: dict[str, dict] = {
    "security:code": owed(SIGN_IN, 302, 302, half=200),
    "security:recovery_code": owed(SIGN_IN, 302, 302, half=200),
    "security:set_up": owed(SIGN_IN, 302, 302, new=200),
    "security:recovery_codes": owed(SIGN_IN, 302, 302),
    "security:recovery_codes_new": owed(405, 405, 405),
    "security:password_change": owed(SIGN_IN, 200, 200),
    # Open to anyone (the link in the e-mail answers with the page that sets the password).
    "security:password_reset": every(200),
    "security:password_reset_sent": every(200),
    "security:password_reset_confirm": every(302),
    "security:password_reset_complete": every(200),
    "security:session": {**every(200), "anonymous": 401},
    "security:timed_out": every(302),
    "account": owed(SIGN_IN, 200, 200),
    "admin:index": owed(302, 302, 200),
}


@pytest.mark.django_db
def test_every_sign_in_url_has_an_expectation():
    from agencies import security_urls

    names = {f"security:{pattern.name}" for pattern in security_urls.urlpatterns}

    assert names == {name for name in SIGN_IN_EXPECTED if name.startswith("security:")}


@pytest.mark.django_db
def test_get_every_sign_in_url_as_every_visitor(lead_officer, anonymous_client):
    from django.contrib.auth.tokens import default_token_generator
    from django.test import Client
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from tests.conftest import MODEL_BACKEND
    from tests.second_factor import authenticator_for, verified_client

    def half_signed_in(officer) -> Client:
        client = Client()
        client.force_login(officer, backend=MODEL_BACKEND)
        return client

    administrator = OfficerFactory(username="sys.admin", agency=None, is_staff=True, is_superuser=True)
    authenticator_for(administrator)
    clients = {
        "anonymous": anonymous_client,
        "officer": _signed_in(lead_officer),
        "half": half_signed_in(administrator),
        "new": half_signed_in(OfficerFactory(username="new.admin", agency=None, is_staff=True, is_superuser=True)),
        "verified": verified_client(administrator),
    }
    token = {"uidb64": urlsafe_base64_encode(force_bytes(lead_officer.pk)), "token": "x"}
    token["token"] = default_token_generator.make_token(lead_officer)
    sent_to = {SIGN_IN: reverse("login"), CODE: reverse("security:code"), SET_UP: reverse("security:set_up")}
    got, wanted = {}, {}

    for name, expected in sorted(SIGN_IN_EXPECTED.items()):
        url = reverse(name, kwargs=token if name == "security:password_reset_confirm" else None)
        for visitor in SIGN_IN_VISITORS:
            response = clients[visitor].get(url)
            if expected[visitor] in sent_to:
                got[name, visitor] = (response.status_code, response.get("Location", "").split("?")[0])
                wanted[name, visitor] = (302, sent_to[expected[visitor]])
            else:
                got[name, visitor] = response.status_code
                wanted[name, visitor] = expected[visitor]

    wrong = {key: f"got {got[key]}, expected {wanted[key]}" for key in got if got[key] != wanted[key]}
    assert wrong == {}
