#!/usr/bin/env python
"""For contributors who prefer `python manage.py`; users run `goldenthread`."""

from goldenthread.cli import main

if __name__ == "__main__":
    main()
