"""Fees after delivery: receivables, payments, freight, aging and statements."""
