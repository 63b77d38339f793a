"""Tools that change the books: vouchers, the catalog, parties, users, reminders and bills."""
