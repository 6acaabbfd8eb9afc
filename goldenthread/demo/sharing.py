"""The demo's data sharing protocols: what the council shares with its partners.

The Primary Care Trust sees the published figures of the Healthy Borough priority's
indicators under a protocol in force; an older protocol for community safety data has ended,
so it grants nothing now (docs/access.md, "Partners and data sharing protocols").
"""

from __future__ import annotations

import datetime

from goldenthread.demo.world import World
from goldenthread.indicators.models import Indicator
from goldenthread.sharing.models import DataSharingProtocol

PROTOCOLS = [
    (
        "DSP-2008-01",
        "Health and wellbeing performance data",
        "To let the Primary Care Trust monitor the Healthy Borough priority's indicators "
        "jointly with the council, for the Local Strategic Partnership's health theme.",
        "HEALTH",
        datetime.date(2008, 4, 1),
        None,
    ),
    (
        "DSP-2007-02",
        "Community safety data (ended)",
        "To support the 2007/08 joint community safety audit. Ended when the audit closed.",
        "SAFER",
        datetime.date(2007, 4, 1),
        datetime.date(2009, 3, 31),
    ),
]


def build_sharing(world: World) -> None:
    partner = world.organisations["PCT"]
    for reference, title, purpose, priority, start, end in PROTOCOLS:
        protocol = DataSharingProtocol.objects.create(
            reference=reference,
            title=title,
            purpose=purpose,
            valid_from=start,
            valid_until=end,
            approved_by="Corporate Information Governance Group",
        )
        protocol.parties.add(partner)
        protocol.indicators.add(
            *Indicator.objects.filter(priority_links__priority__code=priority).distinct()
        )
