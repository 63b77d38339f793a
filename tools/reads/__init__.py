"""Tools that only read the books: stock, prices, reports, parties and GST."""
