NAME = "tokenizer-d"
