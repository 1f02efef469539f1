"""Check-ins and the access log move here from registrations: the state only; the tables keep their names."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


NEW_APP = "attendees"
MODELS = ["attendance", "accesslog"]


def move_content_types(apps, schema_editor):
    """Permissions and admin history follow the models: their content types change app, not id."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=NEW_APP, model=model).exists():
            ContentType.objects.filter(app_label="registrations", model=model).update(app_label=NEW_APP)


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=NEW_APP, model__in=MODELS).update(app_label="registrations")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('agenda', '0002_person_photo_size'),
        ('events', '0004_report_thumbnail_removed_with_the_photo'),
        ('registrations', '0013_mail_and_attendance_leave_for_their_apps'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AccessLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(max_length=60, verbose_name='action')),
                        ('detail', models.CharField(blank=True, max_length=200, verbose_name='detail')),
                        ('at', models.DateTimeField(auto_now_add=True, verbose_name='at')),
                        ('event', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='access_logs', to='events.event', verbose_name='event')),
                        ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'access log entry',
                        'verbose_name_plural': 'access log',
                        'db_table': 'registrations_accesslog',
                        'ordering': ['-at'],
                    },
                ),
                migrations.CreateModel(
                    name='Attendance',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField(verbose_name='day')),
                        ('checked_in_at', models.DateTimeField(auto_now_add=True, verbose_name='checked in at')),
                        ('checked_in_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='checked in by')),
                        ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='registrations.registration', verbose_name='registration')),
                        ('session', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='agenda.session', verbose_name='session')),
                    ],
                    options={
                        'verbose_name': 'attendance',
                        'verbose_name_plural': 'attendance',
                        'db_table': 'registrations_attendance',
                        'ordering': ['-checked_in_at'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('session__isnull', True)), fields=('registration', 'day'), name='attendance_unique_registration_day'), models.UniqueConstraint(condition=models.Q(('session__isnull', False)), fields=('registration', 'session'), name='attendance_unique_registration_session')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
