"""`python -m services.cli` runs the operator CLI."""

from services.cli.main import app

app()
