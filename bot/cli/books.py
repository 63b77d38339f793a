"""`munshi` commands: books."""


def register(subparsers) -> None:
    pass
