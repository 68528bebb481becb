"""Fulfilment's pure domain: the materials ledger, consignments, inspections and rework."""
