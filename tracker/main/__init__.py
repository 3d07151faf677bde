"""Dashboard, health check and error pages."""
