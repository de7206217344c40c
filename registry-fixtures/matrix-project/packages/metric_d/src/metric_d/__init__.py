NAME = "metric-d"
