"""What the cessation pages share: refusals that say why (on the cessation page), the refusal texts."""

from core.refusals import explains_refusals_with

explains_refusals = explains_refusals_with("cessation/not_allowed.html")


def on_case(records, case) -> list:
    """The records (closure reports, letters) with their documents' case set, so that a list of download links
    (Document.get_absolute_url names the case) reads no case per row."""
    records = list(records)
    for record in records:
        record.document.case = case
    return records


CHAIR_ONLY = "Only the chair of the JAG that manages the case can do this."
RUNNERS_ONLY = "Only the chair and the members of the JAG that manages the case can record the agencies' positions."
LEAD_ONLY = "Only officers of the case's lead agency can do this."
