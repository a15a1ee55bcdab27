"""Cessation of irresolvable cases: proposals, JAG decisions, peer review, closure reports and letters."""
