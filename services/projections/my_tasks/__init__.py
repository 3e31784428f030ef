"""«My tasks»: what waits on the caller (issue 11 item 10), read from other models' queries."""
