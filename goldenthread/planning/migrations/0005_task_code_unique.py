"""Every task now has a code: make it required and unique (a migration of its own, so that
PostgreSQL alters the table after the numbering has been committed)."""

from django.db import migrations, models

import goldenthread.planning.models


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0004_task_code"),
    ]

    operations = [
        migrations.AlterField(
            model_name="task",
            name="code",
            field=models.CharField(
                default=goldenthread.planning.models.new_task_code,
                help_text="Names the task in a plan file, so a re-import updates it (EDR-ERS-1.2)",
                max_length=60,
                unique=True,
            ),
        ),
    ]
