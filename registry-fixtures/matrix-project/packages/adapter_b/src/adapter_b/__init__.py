NAME = "adapter-b"
