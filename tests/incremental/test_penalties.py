"""Fixed penalties for breaching a CPN (one notice on the person's ladder, with its amount within the limit in force
on the day issued, payment and escalation to prosecution) and Immediate Justice's 48-hour start, through the
services and the pages."""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from agencies.models import AgencyKind
from cases.models import Case, ChronologyEntry
from cases.services import case_add_agency
from core import clock
from incremental import penalties
from incremental.models import (
    FixedPenalty,
    ImmediateJustice,
    Intervention,
    InterventionKind,
    InterventionStatus,
    Reminder,
    ReminderKind,
)
from incremental.reminders import reminders_generate
from incremental.selectors import ladder_for_person
from orders.selectors import RegisterFilters, register
from tests.cases.views.helpers import assert_error_summary, date_parts, new_token, page_text
from tests.factories import AgencyFactory, InterventionFactory, OfficerFactory

pytestmark = pytest.mark.django_db

BEFORE, COMMENCED = datetime.date(2026, 6, 28), datetime.date(2026, 6, 29)


@pytest.mark.parametrize(
    ("issued_on", "pounds"),
    [(datetime.date(2015, 1, 1), 100), (BEFORE, 100), (COMMENCED, 500), (datetime.date(2030, 1, 1), 500)],
)
def test_the_limit_is_the_catalogues_100_pounds_before_29_june_2026_and_500_from_then(case, issued_on, pounds):
    limit = penalties.penalty_limit(case, issued_on)

    assert limit is not None and (limit.kind.code, limit.max_fixed_penalty) == ("fixed_penalty", pounds)


def test_the_limit_reads_only_the_fixed_penalty_in_one_query(case, django_assert_num_queries):
    case = Case.objects.select_related("jag").get(pk=case.pk)

    with django_assert_num_queries(1):
        penalties.penalty_limit(case, COMMENCED)


def test_a_limit_the_administrator_changes_in_the_catalogue_applies(case, cpn, lead_officer):
    limit = penalties.penalty_limit(case, COMMENCED)
    limit.max_fixed_penalty = 400
    limit.save()

    with pytest.raises(ValidationError) as refused:
        issue(cpn, lead_officer, COMMENCED, 450_00)

    assert refused.value.message_dict["amount_pence"] == [
        "A fixed penalty issued on 29 June 2026 must be no more than £400, the limit in force from 29 June 2026"
    ]


@pytest.fixture
def cpn(case, perpetrator, kinds):
    return InterventionFactory(case=case, person=perpetrator, kind=kinds["cpn"], issued_on=datetime.date(2026, 5, 1))


def issue(cpn, officer, issued_on, pence, due_on=None, **fields):
    return penalties.fixed_penalty_issue(
        officer=officer,
        intervention=cpn,
        issued_on=issued_on,
        amount_pence=pence,
        due_on=due_on or issued_on + datetime.timedelta(days=14),
        **fields,
    )


def notices():
    return list(Intervention.objects.filter(kind__code="fixed_penalty").order_by("issued_on"))


def test_the_amount_is_checked_against_the_limit_on_the_day_issued(cpn, lead_officer):
    with pytest.raises(ValidationError) as refused:
        issue(cpn, lead_officer, BEFORE, 100_01)
    assert refused.value.message_dict["amount_pence"] == [
        "A fixed penalty issued on 28 June 2026 must be no more than £100, the limit in force from 20 October 2014"
    ]
    issue(cpn, lead_officer, BEFORE, 100_00)
    with pytest.raises(ValidationError) as refused:
        issue(cpn, lead_officer, COMMENCED, 500_01)
    assert refused.value.message_dict["amount_pence"] == [
        "A fixed penalty issued on 29 June 2026 must be no more than £500, the limit in force from 29 June 2026"
    ]
    penalty = issue(cpn, lead_officer, COMMENCED, 500_00)
    assert FixedPenalty.objects.count() == 2
    assert ChronologyEntry.objects.filter(
        case=cpn.case,
        text="Fixed penalty of £500 issued to Darren Whitfield on 29 June 2026 for breaching the Community Protection "
        "Notice of 1 May 2026; to be paid by 13 July 2026.",
    ).exists()
    assert penalty.payment_status(COMMENCED) == "To be paid by 13 July 2026"
    assert penalty.payment_status(clock.today()) == "Not paid by 13 July 2026"


