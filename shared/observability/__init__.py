"""What operators see: metrics (``procnet_*``), request ids and readiness (README "Operators")."""
