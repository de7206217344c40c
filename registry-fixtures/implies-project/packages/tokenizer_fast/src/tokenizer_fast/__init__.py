NAME = "tokenizer-fast"
