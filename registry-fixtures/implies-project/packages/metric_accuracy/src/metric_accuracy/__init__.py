NAME = "metric-accuracy"
