NAME = "metric-latency"


def describe() -> str:
    return f"{NAME} ready"
