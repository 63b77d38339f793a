"""`munshi` commands: serve."""


def register(subparsers) -> None:
    pass
