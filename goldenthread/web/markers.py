"""The markers that show a rating: each has words and a shape, and a colour that only helps.

WCAG 2.2 (1.4.1, use of colour): a person who cannot tell red from green, or who prints in
black and white, must still read the status. So every marker is a GOV.UK tag whose words say
what it means, with a shape (an inline SVG, the same in a browser and a PDF whatever the fonts)
that differs for each value. The vocabulary lives here once, for the templates, the tests and
the "How ratings work" page.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Marker:
    text: str
    shape: str  # a key of SHAPES
    colour: str = ""  # a govuk-tag modifier; empty for markers shown as plain text
    hidden_prefix: str = ""  # said before the words by a screen reader, e.g. "Status:"


# Each shape is drawn in a 16 × 16 box in the marker's text colour.
SHAPES = {
    "circle": '<circle cx="8" cy="8" r="6.5"/>',
    "triangle": '<path d="M8 1.2 15.3 14.6H.7z"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "ring": '<circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="2"/>',
    "dash": '<rect x="2" y="6.5" width="12" height="3"/>',
    "arrow-up": '<path d="M8 1 14.5 8H10.2v7H5.8V8H1.5z"/>',
    "arrow-right": '<path d="M15 8 8 14.5V10.2H1V5.8h7V1.5z"/>',
    "arrow-down": '<path d="M8 15 1.5 8h4.3V1h4.4v7h4.3z"/>',
    "flag": '<path d="M2.5 1h2v14h-2zM4.5 1.5h10l-3 4 3 4h-10z"/>',
    "diamond": '<path d="M8 .8 15.2 8 8 15.2.8 8z"/>',
    "tick": '<path d="M1.8 8.6 6 12.8 14.4 3.6" fill="none" stroke="currentColor" '
    'stroke-width="2.6"/>',
    "cross": '<path d="M3 3 13 13M13 3 3 13" fill="none" stroke="currentColor" '
    'stroke-width="2.6"/>',
    "hourglass": '<path d="M3 1h10v2.2L9.2 8 13 12.8V15H3v-2.2L6.8 8 3 3.2z"/>',
    "half": '<circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-width="2"/>'
    '<path d="M8 2a6 6 0 0 1 0 12z"/>',
}

STATUS = {
    "green": Marker("On target", "circle", "govuk-tag--green", "Status:"),
    "amber": Marker("Near target", "triangle", "govuk-tag--yellow", "Status:"),
    "red": Marker("Off target", "square", "govuk-tag--red", "Status:"),
    "no_target": Marker("Data only", "ring", "govuk-tag--grey", "Status:"),
    "not_reported": Marker("Not reported", "dash", "govuk-tag--grey", "Status:"),
    # Nothing published yet for a quarter whose round is still open: not late, so not grey.
    "awaiting": Marker("Awaiting publication", "hourglass", "govuk-tag--purple", "Status:"),
}
NOT_RATED = Marker("Not rated yet", "dash", "govuk-tag--grey", "Status:")
# A figure is in for the period but not yet in a state this reader sees rated.
AWAITING_VALIDATION = Marker("Awaiting validation", "hourglass", "govuk-tag--grey", "Status:")
AWAITING_PUBLICATION = Marker("Not yet published", "hourglass", "govuk-tag--grey", "Status:")

DIRECTION = {
    "improving": Marker("Improving", "arrow-up", "", "Direction of travel:"),
    "no_change": Marker("No change", "arrow-right", "", "Direction of travel:"),
    "worsening": Marker("Worsening", "arrow-down", "", "Direction of travel:"),
}
NO_DIRECTION = Marker("No comparison", "dash", "", "Direction of travel:")

EXCEPTION = {
    "over": Marker("Exception: over", "flag", "govuk-tag--blue"),
    "under": Marker("Exception: under", "flag", "govuk-tag--pink"),
}

MILESTONE = {
    "green": Marker("On track", "circle", "govuk-tag--green", "Milestone status:"),
    "amber": Marker("At risk", "triangle", "govuk-tag--yellow", "Milestone status:"),
    "red": Marker("Off track", "square", "govuk-tag--red", "Milestone status:"),
    "not_reported": Marker("Not reported", "dash", "govuk-tag--grey", "Milestone status:"),
    "awaiting": Marker(
        "Awaiting publication", "hourglass", "govuk-tag--purple", "Milestone status:"
    ),
}
MILESTONE_COMPLETE = Marker("Complete", "circle", "govuk-tag--green", "Milestone status:")
MILESTONE_OVERDUE = Marker("Overdue", "square", "govuk-tag--red", "Milestone status:")

# Statistical process control, in Making Data Count's words.
VARIATION = {
    "common_cause": Marker("Common cause variation", "ring", "govuk-tag--grey", "Variation:"),
    "special_cause_improving": Marker(
        "Special cause: improving", "diamond", "govuk-tag--blue", "Variation:"
    ),
    "special_cause_concerning": Marker(
        "Special cause: concerning", "diamond", "govuk-tag--orange", "Variation:"
    ),
    "special_cause_neutral": Marker("Special cause", "diamond", "govuk-tag--purple", "Variation:"),
}
ASSURANCE = {
    "consistently_met": Marker(
        "Consistently meets target", "tick", "govuk-tag--blue", "Assurance:"
    ),
    "consistently_failed": Marker(
        "Consistently fails target", "cross", "govuk-tag--orange", "Assurance:"
    ),
    "inconsistent": Marker("Hit and miss target", "half", "govuk-tag--grey", "Assurance:"),
}
