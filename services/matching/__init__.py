"""Matching service: places client orders with processing enterprises."""
