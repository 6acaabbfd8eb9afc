"""Demo Borough Council: a fictional council built from the 2008 scrutiny review.

``build_demo()`` loads it into an empty database; ``goldenthread demo`` is the command that
calls it. Everything is fixed in the content tables or drawn from a seeded random generator,
so every run produces the same data. docs/demo.md describes what is in it.
"""

from goldenthread.demo.builder import DemoSummary, build_demo
from goldenthread.demo.content import DEMO_PASSWORD

__all__ = ["DEMO_PASSWORD", "DemoSummary", "build_demo"]
