"""The procnet operator CLI: seed a demo region, issue tokens, simulate a season."""
