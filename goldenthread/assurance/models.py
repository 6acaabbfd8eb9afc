"""Plan quality assurance and the planning timetable."""
