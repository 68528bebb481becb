"""Settlement's handlers: the only code that opens a unit of work and commits."""
