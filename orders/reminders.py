"""The register's reminders on "My tasks", made by incremental's daily job (registered in orders.apps): a positive
requirement's supervisor's update due within the week, or overdue, for the officer who issued the order and the
case's lead officer. Hearings and live periods ending are incremental's own reminders, which the orders have too.

The key names the term and the date due, so an update that moves the next date withdraws the reminder and makes
the next one; the order ending (discharged, quashed, expired) or the court discharging the requirement alone withdraws
it too.
"""

SUPERVISOR_UPDATE_DAYS = 7

_KEY = "'supervisor_update:' || CAST(t.id AS TEXT) || ':' || CAST(t.next_update_due AS TEXT)"

DUE = f"""
SELECT CAST(NULL AS BIGINT) AS intervention_id, i.id AS subject_id, i.case_id, t.next_update_due AS due_on,
       i.kind_name || ' to ' || p.first_name || ' ' || p.last_name || ': update due from ' || t.supervisor AS text,
       {_KEY} AS reminder_key, i.issuing_officer_id, c.lead_officer_id
FROM orders_orderterm t
JOIN incremental_intervention i ON i.id = t.intervention_id
JOIN cases_person p ON p.id = i.person_id
JOIN cases_case c ON c.id = i.case_id
WHERE t.kind = 'requirement' AND t.next_update_due <= CAST(%(as_of)s AS DATE) + {SUPERVISOR_UPDATE_DAYS}
  AND t.discharged_on IS NULL AND i.status = %(live)s AND c.status = %(open)s
"""

STILL_STANDS = f"""
SELECT 1 FROM orders_orderterm t JOIN incremental_intervention i ON i.id = t.intervention_id
WHERE i.id = incremental_reminder.subject_id AND {_KEY} = incremental_reminder."key" AND i.status = %(live)s
  AND t.discharged_on IS NULL
"""
