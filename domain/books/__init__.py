"""Domain use cases. Each function takes the unit of work and the shop id first, plain values after,
returns plain values (`domain.books.types`) and raises `domain.errors`. Services never commit.
"""
