"""The Facilities area: facilities and their licences, resources, maintenance windows and
qualifications."""
