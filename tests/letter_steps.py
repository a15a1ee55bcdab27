"""Going through a letter's steps with a test client: its details posted for a preview, then the preview's own form
(the signed details and the once-only token) posted to file it, or to change the details."""

import re
from html import unescape

from tests.cases.views.helpers import new_token

DETAILS = {
    "title": "Mr",
    "salutation": "",
    "address_line_1": "Flat 3",
    "address_line_2": "41 Tudor Road",
    "town": "Leicester",
    "county": "",
    "postcode": "LE3 5JF",
    "delivery": "post",
    "delivery_note": "",
}


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no {name} in the page"
    return unescape(match.group(1))


def checked(page: str, name: str) -> list[str]:
    """The values of the checked radios or boxes called `name`."""
    return [
        match.group(1)
        for tag in re.findall(r"<input[^>]*>", page)
        if f'name="{name}"' in tag and "checked" in tag and (match := re.search(r'value="([^"]*)"', tag))
    ]


def preview(client, url: str, **fields):
    return client.post(url, {"submission_token": new_token()} | DETAILS | fields)


def confirm_data(preview_response, step: str = "confirm") -> dict:
    page = preview_response.content.decode()
    return {
        "step": step,
        "letter_details": hidden(page, "letter_details"),
        "submission_token": hidden(page, "submission_token"),
    }


def file_letter(client, url: str, **fields):
    return client.post(url, confirm_data(preview(client, url, **fields)))
