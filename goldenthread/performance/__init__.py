"""Pure performance logic: ratings, direction of travel, exceptions, milestones, SPC and
forecasts. Nothing in this package's core touches the database: it takes plain values and
returns plain results, each with an explanation in words."""
