"""Wrong, hostile or repeated input: always the form again with a GOV.UK error summary and the typed values kept,
never a 500, and never a second record from one form."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import CasePerson, ChronologyEntry, Document, Incident, Person
from cases.services import case_add_person, chronology_add, person_create
from core import clock
from tests.factories import CaseFactory

from .helpers import PDF_BYTES, assert_error_summary, date_parts, input_value, new_token

pytestmark = pytest.mark.django_db


def case_url(case, name: str) -> str:
    return reverse(f"cases:{name}", kwargs={"reference": case.reference})


# --- Incidents ------------------------------------------------------------------------------------------------


def test_incident_reported_before_it_happened_refused(lead_officer_client, case, incident_form_data):
    today = clock.today()
    form = {
        **incident_form_data,
        **date_parts("occurred_on", today - datetime.timedelta(days=1)),
        **date_parts("reported_on", today - datetime.timedelta(days=3)),
    }

    response = lead_officer_client.post(case_url(case, "incident_add"), form)

    assert_error_summary(response, "The date it was reported must be the same as or after the date it happened")
    assert input_value(response, "reported_on_0") == form["reported_on_0"]
    assert input_value(response, "occurred_on_0") == form["occurred_on_0"]
    assert input_value(response, "description") == form["description"]
    assert Incident.objects.count() == 0


def test_incident_reported_earlier_the_same_day_refused(lead_officer_client, case, incident_form_data):
    day = clock.today() - datetime.timedelta(days=1)
    form = {
        **incident_form_data,
        **date_parts("occurred_on", day),
        "occurred_time": "22:00",
        **date_parts("reported_on", day),
        "reported_time": "21:00",
    }

    response = lead_officer_client.post(case_url(case, "incident_add"), form)

    assert_error_summary(response, "The date it was reported must be the same as or after the date it happened")
    assert input_value(response, "reported_time") == "21:00"
    assert Incident.objects.count() == 0


def test_incident_in_the_future_refused(lead_officer_client, case, incident_form_data):
    next_week = clock.today() + datetime.timedelta(days=7)
    form = {**incident_form_data, **date_parts("occurred_on", next_week), **date_parts("reported_on", next_week)}

    response = lead_officer_client.post(case_url(case, "incident_add"), form)

    assert_error_summary(
        response,
        "The date it happened must be today or in the past",
        "The date it was reported must be today or in the past",
    )
    assert input_value(response, "occurred_on_2") == str(next_week.year)
    assert Incident.objects.count() == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"occurred_on_0": "31", "occurred_on_1": "2", "occurred_on_2": "2024"},  # no 31 February
        {"occurred_on_0": "x", "occurred_on_1": "y", "occurred_on_2": "zzzz"},
        {"occurred_on_0": "1", "occurred_on_1": "13", "occurred_on_2": "2024"},
        {"occurred_on_0": "1", "occurred_on_1": "1", "occurred_on_2": "99999999"},
        {"occurred_on_0": "", "occurred_on_1": "", "occurred_on_2": "2024"},
        {"occurred_time": "25:99"},
        {"reported_time": "noon"},
        {"reported_to": "not-a-number"},
        {"reported_to": "999999"},
        {"description": ""},
        {"description": "x" * 5001},
    ],
    ids=lambda c: ",".join(f"{k}={str(v)[:12]}" for k, v in c.items()),
)
def test_incident_malformed_answer_shows_error_not_500(lead_officer_client, case, incident_form_data, changes):
    response = lead_officer_client.post(case_url(case, "incident_add"), {**incident_form_data, **changes})

    assert_error_summary(response)
    assert Incident.objects.count() == 0


@pytest.mark.parametrize(
    "day, month, year", [("31", "2", "2024"), ("1", "1", "0"), ("1", "1", "9" * 30)], ids=["31-feb", "year-0", "huge"]
)
def test_incident_impossible_date_explained(lead_officer_client, case, incident_form_data, day, month, year):
    form = {**incident_form_data, "occurred_on_0": day, "occurred_on_1": month, "occurred_on_2": year}

    response = lead_officer_client.post(case_url(case, "incident_add"), form)

    assert_error_summary(response, "Date it happened must be a real date")
    assert input_value(response, "occurred_on_2") == year
    assert Incident.objects.count() == 0


def test_incident_description_over_5000_characters_kept(lead_officer_client, case, incident_form_data):
    description = "Shouting in the street. " * 250  # 6,000 characters

    response = lead_officer_client.post(
        case_url(case, "incident_add"), {**incident_form_data, "description": description}
    )

    assert_error_summary(response, "Ensure this value has at most 5000 characters")
    assert input_value(response, "description") == description


def test_incident_double_submitted_saves_one(lead_officer_client, case, incident_form_data):
    form = {**incident_form_data, "submission_token": new_token()}

    first = lead_officer_client.post(case_url(case, "incident_add"), form)
    second = lead_officer_client.post(case_url(case, "incident_add"), form)

    assert Incident.objects.filter(case=case).count() == 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == reverse("cases:incidents", kwargs={"reference": case.reference})


# --- People ---------------------------------------------------------------------------------------------------


def test_person_malformed_postcode_refused_and_kept(lead_officer_client, case, person_form_data):
    form = {**person_form_data, "postcode": "LE1 ZZZ"}

    response = lead_officer_client.post(case_url(case, "person_add"), form)

    assert_error_summary(response, "Enter a real postcode, like LE1 6ZG")
    assert input_value(response, "postcode") == "LE1 ZZZ"
    assert input_value(response, "first_name") == "Mary"
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"date_of_birth_0": "1", "date_of_birth_1": "1", "date_of_birth_2": "2999"},
            "Date of birth must be in the past",
        ),
        (
            {"date_of_birth_0": "1", "date_of_birth_1": "1", "date_of_birth_2": "1850"},
            "Date of birth must be after 1900",
        ),
        ({"email": "not an address"}, "Enter an e-mail address in the right format"),
        ({"role": "ringleader"}, "Select a valid choice"),
        ({"first_name": "M" * 101}, "Ensure this value has at most 100 characters"),
        ({"first_name": "", "last_name": ""}, "Enter the first name"),
    ],
    ids=["dob-future", "dob-1850", "email", "role", "long-name", "no-name"],
)
def test_person_bad_answer_refused(lead_officer_client, case, person_form_data, changes, message):
    response = lead_officer_client.post(case_url(case, "person_add"), {**person_form_data, **changes})

    assert_error_summary(response, message)
    assert CasePerson.objects.count() == 0


def test_person_double_submitted_saves_one(lead_officer_client, case, person_form_data):
    form = {**person_form_data, "submission_token": new_token()}

    first = lead_officer_client.post(case_url(case, "person_add"), form)
    second = lead_officer_client.post(case_url(case, "person_add"), form)

    assert (Person.objects.count(), CasePerson.objects.filter(case=case).count()) == (1, 1)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]


def test_person_choosing_a_record_they_may_not_see_refused(
    lead_officer_client, case, person_form_data, outsider_officer
):
    """A forged `match` naming someone only in another agency's case is not added (nor shown)."""
    hidden_case = CaseFactory(lead_officer=outsider_officer)
    hidden = person_create(officer=outsider_officer, first_name="Hidden", last_name="Person")
    case_add_person(case=hidden_case, officer=outsider_officer, person=hidden, role="perpetrator")

    response = lead_officer_client.post(
        case_url(case, "person_add"), {**person_form_data, "match": str(hidden.pk), "submission_token": new_token()}
    )

    assert_error_summary(response, "Choose one of the people listed, or add a new person")
    assert "Hidden" not in response.content.decode()
    assert CasePerson.objects.filter(case=case).count() == 0


