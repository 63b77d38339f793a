"""Storage: SQLAlchemy 2.0 models, repositories scoped by shop, the unit of work, migrations."""
