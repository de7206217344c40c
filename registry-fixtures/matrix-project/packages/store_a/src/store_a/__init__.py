NAME = "store-a"
