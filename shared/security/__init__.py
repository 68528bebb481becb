"""Who may do what on Kafka, PostgreSQL and Redis, and where each stack keeps its secrets.

``access.py`` is the one table of principals; ``secrets.py`` reads the passwords
``infra/up.sh`` generates into the state folder (never in the repository).
"""
