"""Settings: foundation name and logo, language, default time zone, closure days, user classes and rates."""
