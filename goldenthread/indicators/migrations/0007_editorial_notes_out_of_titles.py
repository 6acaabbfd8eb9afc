"""Move bracketed editorial remarks ("[sic …]", "[title truncated in source]") out of existing
indicators' titles into their note (issue 12). The rule is copied here, not imported, so this
migration keeps doing what it did whatever goldenthread.indicators.editorial becomes."""

import re

from django.db import migrations

BRACKETED = re.compile(r"\[([^\[\]]*)\]")


def _sentence(remark):
    remark = remark[0].upper() + remark[1:]
    return remark if remark[-1] in ".?!" else f"{remark}."


def move_notes(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    changed = []
    for indicator in Indicator.objects.filter(title__contains="[").only("pk", "title", "note"):
        remarks = [r.strip() for r in BRACKETED.findall(indicator.title) if r.strip()]
        clean = " ".join(BRACKETED.sub(" ", indicator.title).split())
        if not remarks or not clean:
            continue
        added = " ".join(_sentence(r) for r in remarks)
        indicator.title = clean
        indicator.note = f"{indicator.note.strip()} {added}".strip()
        changed.append(indicator)
    Indicator.objects.bulk_update(changed, ["title", "note"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0006_indicator_note"),
    ]

    operations = [
        migrations.RunPython(move_notes, migrations.RunPython.noop),
    ]
