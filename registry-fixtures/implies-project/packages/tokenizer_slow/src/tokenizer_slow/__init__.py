NAME = "tokenizer-slow"
