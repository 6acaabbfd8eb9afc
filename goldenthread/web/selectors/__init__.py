"""What the pages show, built from the domain apps' selectors: one module per kind of page."""

from goldenthread.web.selectors.home import HomePage, home_page
from goldenthread.web.selectors.summaries import plan_summaries, priority_summaries

__all__ = ["HomePage", "home_page", "plan_summaries", "priority_summaries"]
