NAME = "adapter-d"
