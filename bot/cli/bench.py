"""`munshi` commands: bench."""


def register(subparsers) -> None:
    pass
