"""Every POST view, found by walking the URL conf, is classified: it creates a record, edits one that exists (and
then its form carries the version it was opened at, and a save from a stale form is refused with the conflict
message), takes a step in a record's life (and then a second, stale submit changes nothing), or only reads.

A new view that is in none of the tables fails `test_every_view_is_classified`, so nobody can add a form that
edits without saying how a stale save of it is refused.
"""

import datetime
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from agencies.models import AuditAction, AuditEvent, FormSubmission, Notification
from cessation.models import LetterKind, Recommendation, ReviewerKind, ReviewOutcome
from core import clock
from tests import test_access_matrix as matrix
from tests.conftest import _signed_in
from tests.factories import OfficerFactory
from tests.urlconf import named_patterns

# The access matrix's objects: a shared case with one of everything a URL can name, and who may see it.
case_file, reviewer, commander = matrix.case_file, matrix.reviewer, matrix.commander
url_for, valid_posts = matrix.url_for, matrix.valid_posts

# Only read: a POST to any of them changes no record.
READS = {
    "account",
    "health",
    "security:recovery_codes",
    "security:password_reset_sent",
    "security:password_reset_complete",
    "security:timed_out",
    "home",
    "case_reviews:detail",
    "closure:victims",
    "cases:victims",
    "victims:detail",
    "support:detail",
    "support:iom_detail",
    "case_reviews:action",
    "case_reviews:leaflet",
    "case_reviews:figures",
    "case_reviews:figures_csv",
    "cases:chronology",
    "cases:detail",
    "cases:people",
    "cases:incidents",
    "cases:risk_and_plan",
    "cases:documents",
    "cases:interventions",
    "cases:jag",
    "cases:cessation",
    "cases:document_download",
    "cases:list",
    "cases:my_cases",
    "cases:person",
    "cases:merges",
    "cases:plan_version",
    "cessation:appendix_a",
    "cessation:draft_report",
    "cessation:further_report",
    "cessation:pack_download",
    "cessation:pack_job",
    "cessation:pack_job_status",
    "cessation:proposal",
    "cessation:queue",
    "cessation:review",
    "cessation:review_appendix_a",
    "cessation:review_proposal_pdf",
    "cessation:summary",
    "dashboard:export",
    "dashboard:index",
    "dashboard:victims",
    "incremental:consistency_report",
    "incremental:consistency_report_csv",
    "incremental:intervention_detail",
    "orders:register",
    "orders:register_csv",
    "orders:order_detail",
    "orders:bundle",
    "orders:bundle_pdf",
    "incremental:my_tasks",
    "meetings:detail",
    "meetings:list",
    "meetings:minutes",
    "search:results",
}

# Create a new record (or a new version beside the old ones): nothing that exists is overwritten, so there is no
# version to carry; a double submit is saved once by the form's token.
CREATES = {
    "login": "a session",
    "sso_start": "a sign-on's state in the session, on the way to the agency's provider",
    "sso_callback": "a session, through the agency's own provider",
    "security:code": "a session verified by the authenticator app's code",
    "security:recovery_code": "a session verified by a recovery code, which is then used up",
    "security:set_up": "an authenticator app and ten recovery codes (a second set-up replaces the unconfirmed app)",
    "security:recovery_codes_new": "new recovery codes in place of the old",
    "security:password_change": "a new password",
    "security:password_reset": "a reset e-mail (the same page whether or not an account has the address)",
    "security:password_reset_confirm": "a new password, once for each link",
    "security:session": "another half hour of the session, from the timeout warning's Stay signed in",
    "case_reviews:create": "an ASB Case Review activation",
    "closure:letter": "a closing letter, a new document each time",
    "victims:contact_add": "an update given to a victim",
    "victims:assess": "a victim risk assessment; earlier ones are kept as the history",
    "support:create": "a support referral",
    "support:iom_create": "an IOM referral (one awaiting the panel per person)",
    "case_reviews:action_add": "an action of the review's action plan",
    "case_reviews:explain": "an explanation of the ASB Case Review to a victim",
    "cases:agencies": "an agency brought in (taking one out is refused once it has no access)",
    "cases:chronology_add": "a chronology entry",
    "cases:chronology_correct": "a correction, a new entry pointing at the original",
    "cases:document_upload": "a document",
    "cases:incident_add": "an incident",
    "cases:open": "a case",
    "cases:person_add": "a person on the case",
    "cases:unknown_add": "an unknown person on the case",
    "cases:alias_add": "an alias (the same one twice is refused)",
    "cases:risk": "a risk assessment; earlier ones are kept as the history",
    "cessation:case_review_pack": "a pack job (one at a time per officer and case)",
    "cessation:further_report_new": "a further report",
    "cessation:further_report_pack": "a pack job",
    "cessation:letter_new": "a letter",
    "cessation:further_letter": "the further letter (once per report)",
    "cessation:new_version": "a new signed version of the closure report",
    "cessation:propose": "a proposal (one in progress per case)",
    "cessation:review_pack": "a pack job",
    "incremental:intervention_issue": "an intervention",
    "incremental:fixed_penalty_issue": "a fixed penalty for a breach",
    "incremental:immediate_justice_refer": "the referral to Immediate Justice (once per intervention)",
    "incremental:letter_generate": "a new copy of the letter",
    "orders:service_new": "a service of the order (a varied order is served again)",
    "orders:term_new": "a term of the order",
    "orders:supervisor_update_new": "a supervisor's update",
    "orders:risk_assessment_new": "a Respect order risk assessment; earlier ones are kept",
    "meetings:agenda_add": "an agenda item (a case already on the agenda is refused)",
    "meetings:schedule": "a meeting",
}


