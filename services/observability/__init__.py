"""What an operator watches: Prometheus metrics (metrics.py, collectors.py) and traces (tracing.py)."""
