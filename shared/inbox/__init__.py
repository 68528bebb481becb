"""Idempotent consumers: an inbox row and the effect commit in one transaction."""
