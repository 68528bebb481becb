"""Fault and load checks against the real processes; run with ``make chaos``."""
