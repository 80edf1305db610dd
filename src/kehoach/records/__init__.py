"""Reading and checking records: YAML with line and column, the schema, settings, the loader."""
