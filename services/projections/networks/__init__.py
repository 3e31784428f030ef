"""Networks of schools (002): centres, member schools by order, as of any date."""
