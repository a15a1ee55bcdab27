"""The Incremental Approach: the intervention catalogue and each person's ladder of interventions."""
