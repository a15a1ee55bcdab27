# Marking a JAG action done: who did it and a short note of what was done (the date was already there).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0003_notification'),
        ('cases', '0006_imported_legacy_ids'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='meetingaction',
            name='completed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='meetingaction',
            name='completion_note',
            field=models.CharField(blank=True, max_length=500, verbose_name='What was done'),
        ),
        migrations.AlterField(
            model_name='meetingaction',
            name='completed_on',
            field=models.DateField(blank=True, null=True, verbose_name='Date done'),
        ),
        migrations.AddConstraint(
            model_name='meetingaction',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('completed_by__isnull', True), ('completed_on__isnull', True)), models.Q(('completed_by__isnull', False), ('completed_on__isnull', False)), _connector='OR'), name='jag_action_done_by_someone'),
        ),
    ]
