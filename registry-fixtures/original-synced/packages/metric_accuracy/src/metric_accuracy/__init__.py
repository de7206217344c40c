NAME = "metric-accuracy"


def describe() -> str:
    return f"{NAME} ready"
