"""The Programs area: budgets and execution, milestone timeline, expenditures, KPI targets, events."""
