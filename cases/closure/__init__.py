"""Closing a case: each victim told why, and the outcome for each victim."""
