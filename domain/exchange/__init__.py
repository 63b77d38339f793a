"""What the shop's books give to others and take back: a full backup of one shop, Tally XML and Excel
workbooks for the accountant. Everything reads through the unit of work's repositories."""
