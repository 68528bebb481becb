"""Settlement's adapters: tables, repositories, policy files. The only SQL and file reading."""
