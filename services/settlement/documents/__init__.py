"""Documents settlement hands out: CSV and Excel tables, the printable Chinese statement."""
