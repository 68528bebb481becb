"""Who the money reached: fees per county and month, and the estimated shares of them."""
