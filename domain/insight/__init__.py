"""Seeing ahead: demand forecasts, reorder points, dead stock, customers, anomalies and prices.

The computations are pure (plain arrays, data frames and rows in, plain results out); the readers in
`domain.insight.books` turn a shop's books into those rows.
"""
