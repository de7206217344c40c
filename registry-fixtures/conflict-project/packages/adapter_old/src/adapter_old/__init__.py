NAME = "adapter-old"