def test_each_fixed_penalty_is_one_notice_on_the_ladder_under_the_version_in_force(cpn, lead_officer):
    first = issue(cpn, lead_officer, BEFORE, 100_00)
    second = issue(cpn, lead_officer, COMMENCED, 350_00)

    assert [first.notice, second.notice] == notices()
    assert [(n.person, n.case, n.issued_on, n.tier) for n in notices()] == [
        (cpn.person, cpn.case, BEFORE, 2),
        (cpn.person, cpn.case, COMMENCED, 2),
    ]
    assert [n.kind_version.max_fixed_penalty for n in notices()] == [100, 500]
    assert [(n.issuing_officer, n.issuing_agency) for n in notices()] == [(lead_officer, lead_officer.agency)] * 2
    assert (first.intervention, second.intervention) == (cpn, cpn)
    ladder = ladder_for_person(lead_officer, cpn.person)
    assert [rung.intervention.kind_name for rung in ladder.rungs] == [
        "Community Protection Notice",
        "Fixed penalty for breach of a CPN or PSPO",
        "Fixed penalty for breach of a CPN or PSPO",
    ]
    assert (
        ChronologyEntry.objects.filter(
            case=cpn.case,
            text__startswith="Fixed penalty for breach of a CPN or PSPO (tier 2) issued to Darren Whitfield",
        ).count()
        == 2
    )


def test_a_fixed_penalty_refused_saves_neither_the_notice_nor_its_details(cpn, lead_officer):
    entries = ChronologyEntry.objects.count()

    with pytest.raises(ValidationError) as refused:
        issue(cpn, lead_officer, COMMENCED, 600_00, due_on=COMMENCED - datetime.timedelta(days=1))

    assert set(refused.value.message_dict) == {"amount_pence", "due_on"}
    assert (notices(), FixedPenalty.objects.count(), ChronologyEntry.objects.count()) == ([], 0, entries)


def test_the_notice_is_issued_only_by_an_agency_the_catalogue_allows(case, cpn, lead_officer):
    health = AgencyFactory(name="Leicester NHS Trust", short_name="NHS", kind=AgencyKind.HEALTH)
    case_add_agency(case=case, officer=lead_officer, agency=health)
    nurse = OfficerFactory(username="nurse", agency=health)

    with pytest.raises(ValidationError) as refused:
        issue(cpn, lead_officer, COMMENCED, 100_00, issuing_officer=nurse)

    assert list(refused.value.message_dict) == ["issuing_officer"]
    assert "Leicester NHS Trust" in refused.value.message_dict["issuing_officer"][0]
    assert (notices(), FixedPenalty.objects.count()) == ([], 0)


def test_only_a_cpn_or_pspo_takes_a_fixed_penalty(case, perpetrator, kinds, lead_officer):
    advice = InterventionFactory(case=case, person=perpetrator, kind=kinds["words_of_advice"])
    with pytest.raises(ValidationError):
        issue(advice, lead_officer, clock.today(), 50_00)


def test_a_cpn_quashed_on_appeal_takes_no_fixed_penalty(cpn, lead_officer):
    Intervention.objects.filter(pk=cpn.pk).update(status=InterventionStatus.QUASHED)

    with pytest.raises(ValidationError) as refused:
        issue(cpn, lead_officer, COMMENCED, 50_00)

    assert refused.value.messages == [
        "The Community Protection Notice was quashed on appeal: no fixed penalty is given for it"
    ]


