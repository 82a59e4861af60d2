# Models of this capability arrive with its issue.
