"""`munshi` commands: parse."""


def register(subparsers) -> None:
    pass
