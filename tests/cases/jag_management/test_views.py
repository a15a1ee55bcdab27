"""The JAG case management pages, the card on the case page and the notifications page."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Notification
from cases.jag_management.services import jag_refer
from cases.models import Case, JagManagementPeriod
from core import clock
from tests.cases.views.helpers import assert_error_summary, date_parts, new_token, page_text
from tests.factories import OfficerFactory

DAY = datetime.timedelta(days=1)


def url(name, case):
    return reverse(f"jag_management:{name}", kwargs={"reference": case.reference})


def open_periods(case):
    return list(JagManagementPeriod.objects.filter(case=case).values_list("started_on", "ended_on"))


def test_refer_page_refers_the_case(case, lead_officer_client, today):
    form = lead_officer_client.get(url("refer", case))
    response = lead_officer_client.post(
        url("refer", case), {**date_parts("started_on", today - 3 * DAY), "submission_token": new_token()}
    )

    assert form.status_code == 200
    assert "Refer the case to Leicester West JAG case management" in page_text(form)
    assert (response.status_code, response["Location"]) == (302, f"/cases/{case.reference}/jag/#jag-management")
    assert open_periods(case) == [(today - 3 * DAY, None)]


def test_refer_twice_with_one_token_saves_once(case, lead_officer_client, today):
    data = {**date_parts("started_on", today), "submission_token": new_token()}

    first = lead_officer_client.post(url("refer", case), data)
    second = lead_officer_client.post(url("refer", case), data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert open_periods(case) == [(today, None)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter date it was referred"),
        (
            {"started_on_0": "31", "started_on_1": "2", "started_on_2": "2026"},
            "Date it was referred must be a real date",
        ),
        ("future", "The date it was referred must be today or in the past"),
    ],
    ids=["missing", "impossible", "future"],
)
def test_refer_bad_dates_show_the_error_and_keep_the_values(case, lead_officer_client, today, data, message):
    if data == "future":
        data = date_parts("started_on", today + DAY)

    response = lead_officer_client.post(url("refer", case), {**data, "submission_token": new_token()})

    assert_error_summary(response, message)
    for name, value in data.items():
        assert f'name="{name}"' in page_text(response) and f'value="{value}"' in page_text(response)
    assert open_periods(case) == []


def test_take_off_before_the_referral_shows_the_error(case, lead_officer, lead_officer_client, today):
    jag_refer(case=case, officer=lead_officer, started_on=today - 2 * DAY)

    response = lead_officer_client.post(
        url("take_off", case), {**date_parts("ended_on", today - 3 * DAY), "submission_token": new_token()}
    )

    assert_error_summary(
        response, f"The date it was taken off must be after the day it was referred ({today - 2 * DAY:%-d %B %Y})"
    )
    assert open_periods(case) == [(today - 2 * DAY, None)]


def test_take_off_page_ends_the_period(case, lead_officer, lead_officer_client, today):
    jag_refer(case=case, officer=lead_officer, started_on=today - 2 * DAY)

    response = lead_officer_client.post(
        url("take_off", case), {**date_parts("ended_on", today), "submission_token": new_token()}
    )

    assert response.status_code == 302
    assert open_periods(case) == [(today - 2 * DAY, today)]


def test_transfer_by_the_chair_goes_to_my_cases_as_the_case_leaves_their_jag(
    case, chair, chair_client, other_jag, today
):
    case_add = reverse("cases:detail", kwargs={"reference": case.reference})
    from cases.permissions import case_grant_access

    case.refresh_from_db()
    case_grant_access(case)  # the chair was appointed after the case opened
    assert chair_client.get(case_add).status_code == 200

    response = chair_client.post(
        url("transfer", case), {"to_jag": other_jag.pk, **date_parts("on", today), "submission_token": new_token()}
    )

    assert (response.status_code, response["Location"]) == (302, reverse("cases:my_cases"))
    assert Case.objects.get(pk=case.pk).jag == other_jag
    assert chair_client.get(case_add).status_code == 404


def test_transfer_to_an_unknown_jag_is_a_form_error(case, lead_officer_client, today):
    response = lead_officer_client.post(url("transfer", case), {"to_jag": "987654", **date_parts("on", today)})

    assert_error_summary(response, "Choose one of the JAGs listed")


def test_transfer_form_lists_other_active_jags_only(case, lead_officer_client, other_jag):
    page = page_text(lead_officer_client.get(url("transfer", case)))

    assert "Blaby JAG" in page
    assert f'<option value="{case.jag_id}"' not in page


@pytest.mark.parametrize("name", ["refer", "take_off", "transfer"])
def test_partner_is_refused_and_outsider_not_told(case, partner_officer_client, outsider_client, name):
    assert partner_officer_client.get(url(name, case)).status_code == 403
    assert outsider_client.get(url(name, case)).status_code == 404


def test_case_page_card_shows_days_and_long_standing_since(case, lead_officer, lead_officer_client, add_period, today):
    add_period(case, today - 200 * DAY, today - 50 * DAY)
    jag_refer(case=case, officer=lead_officer, started_on=today - 10 * DAY)
    Case.objects.filter(pk=case.pk).update(long_standing_since=today - 60 * DAY)

    page = page_text(lead_officer_client.get(reverse("cases:jag", kwargs={"reference": case.reference})))

    assert "JAG case management" in page
    assert "161 days" in page  # 150 days of the first period, 11 of the open one (today included)
    assert f"since {today - 60 * DAY:%-d %B %Y}" in page
    assert html.escape(f"Under Leicester West JAG case management since {today - 10 * DAY:%-d %B %Y}") in page
    assert url("take_off", case) in page and url("transfer", case) in page


def test_case_page_card_for_a_partner_has_no_actions(case, partner_officer_client):
    page = page_text(partner_officer_client.get(reverse("cases:jag", kwargs={"reference": case.reference})))

    assert "Not under JAG case management" in page
    assert url("refer", case) not in page


def test_case_page_card_says_when_the_threshold_is_reached_before_the_check(
    case, add_period, lead_officer_client, today
):
    add_period(case, today - 130 * DAY, None)

    page = page_text(lead_officer_client.get(reverse("cases:jag", kwargs={"reference": case.reference})))

    assert "131 days" in page
    assert "the daily check will flag it" in page


# --- Notifications -----------------------------------------------------------------------------------------------

NOTIFICATIONS = "/notifications/"


def notify(officer, n, **kwargs):
    return [
        Notification.objects.create(
            recipient=officer,
            text=f"Case ASB-2026-{i:06d} became long standing.",
            url=f"/cases/ASB-2026-{i:06d}/",
            event_key=f"test:{officer.pk}:{i}:{kwargs}",
            **kwargs,
        )
        for i in range(n)
    ]


def test_notifications_unread_first_and_count_in_navigation(lead_officer, lead_officer_client):

    read = notify(lead_officer, 1, read_at=clock.now())[0]
    unread = notify(lead_officer, 2)

    page = page_text(lead_officer_client.get(NOTIFICATIONS))

    assert page.index(unread[0].text) < page.index(read.text) or unread[0].text == read.text
    assert 'app-unread-count">2<span class="govuk-visually-hidden"> unread</span>' in page


def test_mark_one_and_all_as_read(lead_officer, lead_officer_client):
    first, second, third = notify(lead_officer, 3)

    one = lead_officer_client.post(NOTIFICATIONS, {"notification": first.pk})
    assert one.status_code == 302
    assert list(Notification.objects.filter(read_at__isnull=True).order_by("pk")) == [second, third]

    lead_officer_client.post(NOTIFICATIONS, {"all": "1"})
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
    assert "app-unread-count" not in page_text(lead_officer_client.get(NOTIFICATIONS))


def test_another_officers_notification_is_not_found(lead_officer, partner_officer_client):
    mine = notify(lead_officer, 1)[0]

    for value in (str(mine.pk), "9" * 30, "x"):
        assert partner_officer_client.post(NOTIFICATIONS, {"notification": value}).status_code == 404
    assert Notification.objects.get(pk=mine.pk).read_at is None


def test_notifications_need_sign_in(anonymous_client):
    response = anonymous_client.get(NOTIFICATIONS)

    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))


def test_notifications_query_count_does_not_grow_with_rows(lead_officer, lead_officer_client):
    def count():
        lead_officer_client.get(NOTIFICATIONS)
        with CaptureQueriesContext(connection) as queries:
            assert lead_officer_client.get(NOTIFICATIONS).status_code == 200
        return len(queries)

    notify(lead_officer, 1)
    one = count()
    Notification.objects.all().delete()
    notify(lead_officer, 10)

    assert count() == one


def test_notifications_are_paginated(lead_officer, lead_officer_client):
    notify(lead_officer, 30)

    page = page_text(lead_officer_client.get(NOTIFICATIONS))
    assert 'aria-label="Page 1" aria-current="page">1</a>' in page
    assert 'page=2" aria-label="Page 2">2</a>' in page
    other = OfficerFactory()
    assert other.notifications.count() == 0
