"""Running an installation: backing up the whole database to one portable file, and restoring
it (docs/operating.md, "Backups")."""
