"""Settlement: processing fees after delivery, freight, the county's awards and subsidies."""
