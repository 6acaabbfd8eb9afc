"""Tasks get a code, so a plan file can name them and a re-import updates rather than
duplicates them. Existing tasks are numbered within their plan in the order they were added
(``EDR-ERS-1.1``, ``EDR-ERS-1.2``)."""

from django.db import migrations, models


def number_tasks(apps, schema_editor):
    Task = apps.get_model("planning", "Task")
    tasks = list(Task.objects.select_related("plan").order_by("plan_id", "id"))
    count: dict[int, int] = {}
    for task in tasks:
        count[task.plan_id] = count.get(task.plan_id, 0) + 1
        task.code = f"{task.plan.code}.{count[task.plan_id]}"
    Task.objects.bulk_update(tasks, ["code"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0003_milestone_update_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="task",
            name="code",
            field=models.CharField(max_length=60, null=True),
        ),
        migrations.RunPython(number_tasks, migrations.RunPython.noop),
    ]