# --- Chronology -----------------------------------------------------------------------------------------------


def test_chronology_action_in_the_future_refused(lead_officer_client, case, chronology_form_data):
    form = {**chronology_form_data, **date_parts("occurred_on", clock.today() + datetime.timedelta(days=1))}
    before = ChronologyEntry.objects.count()

    response = lead_officer_client.post(case_url(case, "chronology_add"), form)

    assert_error_summary(response, "The date of the action must be today or in the past")
    assert input_value(response, "text") == form["text"]
    assert ChronologyEntry.objects.count() == before


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"kind": "system"}, "Select a valid choice"),
        ({"kind": "correction"}, "Select a valid choice"),
        ({"text": "x" * 10001}, "Ensure this value has at most 10000 characters"),
        ({"text": ""}, "Enter what was done"),
        ({"occurred_time": "7pm"}, "Enter a time in the 24-hour clock, like 14:30"),
    ],
    ids=["system", "correction", "long", "empty", "time"],
)
def test_chronology_bad_answer_refused(lead_officer_client, case, chronology_form_data, changes, message):
    before = ChronologyEntry.objects.count()

    response = lead_officer_client.post(case_url(case, "chronology_add"), {**chronology_form_data, **changes})

    assert_error_summary(response, message)
    assert ChronologyEntry.objects.count() == before


