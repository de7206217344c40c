NAME = "metric-latency"
