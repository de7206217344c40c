NAME = "metric-c"
