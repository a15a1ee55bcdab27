# The legacy ids of imported cases and people, so that importing the same file again creates nothing twice.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_jag_long_standing_schedule'),
    ]

    operations = [
        migrations.CreateModel(
            name='ImportedCase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('legacy_id', models.CharField(max_length=100, unique=True)),
                ('imported_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='import_record', to='cases.case')),
            ],
        ),
        migrations.CreateModel(
            name='ImportedPerson',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('legacy_id', models.CharField(max_length=100, unique=True)),
                ('imported_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('person', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='import_record', to='cases.person')),
            ],
        ),
    ]
