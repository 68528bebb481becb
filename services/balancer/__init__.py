"""Seasonal load balancer: keeps deliveries on time when workers leave in busy seasons."""
