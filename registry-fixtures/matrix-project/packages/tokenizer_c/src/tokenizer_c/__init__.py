NAME = "tokenizer-c"