def test_chronology_double_submitted_saves_one(lead_officer_client, case, chronology_form_data):
    form = {**chronology_form_data, "submission_token": new_token()}
    before = ChronologyEntry.objects.count()

    first = lead_officer_client.post(case_url(case, "chronology_add"), form)
    second = lead_officer_client.post(case_url(case, "chronology_add"), form)

    assert ChronologyEntry.objects.count() == before + 1
    assert (first.status_code, second.status_code, second["Location"]) == (302, 302, first["Location"])


def test_submission_token_not_a_uuid_still_saves_once(lead_officer_client, case, chronology_form_data):
    before = ChronologyEntry.objects.count()

    response = lead_officer_client.post(
        case_url(case, "chronology_add"), {**chronology_form_data, "submission_token": "'; DROP TABLE x; --"}
    )

    assert response.status_code in (200, 302)
    assert ChronologyEntry.objects.count() - before == (1 if response.status_code == 302 else 0)


# --- Documents ------------------------------------------------------------------------------------------------


def upload(client, case, name: str, content: bytes, **extra):
    data = {"title": "Witness statement", "file": SimpleUploadedFile(name, content), **extra}
    return client.post(case_url(case, "document_upload"), data)


def test_document_exe_renamed_pdf_refused(lead_officer_client, case):
    executable = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200

    response = upload(lead_officer_client, case, "statement.pdf", executable)

    assert_error_summary(response, "this file's content is not one of those")
    assert input_value(response, "title") == "Witness statement"
    assert Document.objects.count() == 0


def test_document_pdf_named_exe_refused(lead_officer_client, case):
    response = upload(lead_officer_client, case, "statement.exe", PDF_BYTES)

    assert_error_summary(response, "The file's name ends .exe but its content is PDF")
    assert Document.objects.count() == 0


@pytest.mark.parametrize(
    "limit, message",
    [(1024 * 1024, "The file must be smaller than 1 MB"), (1000, "The file must be smaller than 1000")],
)
def test_document_over_the_size_limit_refused(lead_officer_client, case, settings, limit, message):
    settings.CASE_DOCUMENT_MAX_BYTES = limit
    big = PDF_BYTES + b"0" * limit

    response = upload(lead_officer_client, case, "big.pdf", big)

    assert_error_summary(response, message)
    assert "smaller than 0 MB" not in response.content.decode()
    assert input_value(response, "title") == "Witness statement"
    assert Document.objects.count() == 0


def test_document_form_hint_states_the_limit(lead_officer_client, case, settings):
    settings.CASE_DOCUMENT_MAX_BYTES = 5 * 1024 * 1024

    response = lead_officer_client.get(case_url(case, "document_upload"))

    assert "up to 5 MB" in response.content.decode()


def test_document_empty_file_refused(lead_officer_client, case):
    response = upload(lead_officer_client, case, "empty.pdf", b"")

    assert_error_summary(response, "The file is empty")
    assert Document.objects.count() == 0


