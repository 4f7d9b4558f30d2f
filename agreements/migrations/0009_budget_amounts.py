from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("agreements", "0008_partner_history_replaced_snapshots")]

    operations = [
        migrations.AddConstraint(
            model_name="budgetline",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount_spent__lte", models.F("amount_allocated"))),
                name="budget_spent_within_allocated",
            ),
        ),
    ]
