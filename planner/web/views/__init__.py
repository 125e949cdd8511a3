"""One module per kind of page, as Datasette's views: market, industry, customer, flags, review,
files, and the sign-in pages."""
