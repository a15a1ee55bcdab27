"""A victim's page within a case: single point of contact, contact plan and log, the victim's own risk assessment."""
