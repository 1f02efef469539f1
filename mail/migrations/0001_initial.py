"""The outbox and the broadcasts move here from registrations: the state only; the tables keep their names."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


NEW_APP = "mail"
MODELS = ["broadcast", "emaillog"]


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
        ('events', '0004_report_thumbnail_removed_with_the_photo'),
        ('registrations', '0013_mail_and_attendance_leave_for_their_apps'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Broadcast',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('subject', models.CharField(max_length=200, verbose_name='subject')),
                        ('subject_pl', models.CharField(max_length=200, null=True, verbose_name='subject')),
                        ('subject_uk', models.CharField(max_length=200, null=True, verbose_name='subject')),
                        ('subject_en', models.CharField(max_length=200, null=True, verbose_name='subject')),
                        ('body', models.TextField(help_text="Plain text. You may use {name} (the registrant's name) and {event}.", verbose_name='message')),
                        ('body_pl', models.TextField(help_text="Plain text. You may use {name} (the registrant's name) and {event}.", null=True, verbose_name='message')),
                        ('body_uk', models.TextField(help_text="Plain text. You may use {name} (the registrant's name) and {event}.", null=True, verbose_name='message')),
                        ('body_en', models.TextField(help_text="Plain text. You may use {name} (the registrant's name) and {event}.", null=True, verbose_name='message')),
                        ('status_filter', models.CharField(blank=True, choices=[('pending', 'awaiting approval'), ('confirmed', 'confirmed'), ('waitlisted', 'on the waiting list'), ('offered', 'seat offered'), ('cancelled', 'cancelled'), ('declined', 'declined')], help_text='Empty: everyone registered (not cancelled or declined).', max_length=12, verbose_name='send to')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('started_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='sent at')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='written by')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='broadcasts', to='events.event', verbose_name='event')),
                        ('recipients', models.ManyToManyField(blank=True, help_text='Chosen people of the attendee list; empty: everyone matching “send to”.', related_name='+', to='registrations.registration', verbose_name='only to')),
                    ],
                    options={
                        'verbose_name': 'message to registrants',
                        'verbose_name_plural': 'messages to registrants',
                        'db_table': 'registrations_broadcast',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='EmailLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('recipient', models.EmailField(max_length=254, verbose_name='recipient')),
                        ('kind', models.CharField(help_text='registered, reminder:24, broadcast:7 …', max_length=60, verbose_name='kind')),
                        ('language', models.CharField(choices=[('pl', 'Polish'), ('uk', 'Ukrainian'), ('en', 'English')], default='pl', max_length=2, verbose_name='language')),
                        ('subject', models.CharField(blank=True, max_length=300, verbose_name='subject')),
                        ('status', models.CharField(choices=[('queued', 'queued'), ('sending', 'sending'), ('sent', 'sent'), ('retrying', 'retrying'), ('failed', 'failed')], default='queued', max_length=10, verbose_name='status')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('last_error', models.TextField(blank=True, verbose_name='last error')),
                        ('message_id', models.CharField(blank=True, max_length=300, verbose_name='Message-ID')),
                        ('queued_at', models.DateTimeField(auto_now_add=True, verbose_name='queued at')),
                        ('claimed_at', models.DateTimeField(blank=True, null=True, verbose_name='sending since')),
                        ('claimed_by', models.CharField(blank=True, editable=False, max_length=64, verbose_name='claimed by task')),
                        ('due_at', models.DateTimeField(default=django.utils.timezone.now, help_text='When the row was last handed to a worker or retries.', verbose_name='due at')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                        ('broadcast', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='emails', to='mail.broadcast', verbose_name='message to registrants')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='emails', to='events.event', verbose_name='event')),
                        ('registration', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='emails', to='registrations.registration', verbose_name='registration')),
                    ],
                    options={
                        'verbose_name': 'e-mail',
                        'verbose_name_plural': 'e-mails',
                        'db_table': 'registrations_emaillog',
                        'ordering': ['-queued_at'],
                        'indexes': [models.Index(fields=['status', 'queued_at'], name='registratio_status_437856_idx'), models.Index(fields=['status', 'due_at'], name='registratio_status_c3f9ee_idx')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('registration__isnull', False)), fields=('registration', 'kind'), name='emaillog_unique_registration_kind'), models.UniqueConstraint(condition=models.Q(('registration__isnull', True)), fields=('event', 'recipient', 'kind'), name='emaillog_unique_event_recipient_kind')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
