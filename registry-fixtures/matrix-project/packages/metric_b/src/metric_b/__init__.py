NAME = "metric-b"
