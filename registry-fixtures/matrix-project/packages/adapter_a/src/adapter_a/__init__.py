NAME = "adapter-a"
