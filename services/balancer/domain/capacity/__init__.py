"""Providers, seasons and calendar exceptions: what each provider can make on each day."""
