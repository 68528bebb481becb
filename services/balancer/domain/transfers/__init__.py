"""The transfer saga: a transfer's states and the steps that touch its loan."""
