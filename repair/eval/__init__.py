"""Scoring the checks against hand-annotated gold sets: `repair eval`."""
