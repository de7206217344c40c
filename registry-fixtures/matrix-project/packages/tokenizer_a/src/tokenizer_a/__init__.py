NAME = "tokenizer-a"
