NAME = "adapter-new"
