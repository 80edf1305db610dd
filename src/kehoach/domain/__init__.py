"""The domain: organizations, documents, tasks and deadlines (model), statuses as of a date,
Vietnamese text folding."""
