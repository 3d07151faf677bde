"""TechTAS quota applications, allotments and their positions."""
