"""Jobs and the load they put on providers: the view, EDF projection, pace and weekly load."""
