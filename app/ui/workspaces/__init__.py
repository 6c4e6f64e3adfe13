"""One widget per writing job (product, blog, rewrite, chat); the main window switches between them."""
