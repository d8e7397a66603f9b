"""The performance agent: loop, async and data-frame anti-patterns found statically in Python code."""
