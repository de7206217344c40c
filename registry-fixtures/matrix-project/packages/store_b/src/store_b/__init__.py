NAME = "store-b"
