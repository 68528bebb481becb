"""What every service process has in common: app factory, errors, background workers."""