def test_document_without_file_refused(lead_officer_client, case):
    response = lead_officer_client.post(case_url(case, "document_upload"), {"title": "No file"})

    assert_error_summary(response, "Choose a file to upload")
    assert input_value(response, "title") == "No file"


def test_document_title_over_200_characters_refused(lead_officer_client, case):
    response = upload(lead_officer_client, case, "statement.pdf", PDF_BYTES, title="T" * 201)

    assert_error_summary(response, "Ensure this value has at most 200 characters")
    assert Document.objects.count() == 0


def test_document_double_submitted_saves_one(lead_officer_client, case):
    token = new_token()

    first = upload(lead_officer_client, case, "statement.pdf", PDF_BYTES, submission_token=token)
    second = upload(lead_officer_client, case, "statement.pdf", PDF_BYTES, submission_token=token)

    assert Document.objects.filter(case=case).count() == 1
    assert (first.status_code, second.status_code, second["Location"]) == (302, 302, first["Location"])


# --- Case details ---------------------------------------------------------------------------------------------


def test_case_edit_bad_postcode_and_long_summary_refused_and_kept(lead_officer_client, case, case_form_data):
    summary = "y" * 5001
    form = {**case_form_data, "postcode": "12345", "summary": summary, "version": str(case.version)}

    response = lead_officer_client.post(case_url(case, "edit"), form)

    assert_error_summary(
        response, "Enter a real postcode, like LE1 6ZG", "Ensure this value has at most 5000 characters"
    )
    assert (input_value(response, "postcode"), input_value(response, "summary")) == ("12345", summary)
    case.refresh_from_db()
    assert case.postcode == "LE3 0BQ"


@pytest.mark.parametrize("version", ["", "abc", "-1"])
def test_case_edit_tampered_version_is_not_a_500(lead_officer_client, case, case_form_data, version):
    response = lead_officer_client.post(
        case_url(case, "edit"), {**case_form_data, "summary": "Changed.", "version": version}
    )

    assert response.status_code == 200
    case.refresh_from_db()
    assert case.summary != "Changed."


# --- Agencies, plan, risk -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "", "1.5", "-1", "9" * 25])
def test_agency_remove_tampered_value_is_404_not_500(lead_officer_client, case, partner_agency, value):
    response = lead_officer_client.post(case_url(case, "agencies"), {"remove": value})

    assert response.status_code == 404
    assert case.involved_agencies.get() == partner_agency


def test_agency_remove_of_an_agency_not_involved_explained(lead_officer_client, case, outsider_agency):
    response = lead_officer_client.post(case_url(case, "agencies"), {"remove": str(outsider_agency.pk)}, follow=True)

    assert response.status_code == 200
    assert f"{outsider_agency} is not involved in this case" in response.content.decode()


def test_agency_brought_in_twice_by_a_double_submission_once(lead_officer_client, case, outsider_agency):
    form = {"agency": str(outsider_agency.pk), "submission_token": new_token()}

    first = lead_officer_client.post(case_url(case, "agencies"), form)
    second = lead_officer_client.post(case_url(case, "agencies"), form)

    assert case.agency_links.filter(agency=outsider_agency).count() == 1
    assert (first.status_code, second.status_code, second["Location"]) == (302, 302, first["Location"])


def test_agency_already_involved_refused(lead_officer_client, case, partner_agency):
    response = lead_officer_client.post(case_url(case, "agencies"), {"agency": str(partner_agency.pk)})

    assert_error_summary(response, "Select a valid choice")


def test_plan_before_the_risk_is_assessed_explained(lead_officer_client, case):
    form = {
        "overview": "Noise.",
        "who_is_at_risk": "Family.",
        "risk_from": "Neighbour.",
        "children_involved": "no",
        "actions": "Letter.",
        "submission_token": new_token(),
    }

    response = lead_officer_client.post(case_url(case, "plan"), form)

    assert_error_summary(response, "A problem-solving plan is for medium and high risk cases: assess the risk first")
    assert input_value(response, "overview") == "Noise."
    assert case.plan_versions.count() == 0