@dataclass(frozen=True)
class Edit:
    """An edit form: the two visitors who may both open and save it, the objects its URL names (access matrix
    EXPECTED's keys of case_file) and a text field the second officer types into, kept after the conflict."""

    first: str
    second: str
    typed: str | None = None
    objects: dict = field(default_factory=dict)


# Edit a record that exists: the form carries the version it was opened at; a stale save is refused.
EDITS = {
    "cases:edit": Edit("lead", "colleague", typed="summary"),
    "cases:plan": Edit("lead", "partner", typed="overview"),
    "cases:person_edit": Edit("lead", "colleague", typed="notes"),
    "case_reviews:decision": Edit("lead", "partner"),
    "case_reviews:review": Edit("lead", "partner"),
    "case_reviews:appeal": Edit("lead", "partner"),
    "victims:contact_plan": Edit("lead", "partner", typed="safe_times"),
    "support:response": Edit("lead", "partner"),
    "support:engaged": Edit("lead", "partner"),
    "support:outcome": Edit("lead", "partner", typed="outcome_notes"),
    "support:follow_up": Edit("lead", "partner"),
    "support:iom_decision": Edit("lead", "partner", typed="decision_notes"),
    "case_reviews:pcc_review": Edit("lead", "partner", typed="pcc_outcome_notes"),
    "case_reviews:action_done": Edit("lead", "partner"),
    "meetings:attendance": Edit("chair", "lead", typed="attendees"),
    "cessation:meeting": Edit("chair", "lead", typed="comment"),
    "cessation:visit": Edit("lead", "colleague", typed="visit_reason"),
    "incremental:intervention_event": Edit("lead", "partner", typed="details"),
    "orders:breach_action": Edit("lead", "partner", typed="outcome"),
    "orders:term_vary": Edit("lead", "partner", typed="text"),
    "incremental:fixed_penalty_outcome": Edit("lead", "partner", typed="escalation_outcome"),
    "incremental:immediate_justice_start": Edit("lead", "partner"),
    # The victim's closing record (a new one is version 0 on the form): before closing, which needs it.
    "closure:victim": Edit("lead", "colleague", typed="told_what"),
    # Last: a closed case's other forms refuse for that reason instead.
    "cases:status": Edit("lead", "colleague", typed="reason"),
}

