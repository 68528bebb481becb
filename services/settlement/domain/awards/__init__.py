"""A county's yearly awards and subsidies: the run that assesses them, and their lifecycle."""
