"""Test helpers that stand in for real services: a loopback Hugging Face Hub with fault injection."""
