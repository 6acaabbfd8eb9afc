"""Golden Thread: corporate performance management for councils and their partners."""
