NAME = "tokenizer-b"
