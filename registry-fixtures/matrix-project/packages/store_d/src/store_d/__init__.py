NAME = "store-d"
