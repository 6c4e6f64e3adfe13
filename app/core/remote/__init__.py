"""Shared inference servers: saved endpoints, their API keys, and picking one by name or URL."""
