"""This context's part of the demo dataset; `samhandling demo` calls `load()`."""


def load() -> None:
    pass
