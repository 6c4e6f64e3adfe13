"""Translation building blocks: languages, glossaries, protected spans, output checks and memory."""
