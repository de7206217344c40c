NAME = "metric-a"
