"""Live updates and notifications: the portal's consumer group, the notifications kept
in Redis, the sinks they go out through, and ``GET /live`` (routes/live.py)."""