# A step in a record's life (with or without a form): the step checks the state it starts from with the row
# locked, so a second submit after the first (another officer's, or a form from another tab) changes nothing.
TRANSITIONS = {
    "notifications:list": "a notification read stays read when it was",
    "cases:person_merge": "a record merged into another is not merged again",
    "cases:person_identify": "an unknown person is identified once",
    "cases:merge": "a merge is undone by an administrator alone, once",
    "incremental:reminder_done": "a reminder done stays done",
    "exploitation:person_remove": "a flag removed is not removed again",
    "exploitation:person_set": "a person with a flag in force is not flagged again",
    "exploitation:case_remove": "a flag removed is not removed again",
    "exploitation:case_set": "a case with a flag in force is not flagged again",
    "jag_management:refer": "a case already under JAG case management is not referred again",
    "jag_management:take_off": "only a case under JAG case management can be taken off",
    "meetings:generate": "the agenda is rebuilt to the same items",
    "meetings:decision": "a decision already recorded is not recorded again",
    "meetings:action_done": "an action done is not marked done again",
    "meetings:held": "a meeting held is not marked held again",
    "cessation:peer_review_request": "only a proposal awaiting the JAG's decision goes to peer review",
    "cessation:written_decision": "only a proposal whose peer review is answered, and not yet decided, is decided in "
    "writing",
    "cessation:sign": "a signed closure report is signed again only as a new version",
    "cessation:review_answer": "a peer review is answered once",
    "cessation:further_report_review": "a further report is reviewed once",
    "cessation:withdraw": "only a proposal in progress is withdrawn",
    "orders:term_discharge": "a discharged term is not discharged again",
    # Last but one: the case leaves the chair's JAG.
    "jag_management:transfer": "a case is not transferred to the JAG that already manages it",
    "logout": "signing out twice is signing out once",
}

# Steps that may be asked for again and then change nothing, but are recorded in the audit trail as asked.
ASKED_AGAIN = {"meetings:generate"}

CONFLICT = re.compile(
    r"Someone else [^.<]+ while you were (editing|filling in) [^.<]+\. (Your changes have not been saved|Nothing has "
    r"been saved)"
)


def test_every_view_is_classified():
    patterns = set(named_patterns())
    tables = [READS, set(CREATES), set(EDITS), set(TRANSITIONS)]
    classified = set().union(*tables)

    assert sorted(patterns - classified) == [], "classify these views: read, create, edit or transition"
    assert sorted(classified - patterns) == [], "these views no longer exist"
    assert sum(len(table) for table in tables) == len(classified), "a view is in two tables"


class Forms(HTMLParser):
    """The forms of a page: for each, its inputs' names and values (hidden and text ones, and checked radios)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({})
        elif tag == "input" and self.forms and attributes.get("name"):
            kind = attributes.get("type", "text")
            if kind not in ("radio", "checkbox") or "checked" in attributes:
                self.forms[-1][attributes["name"]] = attributes.get("value") or ""


def form_with(response, name: str) -> dict[str, str]:
    parser = Forms()
    parser.feed(response.content.decode())
    found = [form for form in parser.forms if name in form]
    assert found, f"no form on the page has a {name!r} field"
    return found[0]


def domain_state() -> dict:
    """Every row of the case file, the JAGs, the interventions and cessation, and the notifications; how many
    audit events record a change; how many once-only tokens were claimed."""
    models = [
        *apps.get_app_config("cases").get_models(),
        *apps.get_app_config("jag").get_models(),
        *apps.get_app_config("incremental").get_models(),
        *apps.get_app_config("cessation").get_models(),
        *apps.get_app_config("orders").get_models(),
        Notification,
    ]
    state: dict = {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}
    state["changes audited"] = AuditEvent.objects.exclude(action__in=[AuditAction.VIEW, AuditAction.DOWNLOAD]).count()
    state["tokens"] = FormSubmission.objects.count()
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before if before[name] != after[name])


@pytest.fixture
def visitors(case_file, lead_officer, partner_officer, chair, reviewer, commander):
    """A client per visitor, made on first use; "…_tab" is the same officer in another tab (its own form)."""
    officers = {
        "lead": lead_officer,
        "colleague": OfficerFactory(agency=lead_officer.agency),
        "partner": partner_officer,
        "chair": chair,
        "reviewer": reviewer[0],
        "commander": commander,
    }
    clients: dict[str, Client] = {}

    def client(name: str) -> Client:
        if name not in clients:
            clients[name] = _signed_in(officers[name.removesuffix("_tab")])
        return clients[name]

    return client


def edit_url(name: str, case_file) -> str:
    """The edit form's URL: the access matrix's objects, the attendance of the case's next JAG meeting."""
    if name == "meetings:attendance":
        return reverse(name, kwargs={"pk": case_file["meeting"].pk})
    return url_for(name, named_patterns()[name], case_file)


def edit_posts(case_file, outsider_agency) -> dict[str, dict]:
    posts = valid_posts(case_file, outsider_agency)
    meeting = case_file["meeting"]
    members = meeting.jag.member_agencies.order_by("pk")
    posts["meetings:attendance"] = {f"present_{agency.pk}": "yes" for agency in members} | {
        f"attendees_{agency.pk}": f"Officer of {agency.short_name}" for agency in members
    }
    return {name: {key: value for key, value in data.items() if key != "version"} for name, data in posts.items()}


