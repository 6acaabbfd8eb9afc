"""What the public pages remember between requests. No council data lives here: the public
app owns no core models."""

from django.db import models


class PublicEdition(models.Model):
    """The edition of what the public may see: one row whose token changes, inside the same
    transaction, whenever something the public pages show may have changed (a figure published
    or corrected, a round opened or closed, the rating rules or the indicator library edited).

    Cached public pages are stored under the token (goldenthread/public/caching.py), so every
    server process sees a change at once by reading one row, with no cache to clear. The token is
    random rather than a counter, so a database restored from a backup or rebuilt from scratch
    never meets pages cached from a different history under the same token."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Public edition {self.token} of {self.changed_at:%Y-%m-%d %H:%M:%S}"
