# Indexes the managers' dashboard and its case list filters read: the cases by JAG and lead agency with every column
# the dashboard counts by, the complainant roles by person, and the incidents of a time window.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0007_meeting_action_completion"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["jag", "lead_agency"],
                include=(
                    "id",
                    "status",
                    "risk_band",
                    "next_review_date",
                    "long_standing_since",
                    "opened_at",
                    "closed_at",
                ),
                name="case_dashboard",
            ),
        ),
        migrations.AddIndex(
            model_name="caseperson",
            index=models.Index(fields=["role", "person", "case"], name="caseperson_role_person"),
        ),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(
                fields=["occurred_at"], include=("case", "reported_at", "hate_incident"), name="incident_when"
            ),
        ),
    ]