def test_payment_and_escalation_are_checked_and_recorded(cpn, lead_officer):
    penalty = issue(cpn, lead_officer, COMMENCED, 250_00)

    def update(**fields):
        values = {"paid_on": None, "escalated_on": None, "escalation_outcome": ""} | fields
        return penalties.fixed_penalty_update(
            officer=lead_officer, penalty=penalty, expected_version=penalty.version, **values
        )

    with pytest.raises(ValidationError) as refused:
        update(paid_on=COMMENCED - datetime.timedelta(days=1))
    assert "on or after the date the fixed penalty was issued, 29 June 2026" in refused.value.message_dict["paid_on"][0]
    with pytest.raises(ValidationError) as refused:
        update(escalation_outcome="Convicted, fined £300")
    assert refused.value.message_dict["escalated_on"] == [
        "Enter the date it was referred for prosecution, to record the outcome"
    ]

    referred = datetime.date(2026, 7, 20)
    penalty = update(escalated_on=referred, escalation_outcome="Convicted, fined £300")
    assert (penalty.escalated_on, penalty.version) == (referred, 2)
    assert ChronologyEntry.objects.filter(
        case=cpn.case, text__contains="referred for prosecution on 20 July 2026; outcome of the prosecution"
    ).exists()
    with pytest.raises(penalties.FixedPenaltyChanged):
        penalties.fixed_penalty_update(
            officer=lead_officer,
            penalty=penalty,
            expected_version=1,
            paid_on=None,
            escalated_on=None,
            escalation_outcome="",
        )


def test_pages_show_errors_next_to_the_fields(cpn, lead_officer, lead_officer_client):
    url = reverse("incremental:fixed_penalty_issue", kwargs={"reference": cpn.case.reference, "pk": cpn.pk})
    form = page_text(lead_officer_client.get(url))
    assert f'<option value="{lead_officer.pk}" selected>' in form
    over = lead_officer_client.post(
        url,
        {
            "issuing_officer": lead_officer.pk,
            **date_parts("issued_on", BEFORE),
            "amount": "150",
            **date_parts("due_on", BEFORE),
            "submission_token": new_token(),
        },
    )
    assert_error_summary(over, "A fixed penalty issued on 28 June 2026 must be no more than £100")
    amount = re.search(r'<div id="div_id_amount".*?<input[^>]*name="amount"', page_text(over), re.S)
    assert amount and "govuk-form-group--error" in amount.group(0)
    assert "must be no more than £100, the limit in force from 20 October 2014" in amount.group(0)
    assert (notices(), FixedPenalty.objects.count()) == ([], 0)

    saved = lead_officer_client.post(
        url,
        {
            "issuing_officer": lead_officer.pk,
            **date_parts("issued_on", COMMENCED),
            "amount": "£72.50",
            **date_parts("due_on", COMMENCED),
            "submission_token": new_token(),
        },
    )
    assert saved.status_code == 302
    penalty = FixedPenalty.objects.get()
    assert penalty.amount_pence == 72_50
    detail = page_text(lead_officer_client.get(saved["Location"]))
    assert "£72.50" in detail and "Not paid by 29 June 2026" in detail
    assert penalty.notice.get_absolute_url() in detail

    notice_page = page_text(lead_officer_client.get(penalty.notice.get_absolute_url()))
    assert 'id="fixed-penalty"' in notice_page
    assert "Community Protection Notice issued 1 May 2026" in notice_page and "£72.50" in notice_page

    outcome = reverse("incremental:fixed_penalty_outcome", kwargs={"reference": cpn.case.reference, "pk": penalty.pk})
    early = lead_officer_client.post(
        outcome,
        {"version": penalty.version, **date_parts("paid_on", BEFORE), "submission_token": new_token()},
    )
    assert_error_summary(early, "The date paid must be on or after the date the fixed penalty was issued")
    no_date = lead_officer_client.post(
        outcome,
        {"version": penalty.version, "escalation_outcome": "Fined", "submission_token": new_token()},
    )
    assert_error_summary(no_date, "Enter the date it was referred for prosecution")


