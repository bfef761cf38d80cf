"""Models of this context."""