def typed_field(data: dict, typed: str) -> str:
    """The name of the first field in the submission whose name starts with `typed` (per-agency fields)."""
    return next(name for name in data if name.startswith(typed))


@pytest.mark.django_db
def test_every_edit_form_carries_its_version_and_refuses_a_stale_save(case_file, visitors, outsider_agency):
    posts = edit_posts(case_file, outsider_agency)
    problems: dict[str, str] = {}

    for name, edit in EDITS.items():
        url = edit_url(name, case_file)
        first_page, second_page = visitors(edit.first).get(url), visitors(edit.second).get(url)
        first_form, second_form = form_with(first_page, "version"), form_with(second_page, "version")
        if first_form["version"] == "" or first_form["version"] != second_form["version"]:
            problems[name] = f"versions rendered: {first_form['version']!r}, {second_form['version']!r}"
            continue
        data = posts[name]
        mine = dict(data)
        if edit.typed:
            mine[typed_field(data, edit.typed)] = "What the second officer typed."

        saved = visitors(edit.first).post(url, {**first_form, **data})
        before = domain_state()
        refused = visitors(edit.second).post(url, {**second_form, **mine})
        after = domain_state()

        page = refused.content.decode()
        if saved.status_code != 302:
            problems[name] = f"the first save answered {saved.status_code}"
        elif refused.status_code != 200 or not CONFLICT.search(page):
            problems[name] = f"the stale save answered {refused.status_code} without the conflict message"
        elif changed_tables(before, after):
            problems[name] = f"the stale save changed {changed_tables(before, after)}"
        elif edit.typed and "What the second officer typed." not in page:
            problems[name] = "what the officer typed was not kept"
        elif form_with(refused, "version")["version"] == second_form["version"]:
            problems[name] = "the refused form still carries the stale version"

    assert problems == {}


def transition_posts(case_file, outsider_agency, reviewer, lead_officer) -> dict[str, tuple[str, str, str, dict]]:
    """For each transition: its URL, the visitor who takes the step first (if the objects have not taken it yet),
    the one whose stale submit follows, and the submission."""
    posts = valid_posts(case_file, outsider_agency)
    patterns = named_patterns()
    today = clock.today()
    date = lambda name, day: {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}  # noqa: E731
    meeting, cessation_meeting = case_file["meeting"], case_file["cessation_meeting"]
    proposal = case_file["proposal"]
    notification = Notification.objects.create(
        recipient=lead_officer, event_key="stale-test", text="A step was taken on your case", url="/"
    )
    reviewer_officer, reviewer_jag = reviewer

    def at(name: str) -> str:
        return url_for(name, patterns[name], case_file)

    duplicate = case_file["duplicate"].pk
    return {
        "notifications:list": (reverse("notifications:list"), "lead", "lead_tab", {"notification": notification.pk}),
        "cases:person_merge": (
            at("cases:person_merge") + f"?duplicate={duplicate}",
            "lead",
            "colleague",
            posts["cases:person_merge"],
        ),
        "cases:person_identify": (at("cases:person_identify"), "lead", "colleague", posts["cases:person_identify"]),
        # Administrators' undo is tested in tests/cases/people/test_views.py: here the lead's POST changes nothing.
        "cases:merge": (at("cases:merge"), "", "lead", {}),
        "incremental:reminder_done": (at("incremental:reminder_done"), "lead", "lead_tab", {}),
        **{
            name: (at(name), "lead", "colleague", posts[name])
            for name in (
                "exploitation:person_remove",
                "exploitation:person_set",
                "exploitation:case_remove",
                "exploitation:case_set",
            )
        },
        "jag_management:refer": (at("jag_management:refer"), "lead", "chair", posts["jag_management:refer"]),
        "jag_management:take_off": (at("jag_management:take_off"), "lead", "chair", posts["jag_management:take_off"]),
        "meetings:generate": (reverse("meetings:generate", kwargs={"pk": meeting.pk}), "lead", "chair", {}),
        "meetings:decision": (
            reverse("meetings:decision", kwargs={"pk": meeting.pk, "reference": case_file["case"].reference}),
            "chair",
            "chair_tab",
            {"decision": "Keep under JAG management."},
        ),
        "meetings:action_done": (at("meetings:action_done"), "lead", "chair", posts["meetings:action_done"]),
        "meetings:held": (
            reverse("meetings:held", kwargs={"pk": cessation_meeting.pk}),
            "chair",
            "chair_tab",
            {"confirm": "yes"},  # past the warning about undecided cases
        ),
        "cessation:peer_review_request": (
            reverse(
                "cessation:peer_review_request",
                kwargs={
                    "reference": proposal.case.reference,
                    "number": proposal.number,
                    "meeting_pk": cessation_meeting.pk,
                },
            ),
            "chair",
            "chair_tab",
            {
                "reviewer_kind": ReviewerKind.JAG,
                "reviewer_jag": reviewer_jag.pk,
                "reviewer": reviewer_officer.pk,
                **date("access_until", today + datetime.timedelta(days=28)),
                "rationale": "The agencies present are split.",
            },
        ),
        "cessation:written_decision": (
            at("cessation:written_decision"),
            "chair",
            "chair_tab",
            {"outcome": "close", "rationale": "With the peer review in front of me: close."},
        ),
        "cessation:sign": (at("cessation:sign"), "", "chair", {"password": "not needed: already signed"}),
        "cessation:review_answer": (
            at("cessation:review_answer"),
            "",
            "reviewer",
            {
                "reasonable": "yes",
                "proportionate": "yes",
                "appropriate": "yes",
                "findings": "Answered again.",
                "recommendation": Recommendation.CONTINUE,
            },
        ),
        "cessation:further_report_review": (
            at("cessation:further_report_review"),
            "commander",
            "commander_tab",
            {
                "outcome": ReviewOutcome.NO_FURTHER_ACTION,
                "notes": "The same circumstances, already addressed.",
                "letter_kind": LetterKind.FURTHER_REFUSED,
            },
        ),
        "cessation:withdraw": (at("cessation:withdraw"), "lead", "colleague", posts["cessation:withdraw"]),
        "orders:term_discharge": (at("orders:term_discharge"), "lead", "partner", posts["orders:term_discharge"]),
        "jag_management:transfer": (
            at("jag_management:transfer"),
            "lead",
            "chair",
            posts["jag_management:transfer"],
        ),
        "logout": (reverse("logout"), "colleague", "colleague_tab", {}),
    }