def issue_url(case, person, **query) -> str:
    url = reverse("incremental:intervention_issue", kwargs={"reference": case.reference, "pk": person.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_issue_form_sends_a_fixed_penalty_to_the_cpn_breached(case, perpetrator, kinds, lead_officer_client):
    cpn = InterventionFactory(
        case=case, person=perpetrator, kind=kinds["cpn"], issued_on=clock.today(), live_until=None
    )
    InterventionFactory(
        case=case,
        person=perpetrator,
        kind=kinds["cpn"],
        issued_on=clock.today() - datetime.timedelta(days=400),
        status=InterventionStatus.DISCHARGED,
    )

    page = page_text(lead_officer_client.get(issue_url(case, perpetrator)))

    assert f'value="{kinds["fixed_penalty"].pk}"' not in page
    record = reverse("incremental:fixed_penalty_issue", kwargs={"reference": case.reference, "pk": cpn.pk})
    assert page.count('/fixed-penalties/new/"') == 1 and f'href="{record}"' in page
    chosen = lead_officer_client.get(issue_url(case, perpetrator, kind=kinds["fixed_penalty"].pk))
    assert_error_summary(chosen, "Choose one of the interventions listed")


def test_the_issue_form_says_where_a_fixed_penalty_is_recorded_without_a_live_cpn(
    case, perpetrator, lead_officer_client
):
    page = page_text(lead_officer_client.get(issue_url(case, perpetrator)))

    assert "record it from the CPN or PSPO breached" in page
    assert "Darren Whitfield has no live CPN or PSPO on this case." in page


@pytest.fixture
def immediate_justice(case, perpetrator):
    kind, _ = InterventionKind.objects.get_or_create(
        code="immediate_justice", defaults={"name": "Immediate Justice", "tier": 1}
    )
    return InterventionFactory(case=case, person=perpetrator, kind=kind, issued_on=clock.today())


def test_immediate_justice_is_a_task_until_it_starts_and_late_after_48_hours(
    immediate_justice, lead_officer, lead_officer_client
):
    referred = clock.now() - datetime.timedelta(hours=50)
    record = penalties.immediate_justice_refer(
        officer=lead_officer, intervention=immediate_justice, referred_at=referred, work="Graffiti clean-up"
    )
    task = Reminder.objects.get(kind=ReminderKind.IMMEDIATE_JUSTICE_START)
    assert task.officer == lead_officer and task.intervention == immediate_justice
    tasks = page_text(lead_officer_client.get(reverse("incremental:my_tasks")))
    assert "Immediate Justice for Darren Whitfield: the work must start within 48 hours" in tasks
    page = page_text(lead_officer_client.get(immediate_justice.get_absolute_url()))
    assert "the 48 hours have passed" in page

    with pytest.raises(ValidationError):
        penalties.immediate_justice_start(
            officer=lead_officer, record=record, expected_version=1, started_at=referred - datetime.timedelta(hours=1)
        )
    penalties.immediate_justice_start(
        officer=lead_officer, record=record, expected_version=1, started_at=referred + datetime.timedelta(hours=49)
    )
    assert not Reminder.objects.filter(kind=ReminderKind.IMMEDIATE_JUSTICE_START).exists()
    record.refresh_from_db()
    assert record.is_late()
    page = page_text(lead_officer_client.get(immediate_justice.get_absolute_url()))
    assert "more than 48 hours after the referral" in page
    assert ChronologyEntry.objects.filter(text__contains="That is later than the 48 hours after the referral").exists()


def test_immediate_justice_started_within_48_hours_is_on_time(immediate_justice, lead_officer, lead_officer_client):
    referred = clock.now() - datetime.timedelta(hours=30)
    url = reverse(
        "incremental:immediate_justice_refer",
        kwargs={"reference": immediate_justice.case.reference, "pk": immediate_justice.pk},
    )
    local = clock.localtime() - datetime.timedelta(hours=30)
    missing = lead_officer_client.post(
        url, {**date_parts("referred_on", local.date()), "submission_token": new_token()}
    )
    assert_error_summary(missing, "Enter the time referred")
    saved = lead_officer_client.post(
        url,
        {**date_parts("referred_on", local.date()), "referred_time": f"{local:%H:%M}", "submission_token": new_token()},
    )
    assert saved.status_code == 302
    record = ImmediateJustice.objects.get()
    assert abs((record.referred_at - referred).total_seconds()) < 120
    penalties.immediate_justice_start(officer=lead_officer, record=record, expected_version=1, started_at=clock.now())
    page = page_text(lead_officer_client.get(immediate_justice.get_absolute_url()))
    assert "Within 48 hours" in page


def test_the_daily_job_keeps_the_immediate_justice_task_until_the_work_starts(immediate_justice, lead_officer):
    record = penalties.immediate_justice_refer(
        officer=lead_officer, intervention=immediate_justice, referred_at=clock.now() - datetime.timedelta(hours=1)
    )
    Reminder.objects.all().delete()

    reminders_generate(as_of=clock.today())
    task = Reminder.objects.get(kind=ReminderKind.IMMEDIATE_JUSTICE_START)
    assert task.text == "Immediate Justice for Darren Whitfield: the work must start within 48 hours"
    assert task.due_on == timezone.localtime(record.start_by).date()

    penalties.immediate_justice_start(officer=lead_officer, record=record, expected_version=1, started_at=clock.now())
    reminders_generate(as_of=clock.today())
    assert not Reminder.objects.filter(kind=ReminderKind.IMMEDIATE_JUSTICE_START).exists()


def test_the_migration_gives_a_penalty_recorded_before_its_notice_on_the_ladder(cpn, lead_officer):
    migration = importlib.import_module("incremental.migrations.0012_fixed_penalty_notice")
    earlier = FixedPenalty.objects.create(
        intervention=cpn,
        issued_on=BEFORE,
        amount_pence=90_00,
        due_on=BEFORE + datetime.timedelta(days=14),
        recorded_by=lead_officer,
    )

    migration.give_each_penalty_its_notice(apps, None)

    earlier.refresh_from_db()
    notice = earlier.notice
    assert notice is not None and notices() == [notice]
    assert (notice.person, notice.case, notice.issued_on, notice.kind_version.max_fixed_penalty) == (
        cpn.person,
        cpn.case,
        BEFORE,
        100,
    )
    assert (notice.issuing_officer, notice.issuing_agency, notice.skipped_stage) == (
        lead_officer,
        lead_officer.agency,
        False,
    )
    migration.give_each_penalty_its_notice(apps, None)
    assert notices() == [notice]


def test_a_paid_fixed_penalty_is_settled_and_leaves_the_register_in_force(cpn, lead_officer):
    """The notice runs until paid: then discharged on the day paid; the payment removed, in force again."""
    penalty = issue(cpn, lead_officer, COMMENCED, 250_00)
    paid_on = COMMENCED + datetime.timedelta(days=10)

    def update(version: int, **fields):
        values = {"paid_on": None, "escalated_on": None, "escalation_outcome": ""} | fields
        return penalties.fixed_penalty_update(officer=lead_officer, penalty=penalty, expected_version=version, **values)

    def in_force() -> bool:
        return register(lead_officer, RegisterFilters()).filter(pk=penalty.notice_id).exists()

    assert in_force()
    update(1, paid_on=paid_on)
    notice = Intervention.objects.get(pk=penalty.notice_id)
    assert (notice.status, notice.status_on) == (InterventionStatus.DISCHARGED, paid_on)
    assert not in_force()

    update(2)
    notice.refresh_from_db()
    assert (notice.status, notice.status_on) == (InterventionStatus.LIVE, None)
    assert in_force()

    # Unpaid and prosecuted: settled on the day the outcome is recorded.
    referred = penalty.due_on + datetime.timedelta(days=3)
    update(3, escalated_on=referred)
    notice.refresh_from_db()
    assert notice.status == InterventionStatus.LIVE
    update(4, escalated_on=referred, escalation_outcome="Convicted, fined £300")
    notice.refresh_from_db()
    assert (notice.status, notice.status_on) == (InterventionStatus.DISCHARGED, clock.today())
