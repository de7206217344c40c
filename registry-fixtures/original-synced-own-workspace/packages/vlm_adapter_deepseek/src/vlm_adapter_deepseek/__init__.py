NAME = "vlm-adapter-deepseek"


def describe() -> str:
    return f"{NAME} ready"
