NAME = "store-c"
