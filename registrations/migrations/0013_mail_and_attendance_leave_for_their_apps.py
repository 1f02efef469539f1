"""EmailLog and Broadcast leave for mail, Attendance and AccessLog for attendees; no table changes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('registrations', '0012_choice_day'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='accesslog',
                    name='event',
                ),
                migrations.RemoveField(
                    model_name='accesslog',
                    name='user',
                ),
                migrations.RemoveConstraint(
                    model_name='attendance',
                    name='attendance_unique_registration_day',
                ),
                migrations.RemoveConstraint(
                    model_name='attendance',
                    name='attendance_unique_registration_session',
                ),
                migrations.RemoveField(
                    model_name='broadcast',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='broadcast',
                    name='event',
                ),
                migrations.RemoveField(
                    model_name='broadcast',
                    name='recipients',
                ),
                migrations.RemoveIndex(
                    model_name='emaillog',
                    name='registratio_status_437856_idx',
                ),
                migrations.RemoveIndex(
                    model_name='emaillog',
                    name='registratio_status_c3f9ee_idx',
                ),
                migrations.RemoveConstraint(
                    model_name='emaillog',
                    name='emaillog_unique_registration_kind',
                ),
                migrations.RemoveConstraint(
                    model_name='emaillog',
                    name='emaillog_unique_event_recipient_kind',
                ),
                migrations.DeleteModel(
                    name='AccessLog',
                ),
                migrations.RemoveField(
                    model_name='emaillog',
                    name='broadcast',
                ),
                migrations.RemoveField(
                    model_name='emaillog',
                    name='event',
                ),
                migrations.RemoveField(
                    model_name='emaillog',
                    name='registration',
                ),
                migrations.DeleteModel(
                    name='Attendance',
                ),
                migrations.DeleteModel(
                    name='Broadcast',
                ),
                migrations.DeleteModel(
                    name='EmailLog',
                ),
            ],
        ),
    ]
