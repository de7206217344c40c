NAME = "metric-legacy"
