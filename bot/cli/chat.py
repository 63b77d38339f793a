"""`munshi chat`: the conversation in a terminal."""


def register(subparsers) -> None:
    pass
