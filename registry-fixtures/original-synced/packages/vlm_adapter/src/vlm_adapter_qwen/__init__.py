NAME = "vlm-adapter-qwen"


def describe() -> str:
    return f"{NAME} ready"
