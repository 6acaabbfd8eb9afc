"""The demo's governance records: items flagged for PPBs and portfolio-holder briefings."""

from __future__ import annotations

from goldenthread.demo.world import World


def build_governance(world: World) -> None:
    """Filled in by the governance work (issue 6)."""
