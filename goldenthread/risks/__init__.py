"""Risk management on the golden thread: department, directorate and corporate risk registers,
each risk linked to the objectives it threatens and scored on the council's scale."""
