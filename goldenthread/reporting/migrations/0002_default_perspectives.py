"""The balanced scorecard's five default perspectives. A council renames, reorders or adds to
them in the admin pages; the headline indicators under each are its own choice."""

from django.db import migrations

DEFAULTS = [
    ("Community outcomes", "What the borough's people experience: the priorities' outcomes."),
    ("Customers and service quality", "How well services meet the needs of those who use them."),
    ("Resources and value for money", "Money, assets and efficiency."),
    ("Internal processes", "How well the council runs its own business."),
    ("People and learning", "The workforce: skills, health and development."),
]


def add_defaults(apps, schema_editor):
    Perspective = apps.get_model("reporting", "Perspective")
    for position, (name, description) in enumerate(DEFAULTS):
        Perspective.objects.get_or_create(
            name=name, defaults={"position": position, "description": description}
        )


def remove_defaults(apps, schema_editor):
    Perspective = apps.get_model("reporting", "Perspective")
    Perspective.objects.filter(name__in=[name for name, _ in DEFAULTS], lines__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, remove_defaults)]
