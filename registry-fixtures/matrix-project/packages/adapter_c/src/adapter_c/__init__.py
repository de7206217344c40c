NAME = "adapter-c"
