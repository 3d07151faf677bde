"""A calendar feed per user (issue 18): the tracker's dates as an ICS feed at a secret URL."""
