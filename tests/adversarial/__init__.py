"""Adversarial trial (issue 10): hostile inputs, concurrent writers, signals, structure."""
