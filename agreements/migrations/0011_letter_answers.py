import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0010_notifications"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="document",
            name="document_kind_valid",
        ),
        migrations.AddField(
            model_name="coordinationrequest",
            name="answer_corrected_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="answer corrected at"),
        ),
        migrations.AddField(
            model_name="coordinationrequest",
            name="answered_for_unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="agreements.workunit",
                verbose_name="recorded on behalf of",
            ),
        ),
        migrations.AddField(
            model_name="coordinationrequest",
            name="received_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="answer received at"),
        ),
        migrations.AddField(
            model_name="coordinationrequest",
            name="received_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="answer received by",
            ),
        ),
        migrations.AddField(
            model_name="coordinationrequest",
            name="reply_date",
            field=models.DateField(blank=True, null=True, verbose_name="reply letter date"),
        ),
        migrations.AddField(
            model_name="coordinationrequest",
            name="reply_number",
            field=models.CharField(blank=True, max_length=100, verbose_name="reply letter number"),
        ),
        migrations.AddField(
            model_name="historicalcoordinationrequest",
            name="answer_corrected_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="answer corrected at"),
        ),
        migrations.AddField(
            model_name="historicalcoordinationrequest",
            name="answered_for_unit",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="agreements.workunit",
                verbose_name="recorded on behalf of",
            ),
        ),
        migrations.AddField(
            model_name="historicalcoordinationrequest",
            name="received_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="answer received at"),
        ),
        migrations.AddField(
            model_name="historicalcoordinationrequest",
            name="received_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="answer received by",
            ),
        ),
        migrations.AddField(
            model_name="historicalcoordinationrequest",
            name="reply_date",
            field=models.DateField(blank=True, null=True, verbose_name="reply letter date"),
        ),
        migrations.AddField(
            model_name="historicalcoordinationrequest",
            name="reply_number",
            field=models.CharField(blank=True, max_length=100, verbose_name="reply letter number"),
        ),
        migrations.AlterField(
            model_name="document",
            name="kind",
            field=models.CharField(
                choices=[
                    ("loi", "Letter of Intent"),
                    ("dprd_decision", "DPRD decision"),
                    ("mou", "MoU text"),
                    ("minutes", "Minutes"),
                    ("letter", "Letter"),
                    ("reply_letter", "Reply letter"),
                    ("photo", "Photo"),
                    ("report", "Report"),
                    ("other", "Other"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="coordinationrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("received_at__isnull", True), ("answered_at__isnull", False), _connector="OR"
                ),
                name="request_received_after_answer",
            ),
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "loi",
                            "dprd_decision",
                            "mou",
                            "minutes",
                            "letter",
                            "reply_letter",
                            "photo",
                            "report",
                            "other",
                        ],
                    )
                ),
                name="document_kind_valid",
            ),
        ),
    ]