def test_plan_children_involved_needs_the_safeguarding_answer(lead_officer_client, case):
    form = {
        "overview": "Noise.",
        "who_is_at_risk": "Family.",
        "risk_from": "Neighbour.",
        "children_involved": "yes",
        "actions": "Letter.",
    }

    response = lead_officer_client.post(case_url(case, "plan"), form)

    assert_error_summary(
        response,
        "Select whether a welfare check or safeguarding referral has been considered, as children are involved",
    )


def test_risk_band_changed_without_a_reason_refused(lead_officer_client, case):
    answers = {
        q: "no"
        for q in (
            "happened_before",
            "reported_elsewhere",
            "feels_targeted",
            "household_vulnerable",
            "children_involved",
        )
    }

    response = lead_officer_client.post(
        case_url(case, "risk"),
        {**answers, "shown_band": "standard", "override_band": "high", "submission_token": new_token()},
    )

    assert_error_summary(response, "Give the reason for changing the calculated risk band")
    assert case.risk_assessments.count() == 0


def test_correcting_a_system_entry_is_404(lead_officer_client, case):
    system_entry = case.chronology.filter(kind="system").first()

    response = lead_officer_client.get(
        reverse("cases:chronology_correct", kwargs={"reference": case.reference, "pk": system_entry.pk})
    )

    assert response.status_code == 404


def test_correcting_an_entry_through_another_case_is_404(lead_officer_client, lead_officer, case):
    other = CaseFactory(lead_officer=lead_officer)
    entry = chronology_add(case=other, officer=lead_officer, kind="note", occurred_at=clock.now(), text="A note.")

    response = lead_officer_client.get(
        reverse("cases:chronology_correct", kwargs={"reference": case.reference, "pk": entry.pk})
    )

    assert response.status_code == 404


# --- Every field of every form, filled with something hostile ---------------------------------------------------

HOSTILE_VALUES = ["\x00", "9" * 30, "-1", "<script>alert(1)</script>", "é" * 10001, ""]


@pytest.fixture
def valid_forms(case, case_form_data, incident_form_data, chronology_form_data, person_form_data, outsider_agency):
    answers = {q: "yes" for q in ("happened_before", "reported_elsewhere", "feels_targeted", "household_vulnerable")}
    plan = {"overview": "O.", "who_is_at_risk": "W.", "risk_from": "R.", "children_involved": "no", "actions": "A."}
    return {
        "open": {**case_form_data},
        "edit": {**case_form_data, "version": str(case.version)},
        "agencies": {"agency": str(outsider_agency.pk)},
        "status": {"reason": "Resolved."},
        "person_add": {**person_form_data, "match": ""},
        "incident_add": {**incident_form_data, "hate_incident": "on"},
        "chronology_add": {**chronology_form_data},
        "risk": {**answers, "children_involved": "no", "override_band": "", "override_reason": "", "victim": ""},
        "plan": {**plan, "safeguarding_considered": "", "partner_reports": ""},
        "document_upload": {"title": "T", "description": "D"},
    }


@pytest.mark.parametrize(
    "name",
    [
        "open",
        "edit",
        "agencies",
        "status",
        "person_add",
        "incident_add",
        "chronology_add",
        "risk",
        "plan",
        "document_upload",
    ],
)
def test_hostile_value_in_any_field_is_never_a_server_error(lead_officer_client, case, valid_forms, name):
    url = reverse("cases:open") if name == "open" else case_url(case, name)
    form = valid_forms[name]
    failures = {}

    for field in [*form, "submission_token"]:
        for value in HOSTILE_VALUES:
            data = {**form, field: value}
            if name == "document_upload":
                data["file"] = SimpleUploadedFile("statement.pdf", PDF_BYTES)
            try:
                status = lead_officer_client.post(url, data).status_code
            except Exception as error:  # the test client re-raises what would have been a 500
                status = f"{type(error).__name__}: {error}"
            if status not in (200, 302):
                failures[field, value[:12]] = status

    assert failures == {}
