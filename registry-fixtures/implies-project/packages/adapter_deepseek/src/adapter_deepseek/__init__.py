NAME = "adapter-deepseek"
