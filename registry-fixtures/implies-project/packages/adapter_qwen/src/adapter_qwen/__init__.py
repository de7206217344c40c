NAME = "adapter-qwen"
