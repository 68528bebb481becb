"""Commands and events as the balancer handles them: the only code that opens a unit of work
and commits (consumer handlers run inside the inbox's transaction and never commit)."""
