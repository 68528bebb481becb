"""Settlement's pure rules: money, the incentive policy, receivables, awards."""
