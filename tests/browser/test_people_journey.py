"""People's records in Chromium: editing a person (with history), an alias found by possible matches, merging two
Wayne Ruddocks and an administrator's undo, an unknown perpetrator recorded and identified later. Every page passes
an axe-core check, is saved as a screenshot at 1280 and 390 px, and does not scroll sideways at 320 px."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from cases.models import CasePerson, Person, PersonMerge, PersonRole
from cases.services import case_add_person, person_create
from core import clock
from incremental.models import Intervention
from tests.browser.conftest import SCREENSHOTS
from tests.factories import PASSWORD, CaseFactory, InterventionFactory, OfficerFactory, _catalogue
from tests.incremental.helpers import ensure_catalogue
from tests.second_factor import authenticator_for, code_for

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def check(check_page, request):
    """The axe check and a screenshot at 1280 px, a screenshot at 390 px, and no sideways scroll at 320 px."""
    prefix = request.node.originalname.removeprefix("test_")

    def checked(page: Page, name: str) -> None:
        page.set_viewport_size(DESKTOP)
        check_page(page, name)
        page.set_viewport_size(PHONE)
        slug = name.replace(" ", "-")
        page.screenshot(path=SCREENSHOTS / f"{prefix}-390px-{slug}.png", full_page=True)
        page.set_viewport_size({"width": 320, "height": 800})
        width = page.evaluate("document.documentElement.scrollWidth")
        page.set_viewport_size(DESKTOP)
        assert width <= 320, f"{name} scrolls sideways at 320 px: {width} px wide"

    return checked


def known_wayne(lead_officer, **details) -> tuple[Person, object]:
    glenmore = CaseFactory(lead_officer=lead_officer, address="33 Glenmore Road, Leicester", postcode="LE3 0NF")
    wayne = person_create(officer=lead_officer, first_name="Wayne", last_name="Ruddock", **details)
    case_add_person(case=glenmore, officer=lead_officer, person=wayne, role=PersonRole.PERPETRATOR)
    return wayne, glenmore


def test_edit_a_person_and_find_them_by_an_alias(transactional_db, sign_in, check, case, lead_officer):
    ensure_catalogue()
    wayne, _glenmore = known_wayne(lead_officer, address="33 Glenmore Road, Leicester", postcode="LE3 0NF")

    page = sign_in(lead_officer)
    page.goto(wayne.get_absolute_url())
    check(page, "person page")
    page.get_by_role("button", name="Edit details").click()
    expect(page.get_by_role("heading", name="Edit Wayne Ruddock's details")).to_be_visible()
    check(page, "edit person")
    page.get_by_label("First name").fill("")
    page.get_by_label("Address", exact=True).fill("12 Fosse Road North, Leicester")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the first name")
    check(page, "edit person error")
    page.locator(".govuk-error-summary").get_by_role("link", name="Enter the first name").click()
    expect(page.get_by_label("First name")).to_be_focused()
    page.get_by_label("First name").fill("Wayne")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(f"**{wayne.get_absolute_url()}")
    history = page.locator("#history + ol")
    expect(history).to_contain_text("Details changed: address")
    expect(history).to_contain_text("Address: 33 Glenmore Road, Leicester → 12 Fosse Road North, Leicester")

    page.get_by_role("link", name="Add a name Wayne Ruddock is also known by").click()
    check(page, "add an alias")
    page.get_by_label("First name").fill("Wazza")
    page.get_by_label("Last name").fill("Smith")
    page.get_by_role("button", name="Add alias").click()
    page.wait_for_url(f"**{wayne.get_absolute_url()}#aliases")
    expect(page.locator("#aliases")).to_contain_text("Wazza Smith")
    check(page, "person page with alias and history")

    # Added to another case by the alias alone: offered as the Wayne Ruddock he is.
    page.goto(case.get_absolute_url())
    page.get_by_role("button", name="Add a person").click()
    page.get_by_label("Witness").check()
    page.get_by_label("First name").fill("Wazza")
    page.get_by_label("Last name").fill("Smyth")
    page.get_by_role("button", name="Add person").click()
    known = page.get_by_role("radio", name="Wayne Ruddock")
    expect(known).not_to_be_checked()
    check(page, "matched by alias")
    known.check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**{case.get_absolute_url()}people/")
    assert list(CasePerson.objects.filter(case=case).values_list("person_id", "role")) == [
        (wayne.pk, PersonRole.WITNESS)
    ]


def sign_in_administrator(browser, live_server, csp_watch, contexts, check_page, administrator) -> Page:
    device = authenticator_for(administrator)
    context = csp_watch.watch(browser.new_context(base_url=live_server.url))
    contexts.append(context)
    page = context.new_page()
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(administrator.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    page.get_by_label("Security code").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/my-cases/")
    return page


def test_merge_two_wayne_ruddocks_then_an_administrator_undoes_it(
    transactional_db, browser, live_server, csp_watch, contexts, check_page, sign_in, check, case, lead_officer
):
    ensure_catalogue()
    today = clock.today()
    wayne, glenmore = known_wayne(lead_officer, date_of_birth=datetime.date(1978, 12, 22), postcode="LE3 0NF")
    InterventionFactory(
        case=glenmore,
        person=wayne,
        kind=_catalogue("cpn"),
        issued_on=today - datetime.timedelta(days=20),
        live_until=today + datetime.timedelta(days=300),
    )
    duplicate = person_create(officer=lead_officer, first_name="Wayne", last_name="Ruddock")
    case_add_person(case=case, officer=lead_officer, person=duplicate, role=PersonRole.PERPETRATOR)
    warning = InterventionFactory(case=case, person=duplicate, kind=_catalogue("words_of_advice"))

    page = sign_in(lead_officer)
    page.goto(wayne.get_absolute_url())
    page.get_by_role("button", name="Merge a duplicate into this record").click()
    expect(page.get_by_role("heading", name="Merge a duplicate record into this one")).to_be_visible()
    choice = page.get_by_role("radio", name=f"Wayne Ruddock (person {duplicate.pk})")
    expect(choice).not_to_be_checked()
    check(page, "choose the duplicate")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the record that is the same person")
    check(page, "choose the duplicate error")
    page.get_by_role("radio", name=f"Wayne Ruddock (person {duplicate.pk})").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Are these the same person?")).to_be_visible()
    expect(page.get_by_role("heading", name="Kept: Wayne Ruddock")).to_be_visible()
    check(page, "confirm the merge")
    page.get_by_role("button", name="Merge these records").click()
    page.wait_for_url(f"**{wayne.get_absolute_url()}")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("records merged into this record")
    check(page, "person after the merge")
    page.goto(case.get_absolute_url() + "chronology/")
    expect(page.locator("main")).to_contain_text("Records of the same person merged")

    assert Intervention.objects.get(pk=warning.pk).person_id == wayne.pk
    assert CasePerson.objects.get(case=case).person_id == wayne.pk

    administrator = OfficerFactory(username="sys.admin", agency=lead_officer.agency, is_staff=True, is_superuser=True)
    admin_page = sign_in_administrator(browser, live_server, csp_watch, contexts, check_page, administrator)
    admin_page.goto("/people/merges/")
    check(admin_page, "merged records")
    admin_page.get_by_role("link", name=f"Person {duplicate.pk} into person {wayne.pk}").click()
    check(admin_page, "a merge")
    admin_page.get_by_role("button", name="Undo this merge").click()
    expect(admin_page.locator(".govuk-notification-banner")).to_contain_text("Merge undone")
    check(admin_page, "merge undone")

    assert Intervention.objects.get(pk=warning.pk).person_id == duplicate.pk
    assert CasePerson.objects.get(case=case).person_id == duplicate.pk
    assert PersonMerge.objects.get().undone_by == administrator


def test_record_an_unknown_perpetrator_and_identify_him_later(transactional_db, sign_in, check, case, lead_officer):
    ensure_catalogue()
    wayne, _glenmore = known_wayne(lead_officer, date_of_birth=datetime.date(2006, 4, 1))

    page = sign_in(lead_officer)
    page.goto(case.get_absolute_url() + "people/")
    page.get_by_role("link", name="Record an unknown perpetrator").click()
    check(page, "record an unknown perpetrator")
    page.get_by_role("button", name="Record unknown perpetrator").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Describe the person, so they can be told apart")
    check(page, "unknown perpetrator error")
    page.get_by_label("Description").fill("Unknown male, about 20, red moped")
    page.get_by_role("button", name="Record unknown perpetrator").click()
    page.wait_for_url(f"**{case.get_absolute_url()}people/")
    unknown = Person.objects.get(unknown=True)
    InterventionFactory(case=case, person=unknown, kind=_catalogue("words_of_advice"))

    page.get_by_role("link", name="Unknown person (Unknown male, about 20, red moped)", exact=True).click()
    check(page, "unknown person")
    page.get_by_role("button", name="Identify this person").click()
    expect(page.get_by_role("heading", name="Who is this person?")).to_be_visible()
    check(page, "identify")
    page.get_by_label("First name").fill("Wayne")
    page.get_by_label("Last name").fill("Rudock")
    page.get_by_role("button", name="Identify").click()
    known = page.get_by_role("radio", name="Wayne Ruddock")
    expect(known).not_to_be_checked()
    check(page, "identify possible matches")
    known.check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**{wayne.get_absolute_url()}")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Unknown person identified as Wayne Ruddock")
    expect(page.locator("main")).to_contain_text(case.reference)
    check(page, "identified person")

    assert CasePerson.objects.get(case=case).person_id == wayne.pk
    assert Intervention.objects.get(case=case).person_id == wayne.pk
