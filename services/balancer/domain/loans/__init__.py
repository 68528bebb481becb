"""Capacity loans and the lender days they (and opted-in receivers) give the planner."""
