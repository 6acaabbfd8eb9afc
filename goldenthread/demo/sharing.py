"""The demo's data sharing protocols: what the council shares with its partners."""

from __future__ import annotations

from goldenthread.demo.world import World


def build_sharing(world: World) -> None:
    """Filled in by the access work (issue 6)."""
