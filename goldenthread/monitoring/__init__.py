"""Quarterly collection: rounds, returns, entry checks, the workflow to publication, and the
history of every change."""
