"""The personas (secretary, reader, personas …) come from samhandling/conftest.py."""