@pytest.mark.django_db
def test_a_stale_submit_of_every_transition_changes_nothing(
    case_file, visitors, outsider_agency, reviewer, lead_officer
):
    posts = transition_posts(case_file, outsider_agency, reviewer, lead_officer)
    assert list(posts) == list(TRANSITIONS)
    problems: dict[str, str] = {}

    for name, (url, first, second, data) in posts.items():
        # Each visitor's form as it was before the step was taken, with its own once-only token.
        stale = {}
        page = visitors(second).get(url)
        if page.status_code == 200 and "submission_token" in page.content.decode():
            stale = form_with(page, "submission_token")
        if first:
            page = visitors(first).get(url)
            token = form_with(page, "submission_token") if b"submission_token" in page.content else {}
            untaken = domain_state()
            taken = visitors(first).post(url, {**token, **data})
            if taken.status_code != 302 or (name != "logout" and not changed_tables(untaken, domain_state())):
                problems[name] = f"the step itself answered {taken.status_code} and changed nothing"
                continue
        before = domain_state()
        again = visitors(second).post(url, {**stale, **data})
        after = domain_state()
        if name in ASKED_AGAIN:
            before.pop("changes audited"), after.pop("changes audited")
        if again.status_code >= 500 or changed_tables(before, after):
            problems[name] = (
                f"the stale submit answered {again.status_code} and changed {changed_tables(before, after)}"
            )

    assert problems == {}


@pytest.mark.django_db
def test_a_post_to_a_page_that_only_reads_changes_nothing(case_file, visitors):
    patterns = named_patterns()
    lead = visitors("lead")
    before = domain_state()
    statuses = {}

    for name in sorted(READS):
        kwargs = patterns[name]
        if kwargs == {"table"}:
            url = reverse(name, kwargs={"table": "cases"})
        elif kwargs:
            url = url_for(name, kwargs, case_file)
        else:
            url = reverse(name)
        response = lead.post(url, {"version": "1", "reason": "Posted to a page that reads."})
        if response.streaming:
            b"".join(response.streaming_content)
        statuses[name] = response.status_code

    assert changed_tables(before, domain_state()) == []
    assert {name: status for name, status in statuses.items() if status >= 500} == {}
