"""Who is told what when agencies work a case together: an agency brought in, and the lead officer when a partner
adds to the record. In the app once per officer and event, and by e-mail after the change commits."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Notification
from cases import services
from cases.models import EntryKind
from cases.notifications import notify_agency_brought_in
from cases.permissions import case_grant_access
from core import clock
from tests.factories import AgencyFactory, CaseFactory, OfficerFactory

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def told() -> list[tuple[str, str]]:
    return sorted(Notification.objects.values_list("recipient__username", "text"))


def mailed() -> list[tuple[str, str]]:
    return sorted((message.to[0], message.subject) for message in mail.outbox)


@pytest.fixture
def youth_justice(db):
    return AgencyFactory(name="Leicester City Youth Justice Service", short_name="City YJS")


@pytest.fixture
def yjs_officers(youth_justice):
    return [
        OfficerFactory(username="yjs.one", agency=youth_justice),
        OfficerFactory(username="yjs.two", agency=youth_justice),
        OfficerFactory(username="yjs.gone", agency=youth_justice, is_active=False),
    ]


def test_every_active_officer_of_an_agency_brought_in_is_told_in_the_app_and_by_email(
    case, lead_officer, youth_justice, yjs_officers, outsider_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.case_add_agency(case=case, officer=lead_officer, agency=youth_justice)

    text = f"City YJS has been brought into case {case.reference} ({case.address}) by Lena Lead (LCC)."
    assert told() == [("yjs.one", text), ("yjs.two", text)]
    assert mailed() == [
        ("yjs.one@example.org", f"LLR ASB Case Management: {text}"),
        ("yjs.two@example.org", f"LLR ASB Case Management: {text}"),
    ]
    assert Notification.objects.filter(url=case.get_absolute_url()).count() == 2


def test_telling_of_the_same_event_again_tells_nobody_twice(
    case, lead_officer, youth_justice, yjs_officers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        link = services.case_add_agency(case=case, officer=lead_officer, agency=youth_justice)
    with django_capture_on_commit_callbacks(execute=True):
        again = notify_agency_brought_in(case=case, agency=youth_justice, officer=lead_officer, link_id=link.pk)

    assert again == []
    assert (len(told()), len(mail.outbox)) == (2, 2)


def test_an_agency_brought_in_again_after_leaving_is_told_again(
    case, lead_officer, youth_justice, yjs_officers, django_capture_on_commit_callbacks
):
    services.case_add_agency(case=case, officer=lead_officer, agency=youth_justice)
    services.case_remove_agency(case=case, officer=lead_officer, agency=youth_justice)
    services.case_add_agency(case=case, officer=lead_officer, agency=youth_justice)

    assert len(told()) == 4


def test_on_a_restricted_case_only_the_named_officers_of_the_agency_are_told(
    lead_officer, jag, category, youth_justice, yjs_officers
):
    restricted = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    restricted.restricted = True
    restricted.save()
    restricted.restricted_to.add(yjs_officers[1])
    case_grant_access(restricted)

    services.case_add_agency(case=restricted, officer=lead_officer, agency=youth_justice)

    assert [username for username, _ in told()] == ["yjs.two"]


@pytest.fixture
def partner_adds(case, partner_officer):
    """What the partner officer can add to the case, each by its service."""
    now = clock.now()
    return {
        "entry": lambda officer=partner_officer: services.chronology_add(
            case=case, officer=officer, kind=EntryKind.VISIT, occurred_at=now, text="Visited the complainant."
        ),
        "incident": lambda officer=partner_officer: services.incident_record(
            case=case,
            officer=officer,
            occurred_at=now - datetime.timedelta(hours=2),
            reported_at=now - datetime.timedelta(hours=1),
            reported_to=officer.agency,
            description="Shouting in the street.",
            hate_incident=False,
        ),
        "document": lambda officer=partner_officer: services.document_upload(
            case=case,
            officer=officer,
            uploaded=SimpleUploadedFile("statement.pdf", PDF, content_type="application/pdf"),
            content_type="application/pdf",
            title="Witness statement",
        ),
    }


@pytest.mark.parametrize(
    ("what", "did", "section"),
    [
        ("entry", "logged a visit on the chronology", "chronology/"),
        ("incident", "recorded an incident", "incidents/"),
        ("document", "uploaded a document (Witness statement)", "documents/"),
    ],
)
def test_the_lead_officer_is_told_when_a_partner_adds_to_their_case(
    case, partner_adds, lead_officer, what, did, section, django_capture_on_commit_callbacks
):
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        partner_adds[what]()

    text = f"Priya Partner (Police) {did} on case {case.reference} ({case.address})."
    assert told() == [("lead.officer", text)]
    assert Notification.objects.get().url == case.get_absolute_url() + section
    assert mailed() == [("lead.officer@example.org", f"LLR ASB Case Management: {text}")]


@pytest.mark.parametrize("what", ["entry", "incident", "document"])
def test_nobody_is_told_of_what_the_lead_agency_adds(case, partner_adds, lead_officer, lead_agency, what):
    colleague = OfficerFactory(username="lead.colleague", agency=lead_agency)
    Notification.objects.all().delete()

    partner_adds[what](lead_officer)
    partner_adds[what](colleague)

    assert told() == []


def test_a_document_the_system_makes_is_not_told_of_as_an_upload(case, partner_officer):
    Notification.objects.all().delete()

    services.document_store(
        case=case,
        officer=partner_officer,
        content=PDF,
        filename="letter.pdf",
        content_type="application/pdf",
        title="Warning letter",
    )

    assert told() == []


def test_an_inactive_lead_officer_is_not_told(case, partner_adds, lead_officer):
    Notification.objects.all().delete()
    lead_officer.is_active = False
    lead_officer.save()

    partner_adds["incident"]()

    assert told() == []
