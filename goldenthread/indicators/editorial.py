"""Editorial notes in indicator titles: "[sic …]", "[title truncated in source]" and the like.

A title says what is measured. A remark in square brackets is about the title (where it came
from, that it was cut short) and belongs in the indicator's note, which readers see as a note
beside the title. Pure functions, no database.
"""

from __future__ import annotations

import re

BRACKETED = re.compile(r"\[([^\[\]]*)\]")


def editorial_remarks(title: str) -> list[str]:
    """The bracketed remarks in a title, as written inside the brackets."""
    return [remark.strip() for remark in BRACKETED.findall(title) if remark.strip()]


def as_sentence(remark: str) -> str:
    """``title truncated in source`` → ``Title truncated in source.``"""
    remark = remark.strip()
    if not remark:
        return ""
    remark = remark[0].upper() + remark[1:]
    return remark if remark[-1] in ".?!" else f"{remark}."


def split_title(title: str, note: str = "") -> tuple[str, str]:
    """The title without its bracketed remarks, and the note with them added as sentences.

    A title that is nothing but a remark is left alone: an indicator needs a title."""
    remarks = editorial_remarks(title)
    clean = " ".join(BRACKETED.sub(" ", title).split())
    if not remarks or not clean:
        return title, note
    added = " ".join(as_sentence(remark) for remark in remarks)
    return clean, f"{note.strip()} {added}".strip()
