"""The dashboard: what needs attention today, and the quarter's KPIs."""
